package dev.sanet.core.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sanet.core.Engines;
import dev.sanet.core.SANet;
import dev.sanet.core.data.EpochSeeded;
import dev.sanet.core.nn.PretrainedFormat;
import dev.sanet.core.nn.PretrainedWeights;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, validated training configuration: the network, the recipe (SANET_SPEC.md section 4,
 * PyTorch-Encoding's), the run's seed, devices and outputs. {@link SANetTrainer} trains with it and
 * {@link Training#run} trains and then writes the model directory.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder(definition)   // the loss: SANetLoss.of(definition)
 *         .classes(names).sampleShape(3, 480, 480).outputDir(Path.of("runs/context59"))
 *         .build();                                           // throws naming the bad value
 * }</pre>
 *
 * <p>Defaults, the paper's recipe: SGD with momentum 0.9 and weight decay 1e-4, learning rate 0.001
 * (batch 16), poly schedule with power 0.9 over the whole run, the head at 10x the backbone's rate,
 * 80 epochs of batch 16 on 480x480 crops; seed 42, the CPU, the default engine ({@link
 * Engines#defaultEngine()}), no output folder (nothing written), no time budget.
 *
 * <p>The network is either a {@link SANet} definition (the trainer builds a fresh block for each
 * run; the loss is the definition's, {@link SANetLoss#of(SANet)}, and alpha and beta have the
 * definition as their one owner) or any block with its backbone child ({@link #builder(Block,
 * Block)}), trained in place. The class names and colours, the base size and the model folder are
 * what {@link Training#run} writes into the model directory.
 */
public final class TrainingConfig {

    private final @Nullable SANet definition;
    private final @Nullable Block block;
    private final @Nullable Block backbone;
    private final SANetLoss loss;
    private final Function<NDList, NDArray> prediction;
    private final List<String> classNames;
    private final int @Nullable [] colors;
    private final String engine;
    private final List<Device> devices;
    private final int microBatches;
    private final int validateEvery;
    private final Shape sampleShape;
    private final int baseSize;
    private final int epochs;
    private final int batchSize;
    private final OptimizerKind optimizer;
    private final double learningRate;
    private final double momentum;
    private final double weightDecay;
    private final double power;
    private final double headMultiplier;
    private final long seed;
    private final @Nullable Path outputDir;
    private final @Nullable Path modelDir;
    private final boolean resume;
    private final @Nullable Path pretrained;
    private final @Nullable PretrainedFormat pretrainedFormat;
    private final double maxSeconds;
    private final String title;
    private final JsonObject metadata;
    private final TrainingProgress progress;

    private TrainingConfig(Builder b, String engine, SANetLoss loss) {
        this.definition = b.definition;
        this.block = b.block;
        this.backbone = b.backbone;
        this.loss = loss;
        this.prediction = b.prediction;
        this.classNames = List.copyOf(b.classNames);
        this.colors = b.colors == null ? null : b.colors.clone();
        this.engine = engine;
        this.devices = List.copyOf(b.devices);
        this.microBatches = b.microBatches;
        this.validateEvery = b.validateEvery;
        this.sampleShape = new Shape(b.channels, b.height, b.width);
        this.baseSize = b.baseSize != null ? b.baseSize : b.height;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.optimizer = b.optimizer;
        this.learningRate = b.learningRate;
        this.momentum = b.momentum;
        this.weightDecay = b.weightDecay;
        this.power = b.power;
        this.headMultiplier = b.headMultiplier;
        this.seed = b.seed;
        this.outputDir = b.outputDir;
        this.modelDir =
                b.modelDir != null
                        ? b.modelDir
                        : b.outputDir == null ? null : b.outputDir.resolve("model");
        this.resume = b.resume;
        this.pretrained = b.pretrained;
        this.pretrainedFormat = b.pretrainedFormat;
        this.maxSeconds = b.maxSeconds;
        this.title = b.title;
        this.metadata = b.metadata.deepCopy();
        this.progress = b.progress;
    }

    /**
     * Starts a configuration for a SANet definition (or one of its baselines): each run trains a
     * fresh block of it, its backbone at the base rate, with the definition's loss and its
     * prediction output for validation.
     *
     * @param definition the architecture
     * @return a builder with the paper's recipe as defaults
     */
    public static Builder builder(SANet definition) {
        Builder b = new Builder();
        b.definition = Objects.requireNonNull(definition, "definition");
        b.prediction = definition::predictionLogits;
        return b;
    }

    /**
     * Starts a configuration for any block. The block is trained in place (one trainer at a time);
     * its output 0 is the prediction and the loss is {@link SANetLoss}'s default unless set.
     *
     * @param block an uninitialised block taking {@code (N, 3, H, W)} images
     * @param backbone its child whose parameters train at the base rate, everything else at the
     *     head multiplier; null to train every parameter at the base rate
     * @return a builder with the paper's recipe as defaults
     */
    public static Builder builder(Block block, @Nullable Block backbone) {
        Builder b = new Builder();
        b.block = Objects.requireNonNull(block, "block");
        b.backbone = backbone;
        return b;
    }

    /**
     * A builder holding this configuration's settings, to derive a modified copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.definition = definition;
        b.block = block;
        b.backbone = backbone;
        b.loss = loss;
        b.prediction = prediction;
        b.classNames = classNames;
        b.colors = colors == null ? null : colors.clone();
        b.engine = engine;
        b.devices = devices;
        b.microBatches = microBatches;
        b.validateEvery = validateEvery;
        b.channels = (int) sampleShape.get(0);
        b.height = (int) sampleShape.get(1);
        b.width = (int) sampleShape.get(2);
        b.baseSize = baseSize;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.optimizer = optimizer;
        b.learningRate = learningRate;
        b.momentum = momentum;
        b.weightDecay = weightDecay;
        b.power = power;
        b.headMultiplier = headMultiplier;
        b.seed = seed;
        b.outputDir = outputDir;
        b.modelDir = modelDir;
        b.resume = resume;
        b.pretrained = pretrained;
        b.pretrainedFormat = pretrainedFormat;
        b.maxSeconds = maxSeconds;
        b.title = title;
        b.metadata = metadata.deepCopy();
        b.progress = progress;
        return b;
    }

    /**
     * The SANet definition, when the configuration trains one.
     *
     * @return the definition, or null for a configuration of a bare block
     */
    public @Nullable SANet definition() {
        return definition;
    }

    /**
     * The block given to {@link #builder(Block, Block)}.
     *
     * @return the block, or null for a configuration of a definition (each run builds its own)
     */
    public @Nullable Block block() {
        return block;
    }

    /**
     * The backbone child given to {@link #builder(Block, Block)}.
     *
     * @return the backbone, or null (a definition's block names its own backbone)
     */
    public @Nullable Block backbone() {
        return backbone;
    }

    /**
     * The loss: the definition's ({@link SANetLoss#of(SANet)}) unless terms were switched off.
     *
     * @return the loss
     */
    public SANetLoss loss() {
        return loss;
    }

    /**
     * Picks the {@code (N, K, H, W)} prediction logits out of the block's outputs for validation.
     *
     * @return the definition's {@link SANet#predictionLogits}, or output 0 for a bare block
     */
    public Function<NDList, NDArray> prediction() {
        return prediction;
    }

    /**
     * The class names; their count is K.
     *
     * @return K names in class-id order
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * The display colours of the classes, written into the model directory.
     *
     * @return K colours as {@code 0xRRGGBB}; by default the PASCAL VOC colour map
     */
    public int[] colors() {
        if (colors != null) {
            return colors.clone();
        }
        int[] rgb = new int[classNames.size()];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = vocColor(i);
        }
        return rgb;
    }

    /**
     * The engine to train on.
     *
     * @return DJL's engine name, {@code MXNet} or {@code PyTorch}
     */
    public String engine() {
        return engine;
    }

    /**
     * The devices; each batch is split across them.
     *
     * @return one or more devices, the first holding the model
     */
    public List<Device> devices() {
        return devices;
    }

    /**
     * The micro-batches each batch is split into on one device.
     *
     * @return 1 (default) or more, dividing the batch size
     */
    public int microBatches() {
        return microBatches;
    }

    /**
     * How often the run validates: after every {@code validateEvery}-th epoch and always after the
     * last one; the other epochs' records carry no validation metrics (NaN).
     *
     * @return 1 (default: every epoch) or more
     */
    public int validateEvery() {
        return validateEvery;
    }

    /**
     * The shape of one training sample.
     *
     * @return {@code (C, H, W)}, by default {@code (3, 480, 480)}: the crop
     */
    public Shape sampleShape() {
        return sampleShape;
    }

    /**
     * The base size of the training pipeline, the reference of multi-scale evaluation, written into
     * the model directory.
     *
     * @return pixels; by default the sample height (the crop)
     */
    public int baseSize() {
        return baseSize;
    }

    /**
     * The epochs of the whole run.
     *
     * @return epochs, 80 by default (the paper's Context and VOC recipe)
     */
    public int epochs() {
        return epochs;
    }

    /**
     * The batch size over all devices.
     *
     * @return the batch size, 16 by default
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * The optimizer.
     *
     * @return SGD (the paper's, default) or Adam
     */
    public OptimizerKind optimizer() {
        return optimizer;
    }

    /**
     * The backbone's base learning rate at iteration 0.
     *
     * @return the rate, 0.001 by default (batch 16)
     */
    public double learningRate() {
        return learningRate;
    }

    /**
     * SGD's momentum.
     *
     * @return the momentum in [0, 1), 0.9 by default
     */
    public double momentum() {
        return momentum;
    }

    /**
     * The L2 weight decay of every trainable parameter.
     *
     * @return the decay, 1e-4 by default
     */
    public double weightDecay() {
        return weightDecay;
    }

    /**
     * The exponent of the poly schedule.
     *
     * @return the power, 0.9 by default
     */
    public double power() {
        return power;
    }

    /**
     * The head's learning rate relative to the backbone's.
     *
     * @return the multiplier, 10 by default
     */
    public double headMultiplier() {
        return headMultiplier;
    }

    /**
     * The run's seed, from which the initialisation, the data order and augmentation of each epoch
     * and the dropout masks of each step are drawn.
     *
     * @return the seed, 42 by default
     */
    public long seed() {
        return seed;
    }

    /**
     * Where checkpoints, metrics and the curve go.
     *
     * @return the run folder, or null to write nothing
     */
    public @Nullable Path outputDir() {
        return outputDir;
    }

    /**
     * Where {@link Training#run} writes the model directory.
     *
     * @return the folder, by default {@code outputDir/model}; null without either
     */
    public @Nullable Path modelDir() {
        return modelDir;
    }

    /**
     * Whether the run continues from the newest checkpoint in the output folder (when there is
     * one).
     *
     * @return true to resume
     */
    public boolean resume() {
        return resume;
    }

    /**
     * ImageNet-pretrained backbone weights to start from.
     *
     * @return a safetensors or GluonCV {@code .params} file, or null for none
     */
    public @Nullable Path pretrained() {
        return pretrained;
    }

    /**
     * The naming family of {@link #pretrained()}.
     *
     * @return the family, or null to recognise it from the tensor names (the default)
     */
    public @Nullable PretrainedFormat pretrainedFormat() {
        return pretrainedFormat;
    }

    /**
     * The wall-clock budget of the run.
     *
     * @return seconds, or infinity for none (the default)
     */
    public double maxSeconds() {
        return maxSeconds;
    }

    /**
     * The training curve's title.
     *
     * @return the title
     */
    public String title() {
        return title;
    }

    /**
     * Free-form JSON stored in every checkpoint (under {@code config}) and in the model directory's
     * training summary (architecture, dataset, ...).
     *
     * @return a copy of the metadata
     */
    public JsonObject metadata() {
        return metadata.deepCopy();
    }

    /**
     * The listener of per-step and per-epoch progress.
     *
     * @return the listener, {@link TrainingProgress#NONE} by default
     */
    public TrainingProgress progress() {
        return progress;
    }

    /**
     * The recipe as JSON, stored in checkpoints: epochs, batch size, optimizer, rates, decay,
     * schedule, seed, micro-batches and devices.
     *
     * @return a new object
     */
    public JsonObject recipe() {
        JsonObject o = new JsonObject();
        o.addProperty("epochs", epochs);
        o.addProperty("batchSize", batchSize);
        o.addProperty("optimizer", optimizer.name().toLowerCase(Locale.ROOT));
        o.addProperty("learningRate", learningRate);
        o.addProperty("momentum", momentum);
        o.addProperty("weightDecay", weightDecay);
        o.addProperty("power", power);
        o.addProperty("headMultiplier", headMultiplier);
        o.addProperty("seed", seed);
        o.addProperty("microBatches", microBatches);
        o.addProperty("validateEvery", validateEvery);
        o.addProperty("engine", engine);
        JsonArray ds = new JsonArray();
        devices.forEach(d -> ds.add(d.toString()));
        o.add("devices", ds);
        return o;
    }

    /** The PASCAL VOC colour map (the bit-interleaving rule of the VOC development kit). */
    static int vocColor(int index) {
        int r = 0;
        int g = 0;
        int b = 0;
        int c = index;
        for (int j = 7; j >= 0; j--, c >>= 3) {
            r |= (c & 1) << j;
            g |= ((c >> 1) & 1) << j;
            b |= ((c >> 2) & 1) << j;
        }
        return (r << 16) | (g << 8) | b;
    }

    /** Configures a {@link TrainingConfig}; every setting but the class names has a default. */
    public static final class Builder {
        private @Nullable SANet definition;
        private @Nullable Block block;
        private @Nullable Block backbone;
        private @Nullable SANetLoss loss;
        private Function<NDList, NDArray> prediction = l -> l.get(0);
        private List<String> classNames = List.of();
        private int @Nullable [] colors;
        private @Nullable String engine;
        private List<Device> devices = List.of(Device.cpu());
        private int microBatches = 1;
        private int validateEvery = 1;
        private int channels = 3;
        private int height = 480;
        private int width = 480;
        private @Nullable Integer baseSize;
        private int epochs = 80;
        private int batchSize = 16;
        private OptimizerKind optimizer = OptimizerKind.SGD;
        private double learningRate = 0.001;
        private double momentum = 0.9;
        private double weightDecay = 1e-4;
        private double power = 0.9;
        private double headMultiplier = 10;
        private long seed = 42;
        private @Nullable Path outputDir;
        private @Nullable Path modelDir;
        private boolean resume;
        private @Nullable Path pretrained;
        private @Nullable PretrainedFormat pretrainedFormat;
        private double maxSeconds = Double.POSITIVE_INFINITY;
        private String title = "SANet training";
        private JsonObject metadata = new JsonObject();
        private TrainingProgress progress = TrainingProgress.NONE;

        private Builder() {}

        /**
         * The class names (required); their count must be the network's class count.
         *
         * @param names K names in class-id order
         * @return this builder
         */
        public Builder classes(List<String> names) {
            this.classNames = List.copyOf(names);
            return this;
        }

        /**
         * The display colours of the classes, written into the model directory (default: the PASCAL
         * VOC colour map, the one {@code sanet-data}'s {@code Palette.voc()} draws with).
         *
         * @param rgb K colours as {@code 0xRRGGBB}
         * @return this builder
         */
        public Builder colors(int... rgb) {
            this.colors = rgb.clone();
            return this;
        }

        /**
         * The loss, to switch terms off (Table 1 rows): build it with {@link
         * SANetLoss#builder(SANet)}, which takes alpha and beta from the definition. Default: the
         * definition's loss, {@link SANetLoss#of(SANet)}.
         *
         * @param loss the loss; with a definition, its alpha and beta must be the definition's
         * @return this builder
         */
        public Builder loss(SANetLoss loss) {
            this.loss = Objects.requireNonNull(loss, "loss");
            return this;
        }

        /**
         * Picks the prediction logits out of the block's outputs for validation (default: the
         * definition's prediction, or output 0 for a bare block).
         *
         * @param selector from the block's outputs to {@code (N, K, H, W)} logits
         * @return this builder
         */
        public Builder prediction(Function<NDList, NDArray> selector) {
            this.prediction = Objects.requireNonNull(selector, "selector");
            return this;
        }

        /**
         * The engine to train on (default {@link Engines#defaultEngine()}, MXNet unless {@value
         * Engines#ENV} says otherwise). The network computes the same numbers on either.
         *
         * @param engine {@code mxnet} or {@code pytorch} (any case)
         * @return this builder
         */
        public Builder engine(String engine) {
            this.engine = engine;
            return this;
        }

        /**
         * The devices; each batch is split across them, data parallel (default: the CPU). DJL has
         * no synchronised batch norm: each device normalises over its share of the batch.
         *
         * @param devices one or more devices
         * @return this builder
         */
        public Builder devices(Device... devices) {
            this.devices = Arrays.asList(devices.clone());
            return this;
        }

        /**
         * Splits each batch into this many micro-batches that run one after another on one device,
         * their gradients summed: the update of the whole batch at the memory of one micro-batch
         * (batch norm normalises over each micro-batch, as over each device's share). Default 1.
         *
         * @param microBatches &gt;= 1, dividing the batch size
         * @return this builder
         */
        public Builder microBatches(int microBatches) {
            this.microBatches = microBatches;
            return this;
        }

        /**
         * Validates after every {@code n}-th epoch and after the last one only (default 1: every
         * epoch). Validation is a pass over the whole validation split; on a short run over small
         * images it can cost a sizeable share of each epoch.
         *
         * @param n &gt;= 1
         * @return this builder
         */
        public Builder validateEvery(int n) {
            this.validateEvery = n;
            return this;
        }

        /**
         * The shape of one training sample (default {@code (3, 480, 480)}: the crop).
         *
         * @param channels image channels, 3
         * @param height crop height
         * @param width crop width
         * @return this builder
         */
        public Builder sampleShape(int channels, int height, int width) {
            this.channels = channels;
            this.height = height;
            this.width = width;
            return this;
        }

        /**
         * The base size of the training pipeline, written into the model directory as the reference
         * of multi-scale evaluation (default: the sample height; the paper: 520).
         *
         * @param baseSize pixels, &gt;= 1
         * @return this builder
         */
        public Builder baseSize(int baseSize) {
            this.baseSize = baseSize;
            return this;
        }

        /**
         * Total epochs of the run (default 80, the paper's Context and VOC recipe).
         *
         * @param epochs &gt;= 1
         * @return this builder
         */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * The batch size over all devices; the training sampler's batch size must equal it (default
         * 16).
         *
         * @param batchSize &gt;= 1
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * The optimizer (default {@link OptimizerKind#SGD}, the paper's). The schedule, the head
         * multiplier and the weight decay apply to either.
         *
         * @param kind the optimizer
         * @return this builder
         */
        public Builder optimizer(OptimizerKind kind) {
            this.optimizer = Objects.requireNonNull(kind, "kind");
            return this;
        }

        /**
         * The backbone's base learning rate (default 0.001 for batch 16).
         *
         * @param lr &gt; 0
         * @return this builder
         */
        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        /**
         * SGD's momentum (default 0.9).
         *
         * @param momentum in [0, 1)
         * @return this builder
         */
        public Builder momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * The L2 weight decay of every trainable parameter (default 1e-4).
         *
         * @param weightDecay &gt;= 0
         * @return this builder
         */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * The poly exponent (default 0.9).
         *
         * @param power &gt;= 0
         * @return this builder
         */
        public Builder power(double power) {
            this.power = power;
            return this;
        }

        /**
         * The head's learning rate relative to the backbone's (default 10).
         *
         * @param multiplier &gt; 0
         * @return this builder
         */
        public Builder headMultiplier(double multiplier) {
            this.headMultiplier = multiplier;
            return this;
        }

        /**
         * The run's seed (default 42): the initialisation, each epoch's data order and augmentation
         * ({@link EpochSeeded}) and each step's dropout masks derive from it.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Where checkpoints, metrics and the curve go; without it nothing is written.
         *
         * @param dir the run folder
         * @return this builder
         */
        public Builder outputDir(Path dir) {
            this.outputDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Where {@link Training#run} writes the model directory (default {@code outputDir/model}).
         *
         * @param dir the model folder
         * @return this builder
         */
        public Builder modelDir(Path dir) {
            this.modelDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Continue from the newest checkpoint in the output folder, if there is one (default
         * false): parameters, optimizer state, history and schedule come back.
         *
         * @param resume whether to resume
         * @return this builder
         */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * ImageNet-pretrained backbone weights to start from, imported with {@link
         * PretrainedWeights} after initialisation (a resumed checkpoint replaces them): a
         * safetensors file with torchvision, timm, mmcv or PyTorch-Encoding names, or a GluonCV
         * {@code .params} file; the backbone's variant must match the file's. The paper fine-tunes
         * from such weights. Needs a definition. Default: none.
         *
         * @param file the file, or null for none
         * @return this builder
         */
        public Builder pretrained(@Nullable Path file) {
            this.pretrained = file;
            return this;
        }

        /**
         * The naming family of the pretrained file (default: recognised from its names).
         *
         * @param format the family, or null to recognise it
         * @return this builder
         */
        public Builder pretrainedFormat(@Nullable PretrainedFormat format) {
            this.pretrainedFormat = format;
            return this;
        }

        /**
         * A wall-clock budget: after each epoch the trainer projects the epoch time and re-plans
         * the number of epochs to what fits (at most {@link #epochs}, at least those done), and the
         * poly schedule over the new length (default: none).
         *
         * @param seconds &gt; 0; infinity for none
         * @return this builder
         */
        public Builder maxSeconds(double seconds) {
            this.maxSeconds = seconds;
            return this;
        }

        /**
         * The training curve's title (default {@code SANet training}).
         *
         * @param title the title
         * @return this builder
         */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /**
         * Free-form JSON stored in every checkpoint and in the model's training summary
         * (architecture, dataset, ...); default empty.
         *
         * @param metadata a JSON object, copied
         * @return this builder
         */
        public Builder metadata(JsonObject metadata) {
            this.metadata = metadata.deepCopy();
            return this;
        }

        /**
         * Receives per-step and per-epoch progress (default: nothing).
         *
         * @param progress the listener, e.g. {@link ConsoleProgressBar#stderr()}
         * @return this builder
         */
        public Builder progress(TrainingProgress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * Validates the settings and creates the configuration.
         *
         * @return the immutable configuration
         * @throws IllegalArgumentException naming the first bad value and what was expected
         */
        public TrainingConfig build() {
            String engineName = Engines.resolve(engine);
            check(!classNames.isEmpty(), "classes are required (at least one name)");
            if (definition != null) {
                check(
                        classNames.size() == definition.numClasses(),
                        classNames.size()
                                + " class names were given for a network of "
                                + definition.numClasses()
                                + " classes");
            }
            check(
                    colors == null || colors.length == classNames.size(),
                    "expected "
                            + classNames.size()
                            + " colours, one per class, got "
                            + (colors == null ? 0 : colors.length));
            check(
                    channels >= 1 && height >= 1 && width >= 1,
                    "sample shape must be positive, got ("
                            + channels
                            + ", "
                            + height
                            + ", "
                            + width
                            + ")");
            check(baseSize == null || baseSize >= 1, "base size must be >= 1, got " + baseSize);
            SANetLoss l = loss != null ? loss : lossOf(definition);
            checkLoss(l);
            check(epochs >= 1, "epochs must be >= 1, got " + epochs);
            check(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
            check(
                    learningRate > 0 && Double.isFinite(learningRate),
                    "learning rate must be a finite number > 0, got " + learningRate);
            check(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
            check(
                    weightDecay >= 0 && Double.isFinite(weightDecay),
                    "weight decay must be a finite number >= 0, got " + weightDecay);
            check(
                    power >= 0 && Double.isFinite(power),
                    "poly power must be a finite number >= 0, got " + power);
            check(
                    headMultiplier > 0 && Double.isFinite(headMultiplier),
                    "head learning-rate multiplier must be a finite number > 0, got "
                            + headMultiplier);
            check(maxSeconds > 0, "maxSeconds must be > 0 (infinity for none), got " + maxSeconds);
            check(!devices.isEmpty(), "at least one device is required");
            check(microBatches >= 1, "micro-batches must be >= 1, got " + microBatches);
            check(validateEvery >= 1, "validateEvery must be >= 1, got " + validateEvery);
            check(
                    microBatches == 1 || devices.size() == 1,
                    "micro-batches ("
                            + microBatches
                            + ") need a single device, got "
                            + devices.size()
                            + " devices "
                            + devices);
            check(
                    batchSize % microBatches == 0,
                    "batch size "
                            + batchSize
                            + " does not split into "
                            + microBatches
                            + " equal micro-batches");
            check(!resume || outputDir != null, "resume needs an output folder to look in");
            check(
                    pretrained == null || definition != null,
                    "pretrained weights "
                            + pretrained
                            + " need a SANet definition, whose ResNet backbone they load into;"
                            + " this configuration trains a bare block");
            return new TrainingConfig(this, engineName, l);
        }

        private static SANetLoss lossOf(@Nullable SANet definition) {
            return definition == null ? SANetLoss.builder().build() : SANetLoss.of(definition);
        }

        /** Alpha and beta have one owner, the definition: a loss may only switch terms off. */
        private void checkLoss(SANetLoss l) {
            if (definition == null || !definition.hasAttentionOutputs()) {
                return; // a single-output network trains on the dense term alone, weight 1
            }
            check(
                    !l.categoricalTerm() || l.alpha() == definition.alpha(),
                    "the loss's alpha "
                            + l.alpha()
                            + " differs from the network's alpha "
                            + definition.alpha()
                            + ": build the loss with SANetLoss.builder(definition)");
            check(
                    !l.denseTerm() || l.beta() == definition.beta(),
                    "the loss's beta "
                            + l.beta()
                            + " differs from the network's beta "
                            + definition.beta()
                            + ": build the loss with SANetLoss.builder(definition)");
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
