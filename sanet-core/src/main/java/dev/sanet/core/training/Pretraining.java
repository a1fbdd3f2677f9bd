package dev.sanet.core.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import com.google.gson.JsonObject;
import dev.sanet.core.data.Resolution;
import dev.sanet.core.nn.BackboneClassifier;
import dev.sanet.core.nn.ResNetV1s;
import dev.sanet.core.nn.Stem;
import dev.sanet.core.settings.SettingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Pretrains a {@link ResNetV1s} backbone as an image classifier ({@link BackboneClassifier}: global
 * average pooling and a dense layer on stage 4), the way ImageNet weights are made, and writes the
 * backbone in the layout {@code --pretrained} ({@link dev.sanet.core.nn.PretrainedWeights#load})
 * reads.
 *
 * <p>It runs the segmentation trainer's loop ({@code TrainingLoop}) with a classification loss and
 * a {@link Recipe} ({@link Recipe#pretraining()} by default): the optimizer whose state the
 * checkpoints hold ({@code ResumableOptimizer}), a cosine or poly schedule over the run's
 * iterations ({@link Schedule}, one rate for every parameter), softmax cross-entropy on the class
 * index, a {@link Checkpoint} (parameters, optimizer state, history) after every epoch, exact
 * resume from the newest one at an epoch boundary, every step inside its batch's sub-manager, seeds
 * from {@code RunSeeds} and progress through a {@link TrainingProgress} (its {@code terms} carry
 * {@code loss} and {@code top1}).
 *
 * <p>Writes into the output folder, each file atomically: {@code checkpoints/epoch-NNNN/} per
 * epoch, {@value #METRICS} (the per-epoch mean loss, training top-1 accuracy, learning rate and
 * seconds) after every epoch, and at the end {@value #BACKBONE}: every backbone parameter
 * (batch-norm running statistics included) under sanet's stable names, which are torchvision's
 * names for the 7x7 stem and timm's for the deep stems, plus the classifier as {@code fc.weight}
 * (K, C) and {@code fc.bias} (K), which an import skips. {@code train --pretrained
 * RUN/backbone.safetensors} then recognises the format from the names.
 *
 * <pre>{@code
 * Pretraining.Result r = Pretraining.builder(ResNetV1s.builder().depth(18).outputStride(32).build(),
 *                 classes, Path.of("runs/pretrain"))
 *         .recipe(Recipe.pretraining().toBuilder().batchSize(256).build()).build()
 *         .run(trainSet);
 * }</pre>
 */
public final class Pretraining {

    /** The backbone weights file written at the end of a run. */
    public static final String BACKBONE = "backbone.safetensors";

    /** The term of an epoch's record holding the validation top-1. */
    private static final String VAL_TOP1 = "valTop1";

    /** The per-epoch metrics file. */
    public static final String METRICS = "metrics.json";

    /**
     * What one epoch did.
     *
     * @param epoch the 1-based epoch
     * @param iteration the global iteration count at its end
     * @param learningRate the rate of its last step
     * @param loss the mean softmax cross-entropy over its images
     * @param top1 the fraction of its training images whose highest score was the right class
     * @param seconds wall-clock seconds since the run (or the resumed run) started
     * @param valTop1 the fraction of the validation images classified right after the epoch, NaN
     *     without a validation folder
     */
    public record Epoch(
            int epoch,
            long iteration,
            double learningRate,
            double loss,
            double top1,
            double seconds,
            double valTop1) {}

    /**
     * What a run did.
     *
     * @param backboneFile the written {@value #BACKBONE}
     * @param history every epoch of the run, resumed ones included, in order
     * @param startEpoch the first epoch this call trained (1 for a fresh run)
     * @param backboneTensors the backbone tensors written (without {@code fc.*})
     */
    public record Result(
            Path backboneFile, List<Epoch> history, int startEpoch, int backboneTensors) {

        /**
         * Copies the history.
         *
         * @param backboneFile the written weights file
         * @param history every epoch
         * @param startEpoch the first epoch this call trained
         * @param backboneTensors the backbone tensors written
         */
        public Result {
            history = List.copyOf(history);
        }
    }

    private final ResNetV1s backbone;
    private final int numClasses;
    private final Path outputDir;
    private final Recipe recipe;
    private final boolean resume;
    private final String engine;
    private final Device device;
    private final TrainingProgress progress;
    private final int threads;
    private final int keepCheckpoints;

    private Pretraining(Builder b) {
        this.backbone = b.backbone;
        this.numClasses = b.numClasses;
        this.outputDir = b.outputDir;
        this.recipe = b.recipe;
        this.resume = b.resume;
        this.engine = b.engine != null ? b.engine : Engine.getDefaultEngineName();
        this.device = b.device != null ? b.device : Device.cpu();
        this.progress = b.progress;
        this.threads = b.threads;
        this.keepCheckpoints = b.keepCheckpoints;
    }

    /**
     * Starts a builder.
     *
     * @param backbone a fresh, uninitialised backbone (output stride 32 is the ImageNet setting;
     *     the weights fit any output stride, dilation having no parameters)
     * @param numClasses K, the classes of the image folder, &gt;= 2
     * @param outputDir the run folder
     * @return the builder
     */
    public static Builder builder(ResNetV1s backbone, int numClasses, Path outputDir) {
        return new Builder(backbone, numClasses, outputDir);
    }

    /**
     * The format name {@code --pretrained-format} would use for this backbone's file: {@code
     * torchvision} for the 7x7 stem with strided shortcuts, {@code timm} otherwise.
     *
     * @param backbone the backbone
     * @return the format's command-line name
     */
    public static String formatOf(ResNetV1s backbone) {
        return backbone.stem() == Stem.STANDARD && !backbone.avgDown() ? "torchvision" : "timm";
    }

    /**
     * Trains the classifier and writes the backbone.
     *
     * @param train the image folder: (N, 3, S, S) float images (S the recipe's crop size) and class
     *     indices (N) or (N, 1), batched with the recipe's batch size
     * @return the run's history and output file
     * @throws IOException when the data or the outputs cannot be read or written, or a resumed
     *     checkpoint does not fit the network
     * @throws TrainingDivergedException when the loss becomes NaN or infinite
     */
    public Result run(RandomAccessDataset train) throws IOException {
        return run(train, null);
    }

    /**
     * Pretrains, scoring a held-out folder after every epoch ({@link Epoch#valTop1()}).
     *
     * @param train the image folder, as for {@link #run(RandomAccessDataset)}
     * @param validation the held-out images, batched likewise, or null for none
     * @return the run's history and output file
     * @throws IOException as {@link #run(RandomAccessDataset)}
     * @throws TrainingDivergedException when the loss becomes NaN or infinite
     */
    public Result run(RandomAccessDataset train, @Nullable RandomAccessDataset validation)
            throws IOException {
        long start = System.nanoTime();
        BackboneClassifier net = new BackboneClassifier(backbone, numClasses);
        try (Model model = Model.newInstance("sanet-pretrain", device, engine)) {
            model.setBlock(net);
            ClassificationObjective objective = new ClassificationObjective();
            // One rate for every parameter (no backbone child to tell from a head), the epoch's
            // loss and accuracy as means over images, no validation, no time budget, and an
            // interrupt ends the JVM as it always did.
            TrainingLoop loop =
                    new TrainingLoop(
                            new TrainingLoop.Settings(
                                    model,
                                    net,
                                    null,
                                    engine,
                                    List.of(device),
                                    recipe,
                                    objective,
                                    objective.loss(),
                                    1,
                                    1,
                                    Double.POSITIVE_INFINITY,
                                    outputDir,
                                    keepCheckpoints,
                                    resume,
                                    true,
                                    threads,
                                    progress),
                            new Classification(net, model, validation),
                            new StopSignal());
            Shape input = loop.initialize();
            RunState run = loop.run(train, input, false, start);
            Path file = outputDir.resolve(BACKBONE);
            int tensors = PretrainingFiles.writeBackbone(net, file);
            return new Result(file, epochs(run.history()), run.startEpoch() + 1, tensors);
        }
    }

    /** Pretraining's part of the loop: its checkpoint state and {@value #METRICS}. */
    private final class Classification implements LoopTask {

        private final BackboneClassifier net;
        private final Model model;
        private final @Nullable RandomAccessDataset validation;

        Classification(
                BackboneClassifier net, Model model, @Nullable RandomAccessDataset validation) {
            this.net = net;
            this.model = model;
            this.validation = validation;
        }

        @Override
        public EpochRecord finishEpoch(EpochRecord trained, boolean validationDue) {
            if (validation == null) {
                return trained; // the training top-1 is among the record's terms
            }
            double top1;
            try {
                top1 = Top1.of(net, model.getNDManager(), validation);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Map<String, Double> terms = new java.util.LinkedHashMap<>(trained.terms());
            terms.put(VAL_TOP1, top1);
            return new EpochRecord(
                    trained.epoch(),
                    trained.iteration(),
                    trained.learningRate(),
                    trained.loss(),
                    terms,
                    trained.pixAcc(),
                    trained.mIoU(),
                    trained.mIoUAllClasses(),
                    trained.perClassIoU(),
                    trained.seconds());
        }

        @Override
        public JsonObject checkpointState(List<EpochRecord> history) {
            return state(epochs(history));
        }

        @Override
        public List<EpochRecord> readHistory(JsonObject state) {
            List<EpochRecord> out = new ArrayList<>();
            for (Epoch e : PretrainingFiles.readHistory(state)) {
                out.add(
                        new EpochRecord(
                                e.epoch(),
                                e.iteration(),
                                e.learningRate(),
                                e.loss(),
                                Map.of("top1", e.top1(), VAL_TOP1, e.valTop1()),
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                null,
                                e.seconds()));
            }
            return out;
        }

        @Override
        public void writeReports(Path dir, List<EpochRecord> history) throws IOException {
            PretrainingFiles.writeMetrics(dir.resolve(METRICS), epochs(history));
        }
    }

    private static List<Epoch> epochs(List<EpochRecord> history) {
        List<Epoch> out = new ArrayList<>();
        for (EpochRecord r : history) {
            out.add(
                    new Epoch(
                            r.epoch(),
                            r.iteration(),
                            r.learningRate(),
                            r.loss(),
                            r.terms().getOrDefault("top1", Double.NaN),
                            r.seconds(),
                            r.terms().getOrDefault(VAL_TOP1, Double.NaN)));
        }
        return out;
    }

    private JsonObject state(List<Epoch> history) {
        JsonObject config = new JsonObject();
        config.addProperty("task", "pretrain");
        config.addProperty("layout", backbone.layout().describe());
        config.addProperty("classes", numClasses);
        config.addProperty("epochs", recipe.epochs());
        config.addProperty("batchSize", recipe.batchSize());
        config.addProperty("imageSize", recipe.resolution().cropSize());
        config.addProperty("learningRate", recipe.learningRate());
        config.addProperty("schedule", recipe.schedule().cliName());
        config.addProperty("momentum", recipe.momentum());
        config.addProperty("weightDecay", recipe.weightDecay());
        config.addProperty("seed", recipe.seed());
        config.addProperty("engine", engine);
        return PretrainingFiles.state(config, history);
    }

    /** Collects and validates a pretraining run's settings. */
    public static final class Builder {
        private final ResNetV1s backbone;
        private final int numClasses;
        private final Path outputDir;
        private Recipe recipe = Recipe.pretraining();
        private boolean resume;
        private @Nullable String engine;
        private @Nullable Device device;
        private TrainingProgress progress = TrainingProgress.NONE;
        private int threads = 1;
        private int keepCheckpoints;

        private Builder(ResNetV1s backbone, int numClasses, Path outputDir) {
            this.backbone = Objects.requireNonNull(backbone, "backbone");
            this.numClasses = numClasses;
            this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
        }

        /**
         * Sets how the classifier trains (default {@link Recipe#pretraining()}, ImageNet's): the
         * optimizer and its rates, the schedule, epochs, batch size (the dataset must batch with
         * it), the image side (the resolution's crop size, at least 32) and the seed. The head
         * multiplier does not apply: every parameter trains at one rate.
         *
         * @param recipe the recipe
         * @return this builder
         */
        public Builder recipe(Recipe recipe) {
            this.recipe = Objects.requireNonNull(recipe, "recipe");
            return this;
        }

        /**
         * Continues from the newest checkpoint in the output folder, when there is one.
         *
         * @param resume whether to resume (default false)
         * @return this builder
         */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * Sets the engine.
         *
         * @param engine {@code MXNet} or {@code PyTorch} (default: DJL's default engine)
         * @return this builder
         */
        public Builder engine(String engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * Sets the device.
         *
         * @param device the device (default: the CPU)
         * @return this builder
         */
        public Builder device(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /**
         * Sets the data-loader threads.
         *
         * @param threads &gt;= 1 (default 1: images are read on the training thread)
         * @return this builder
         */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Keeps the newest {@code n} checkpoints, the one resuming needs (default 0: all).
         *
         * @param n 1 or more, or 0 for all
         * @return this builder
         */
        public Builder keepCheckpoints(int n) {
            this.keepCheckpoints = n;
            return this;
        }

        /**
         * Sets the progress listener.
         *
         * @param progress the listener (default: none), e.g. {@link TrainingProgress#stderr()}
         * @return this builder
         */
        public Builder progress(TrainingProgress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * Validates the settings.
         *
         * @return the run
         * @throws SettingException naming the first setting out of range
         */
        public Pretraining build() {
            SettingException.checkRange("numClasses", numClasses, 2, Integer.MAX_VALUE);
            SettingException.checkRange("threads", threads, 1, Integer.MAX_VALUE);
            SettingException.checkRange("keepCheckpoints", keepCheckpoints, 0, Integer.MAX_VALUE);
            SettingException.checkRange(
                    "cropSize", recipe.resolution().cropSize(), 32, Resolution.MAX_SIDE);
            return new Pretraining(this);
        }
    }
}
