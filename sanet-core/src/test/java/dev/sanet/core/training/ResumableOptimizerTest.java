package dev.sanet.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.sanet.core.Engines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The optimizer follows DJL 0.36's own {@code Sgd} and {@code Adam} update rules (weight decay,
 * momentum, bias correction) on both engines, and its state survives a save and a load.
 */
class ResumableOptimizerTest {

    private static final float LR = 0.05f;
    private static final float WD = 0.01f;

    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void sgdWithMomentumMatchesDjl(String engine) {
        Optimizer djl =
                Optimizer.sgd()
                        .setLearningRateTracker(Tracker.fixed(LR))
                        .optMomentum(0.9f)
                        .optWeightDecays(WD)
                        .build();
        compare(engine, djl, OptimizerKind.SGD, 0.9);
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void plainSgdMatchesDjl(String engine) {
        Optimizer djl =
                Optimizer.sgd()
                        .setLearningRateTracker(Tracker.fixed(LR))
                        .optWeightDecays(WD)
                        .build();
        compare(engine, djl, OptimizerKind.SGD, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void adamMatchesDjl(String engine) {
        Optimizer djl =
                Optimizer.adam()
                        .optLearningRateTracker(Tracker.fixed(LR))
                        .optWeightDecays(WD)
                        .build();
        compare(engine, djl, OptimizerKind.ADAM, 0);
    }

    /** Four updates with different gradients; both optimizers must move the weights alike. */
    private static void compare(String engine, Optimizer djl, OptimizerKind kind, double momentum) {
        try (NDManager nd = NDManager.newBaseManager(Device.cpu(), engine)) {
            nd.getEngine().setRandomSeed(3);
            NDArray start = nd.randomNormal(new Shape(4, 5));
            NDArray theirs = start.duplicate();
            NDArray ours = start.duplicate();
            PolySchedule constant = new PolySchedule(LR, 100, 0, 1, Set.of());
            ResumableOptimizer mine = new ResumableOptimizer(nd, kind, constant, momentum, WD);
            for (int t = 0; t < 4; t++) {
                NDArray grad = nd.randomNormal(new Shape(4, 5)).mul(t + 1);
                constant.setIteration(t);
                djl.update("w", theirs, grad.duplicate());
                mine.update("w", ours, grad.duplicate());
            }
            float[] a = theirs.toFloatArray();
            float[] b = ours.toFloatArray();
            float[] s = start.toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-6f * Math.max(1, Math.abs(a[i])), "element " + i);
                assertTrue(Math.abs(a[i] - s[i]) > 1e-4, "the weights moved");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void stateSurvivesSaveAndLoadByStableName(String engine) throws IOException {
        for (OptimizerKind kind : OptimizerKind.values()) {
            try (NDManager nd = NDManager.newBaseManager(Device.cpu(), engine)) {
                nd.getEngine().setRandomSeed(4);
                Block block = net();
                block.initialize(nd, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 3));
                PolySchedule schedule = new PolySchedule(LR, 100, 0.9, 10, Set.of());
                ResumableOptimizer saved = new ResumableOptimizer(nd, kind, schedule, 0.9, WD);
                // Two updates of every parameter give non-trivial state.
                List<Parameter> params =
                        block.getParameters().values().stream()
                                .filter(Parameter::requiresGradient)
                                .toList();
                for (int t = 0; t < 2; t++) {
                    schedule.setIteration(t);
                    for (Parameter p : params) {
                        NDArray w = p.getArray();
                        saved.update(p.getId(), w, nd.randomNormal(w.getShape()));
                    }
                }
                Path file = tmp.resolve(engine + "-" + kind + ".safetensors");
                saved.save(block, file);

                // A second optimizer restored from the file takes the same next step.
                ResumableOptimizer restored = new ResumableOptimizer(nd, kind, schedule, 0.9, WD);
                assertTrue(restored.load(block, file));
                schedule.setIteration(2);
                for (Parameter p : params) {
                    NDArray g = nd.randomNormal(p.getArray().getShape());
                    NDArray a = p.getArray().duplicate();
                    NDArray b = p.getArray().duplicate();
                    saved.update(p.getId(), a, g);
                    restored.update(p.getId(), b, g);
                    float[] x = a.toFloatArray();
                    float[] y = b.toFloatArray();
                    for (int i = 0; i < x.length; i++) {
                        assertEquals(x[i], y[i], 1e-7f, kind + " " + p.getName());
                    }
                }
                OptimizerKind other =
                        kind == OptimizerKind.SGD ? OptimizerKind.ADAM : OptimizerKind.SGD;
                assertFalse(
                        new ResumableOptimizer(nd, other, schedule, 0.9, WD).load(block, file),
                        "another optimizer's state is not loaded");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET})
    void stateOfAnotherNetworkIsRefusedNamingTheTensor(String engine) throws IOException {
        try (NDManager nd = NDManager.newBaseManager(Device.cpu(), engine)) {
            Block small = net();
            small.initialize(nd, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 3));
            PolySchedule schedule = new PolySchedule(LR, 100, 0.9, 10, Set.of());
            ResumableOptimizer opt =
                    new ResumableOptimizer(nd, OptimizerKind.SGD, schedule, 0.9, WD);
            for (Parameter p : small.getParameters().values()) {
                opt.update(p.getId(), p.getArray(), p.getArray().onesLike());
            }
            Path file = tmp.resolve("small.safetensors");
            opt.save(small, file);
            Block wide =
                    new SequentialBlock()
                            .add(Linear.builder().setUnits(7).build())
                            .add(Linear.builder().setUnits(2).build());
            wide.initialize(nd, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 3));
            IOException e =
                    assertThrows(
                            IOException.class,
                            () ->
                                    new ResumableOptimizer(nd, OptimizerKind.SGD, schedule, 0.9, WD)
                                            .load(wide, file));
            // Tensors are read in name order: the first layer's bias is the first misfit.
            assertTrue(e.getMessage().contains("'momentum.0.bias' has shape (4)"), e.getMessage());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
    }

    private static Block net() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(4).build())
                .add(Linear.builder().setUnits(2).build());
    }
}
