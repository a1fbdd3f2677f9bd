package dev.sanet.core.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import com.google.gson.JsonObject;
import dev.sanet.core.data.Resolution;
import dev.sanet.core.nn.BackboneClassifier;
import dev.sanet.core.nn.EfficientNet;
import dev.sanet.core.nn.EfficientNetConvention;
import dev.sanet.core.nn.ResNetV1s;
import dev.sanet.core.nn.SegmentationBackbone;
import dev.sanet.core.nn.Stem;
import dev.sanet.core.settings.SettingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Pretrains a {@link ResNetV1s} or an {@link EfficientNet} backbone as an image classifier ({@link
 * BackboneClassifier}: the family's ImageNet head on the last stage), the way ImageNet weights are
 * made, and writes the backbone in the layout {@code --pretrained} ({@link
 * dev.sanet.core.nn.PretrainedWeights#load}, {@link dev.sanet.core.nn.EfficientNetWeights#load})
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
 * (batch-norm running statistics included) and the head, which an import skips, under the names of
 * the family's ImageNet files. A ResNet's are sanet's stable names, torchvision's for the 7x7 stem
 * and timm's for the deep stems, with the classifier as {@code fc.weight} (K, C) and {@code
 * fc.bias} (K). An EfficientNet's are torchvision's ({@code features.*}, the head {@code
 * features.8.*} and {@code classifier.1.*}) for {@link EfficientNetConvention#TORCHVISION}, timm's
 * ({@code conv_stem.*}, {@code blocks.*}, {@code conv_head.*}, {@code bn2.*}, {@code classifier.*})
 * for the other conventions. {@code train --pretrained RUN/backbone.safetensors} then recognises
 * the format from the names.
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
     * @param backboneTensors the backbone tensors written (without the head's)
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

    private final SegmentationBackbone backbone;
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
     * Starts a builder for an EfficientNet, trained with its ImageNet head ({@link
     * dev.sanet.core.nn.EfficientNetClassifierHead}).
     *
     * @param backbone a fresh, uninitialised backbone (output stride 32 is the ImageNet setting)
     * @param numClasses K, the classes of the image folder, &gt;= 2
     * @param outputDir the run folder
     * @return the builder
     */
    public static Builder builder(EfficientNet backbone, int numClasses, Path outputDir) {
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
     * The format name of an EfficientNet's file: {@code torchvision} for torchvision's conventions,
     * {@code timm} for timm's and TensorFlow's.
     *
     * @param backbone the backbone
     * @return the format's command-line name
     */
    public static String formatOf(EfficientNet backbone) {
        return backbone.convention() == EfficientNetConvention.TORCHVISION ? "torchvision" : "timm";
    }

    /**
     * The format name of this run's file, as {@code --pretrained-format} takes it.
     *
     * @return {@code torchvision} or {@code timm} (see {@code formatOf})
     */
    public String format() {
        return format(backbone);
    }

    /**
     * What the backbone is, as the run's checkpoints and file record it.
     *
     * @return e.g. {@code EfficientNet-B0 (torchvision conventions)} or the ResNet layout's
     *     description
     */
    public String backboneDescription() {
        return describe(backbone);
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
        BackboneClassifier net =
                backbone instanceof EfficientNet e
                        ? new BackboneClassifier(e, numClasses)
                        : new BackboneClassifier((ResNetV1s) backbone, numClasses);
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
                            new PretrainingTask(net, model, validation, config()),
                            new StopSignal());
            Shape input = loop.initialize();
            RunState run = loop.run(train, input, false, start);
            Path file = outputDir.resolve(BACKBONE);
            int tensors = PretrainingFiles.writeBackbone(net, file);
            return new Result(
                    file, PretrainingFiles.epochs(run.history()), run.startEpoch() + 1, tensors);
        }
    }

    /** The run's settings, as its checkpoints store them. */
    private JsonObject config() {
        JsonObject config = new JsonObject();
        config.addProperty("task", "pretrain");
        config.addProperty("layout", describe(backbone));
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
        return config;
    }

    /** What a backbone is, for the checkpoints and the written file's metadata. */
    static String describe(SegmentationBackbone backbone) {
        return backbone instanceof EfficientNet e
                ? "EfficientNet-" + e.scale() + " (" + e.convention().cliName() + " conventions)"
                : ((ResNetV1s) backbone).layout().describe();
    }

    /** The format name of a backbone's file, as {@code formatOf}. */
    static String format(SegmentationBackbone backbone) {
        return backbone instanceof EfficientNet e ? formatOf(e) : formatOf((ResNetV1s) backbone);
    }

    /** Collects and validates a pretraining run's settings. */
    public static final class Builder {
        private final SegmentationBackbone backbone;
        private final int numClasses;
        private final Path outputDir;
        private Recipe recipe = Recipe.pretraining();
        private boolean resume;
        private @Nullable String engine;
        private @Nullable Device device;
        private TrainingProgress progress = TrainingProgress.NONE;
        private int threads = 1;
        private int keepCheckpoints;

        private Builder(SegmentationBackbone backbone, int numClasses, Path outputDir) {
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
