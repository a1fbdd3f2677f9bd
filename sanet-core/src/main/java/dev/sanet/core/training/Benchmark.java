package dev.sanet.core.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetBlock;
import dev.sanet.core.nn.BatchNorm2d;
import dev.sanet.core.settings.SettingException;
import java.lang.reflect.InvocationTargetException;
import java.util.Objects;

/**
 * Times the library's own training step on random data: the {@link BatchStep} the trainer runs
 * (forward, the definition's {@link SANetLoss}, backward), the optimizer update of the paper's
 * recipe (SGD, momentum 0.9, weight decay 1e-4, the head at 10x; a constant rate, which costs what
 * a scheduled one does) and batch-norm settling. Each step runs in its own sub-manager, closed
 * after it, so only parameters and optimizer state outlive it and memory stays flat. What {@code
 * sanet bench --mode train} reports.
 *
 * <pre>{@code
 * try (Benchmark b = Benchmark.training(definition, 2, 480, "MXNet", Benchmark.Phases.NONE)) {
 *     double ms = b.step();
 * }
 * }</pre>
 */
public final class Benchmark implements AutoCloseable {

    /** Receives the phases of each step, e.g. to read the peak memory of each. */
    @FunctionalInterface
    public interface Phases {

        /** Ignores every phase. */
        Phases NONE = phase -> {};

        /**
         * Called when a step reaches a phase, after the engine finished the work before it: {@code
         * start} (random inputs made), {@code forward+loss}, {@code backward} and {@code update}.
         *
         * @param phase the phase's name
         */
        void reached(String phase);
    }

    private final Model model;
    private final SANetBlock block;
    private final Trainer trainer;
    private final BatchStep step;
    private final Phases phases;
    private final Shape input;
    private final Shape labelShape;
    private final int numClasses;

    private Benchmark(SANet definition, int batch, int size, String engine, Phases phases) {
        this.phases = phases;
        this.numClasses = definition.numClasses();
        this.input = new Shape(batch, 3, size, size);
        this.labelShape = new Shape(batch, size, size);
        this.model = Model.newInstance("sanet-bench", Device.cpu(), engine);
        try {
            this.block = definition.newBlock();
            model.setBlock(block);
            SANetLoss loss = SANetLoss.of(definition);
            Recipe recipe = Recipe.segmentation();
            ResumableOptimizer optimizer =
                    new ResumableOptimizer(
                            model.getNDManager(),
                            recipe.optimizer(),
                            Schedule.poly(0)
                                    .create(
                                            recipe.learningRate(),
                                            1,
                                            recipe.headMultiplier(),
                                            TrainingLoop.headParameterIds(block, block.backbone())),
                            recipe.momentum(),
                            recipe.weightDecay());
            this.trainer =
                    model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(optimizer));
            trainer.initialize(input);
            this.step =
                    new BatchStep(
                            loss,
                            1,
                            total -> {
                                total.getFloat(); // waits for the forward pass
                                phases.reached("forward+loss");
                            });
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Prepares a training benchmark: a fresh block of the definition, initialised, with its
     * optimizer.
     *
     * @param definition the network
     * @param batch images per step, &gt;= 1
     * @param size the square input side, 8..4096
     * @param engine the engine's name
     * @param phases receives each step's phases
     * @return the benchmark; close it
     * @throws SettingException naming {@code batch} or {@code size} when out of range
     */
    public static Benchmark training(
            SANet definition, int batch, int size, String engine, Phases phases) {
        SettingException.checkRange("batch", batch, 1, Integer.MAX_VALUE);
        SettingException.checkRange("size", size, 8, 4096);
        return new Benchmark(
                Objects.requireNonNull(definition, "definition"),
                batch,
                size,
                engine,
                Objects.requireNonNull(phases, "phases"));
    }

    /**
     * Runs one training step on random images and labels and waits for the engine to finish it.
     *
     * @return the step's wall time in milliseconds, random inputs included
     */
    public double step() {
        try (NDManager sub = trainer.getManager().newSubManager()) {
            long t0 = System.nanoTime();
            NDArray x = sub.randomNormal(input);
            NDArray labels =
                    sub.randomInteger(0, numClasses, labelShape, DataType.INT32)
                            .toType(DataType.FLOAT32, false);
            Batch batch =
                    new Batch(
                            sub,
                            new NDList(x),
                            new NDList(labels),
                            (int) input.get(0),
                            Batchifier.STACK,
                            Batchifier.STACK,
                            0,
                            0);
            phases.reached("start");
            step.run(trainer, batch);
            waitAll();
            phases.reached("backward");
            trainer.step();
            BatchNorm2d.settleAll(block);
            waitAll(); // the update is asynchronous too on MXNet
            phases.reached("update");
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    /**
     * The trainer's manager, under which each step's sub-manager lives.
     *
     * @return the manager
     */
    public NDManager manager() {
        return trainer.getManager();
    }

    /**
     * Waits until the engine has finished every queued operation. MXNet runs asynchronously; its
     * {@code MXNDArrayWaitAll} is the cheap way (reading a value of each parameter instead would
     * reorder every MKL-DNN weight to the plain layout, measured at 18% of a step). The MXNet
     * engine is a runtime dependency of this module, hence the reflective call. PyTorch on the CPU
     * runs synchronously.
     */
    private void waitAll() {
        if (!"MXNet".equals(trainer.getManager().getEngine().getEngineName())) {
            return;
        }
        try {
            Class.forName("ai.djl.mxnet.jna.JnaUtils").getMethod("waitAll").invoke(null);
        } catch (ClassNotFoundException
                | NoSuchMethodException
                | IllegalAccessException
                | InvocationTargetException e) {
            throw new IllegalStateException("cannot wait for the MXNet engine", e);
        }
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
