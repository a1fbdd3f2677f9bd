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
import dev.sanet.core.io.Palette;
import dev.sanet.core.nn.PretrainedFormat;
import dev.sanet.core.nn.PretrainedWeights;
import dev.sanet.core.settings.SettingException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, validated training configuration: the network, the {@link Recipe} (how it trains:
 * optimizer, rates, schedule, epochs, batch, resolution, seed), the devices and the outputs. {@link
 * SANetTrainer} trains with it and {@link Training#run} trains and then writes the model directory.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder(definition)   // the loss: SANetLoss.of(definition)
 *         .classes(names)
 *         .recipe(Recipe.segmentation().toBuilder().resolution(Resolution.PAPER).build())
 *         .outputDir(Path.of("runs/context59"))
 *         .build();                                           // throws naming the bad value
 * }</pre>
 *
 * <p>Defaults: the paper's recipe ({@link Recipe#segmentation()}), the CPU, the default engine
 * ({@link Engines#defaultEngine()}), no output folder (nothing written), no time budget.
 *
 * <p>The network is either a {@link SANet} definition (the trainer builds a fresh block for each
 * run; the loss is the definition's, {@link SANetLoss#of(SANet)}, and alpha and beta have the
 * definition as their one owner) or any block with its backbone child ({@link #builder(Block,
 * Block)}), trained in place. The class names and colours, the recipe's resolution and the model
 * folder are what {@link Training#run} writes into the model directory.
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
    private final Recipe recipe;
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
        this.recipe = b.recipe;
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
     * @return a builder with the paper's recipe ({@link Recipe#segmentation()}) as default
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
     * @return a builder with the paper's recipe ({@link Recipe#segmentation()}) as default
     */
    public static Builder builder(Block block, @Nullable Block backbone) {
        Builder b = new Builder();
        b.block = Objects.requireNonNull(block, "block");
        b.backbone = backbone;
        return b;
    }

    /**
     * {@return a new builder} A builder holding this configuration's settings, to derive a modified
     * copy.
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
        b.recipe = recipe;
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
     * {@return the definition, or null for a configuration of a bare block} The SANet definition,
     * when the configuration trains one.
     */
    public @Nullable SANet definition() {
        return definition;
    }

    /**
     * {@return the block, or null for a configuration of a definition (each run builds its own)}
     * The block given to {@link #builder(Block, Block)}.
     */
    public @Nullable Block block() {
        return block;
    }

    /**
     * {@return the backbone, or null (a definition's block names its own backbone)} The backbone
     * child given to {@link #builder(Block, Block)}.
     */
    public @Nullable Block backbone() {
        return backbone;
    }

    /**
     * {@return the loss} The loss: the definition's ({@link SANetLoss#of(SANet)}) unless terms were
     * switched off.
     */
    public SANetLoss loss() {
        return loss;
    }

    /**
     * {@return the definition's {@link SANet#predictionLogits}, or output 0 for a bare block} Picks
     * the {@code (N, K, H, W)} prediction logits out of the block's outputs for validation.
     */
    public Function<NDList, NDArray> prediction() {
        return prediction;
    }

    /** {@return K names in class-id order} The class names; their count is K. */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * {@return K colours as {@code 0xRRGGBB}; by default the PASCAL VOC colour map} The display
     * colours of the classes, written into the model directory.
     */
    public int[] colors() {
        if (colors != null) {
            return colors.clone();
        }
        int[] rgb = new int[classNames.size()];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = Palette.voc().rgb(i);
        }
        return rgb;
    }

    /** {@return DJL's engine name, {@code MXNet} or {@code PyTorch}} The engine to train on. */
    public String engine() {
        return engine;
    }

    /**
     * {@return one or more devices, the first holding the model} The devices; each batch is split
     * across them.
     */
    public List<Device> devices() {
        return devices;
    }

    /**
     * {@return 1 (default) or more, dividing the batch size} The micro-batches each batch is split
     * into on one device.
     */
    public int microBatches() {
        return microBatches;
    }

    /**
     * {@return 1 (default: every epoch) or more} How often the run validates: after every {@code
     * validateEvery}-th epoch and always after the last one; the other epochs' records carry no
     * validation metrics (NaN).
     */
    public int validateEvery() {
        return validateEvery;
    }

    /**
     * {@return the recipe, {@link Recipe#segmentation()} by default} How the network trains:
     * optimizer, rates, schedule, epochs, batch size, resolution, seed.
     */
    public Recipe recipe() {
        return recipe;
    }

    /**
     * {@return {@code (3, crop, crop)}} The shape of one training sample, from the recipe's crop.
     */
    public Shape sampleShape() {
        int crop = recipe.resolution().cropSize();
        return new Shape(3, crop, crop);
    }

    /**
     * {@return the run folder, or null to write nothing} Where checkpoints, metrics and the curve
     * go.
     */
    public @Nullable Path outputDir() {
        return outputDir;
    }

    /**
     * {@return the folder, by default {@code outputDir/model}; null without either} Where {@link
     * Training#run} writes the model directory.
     */
    public @Nullable Path modelDir() {
        return modelDir;
    }

    /**
     * {@return true to resume} Whether the run continues from the newest checkpoint in the output
     * folder (when there is one).
     */
    public boolean resume() {
        return resume;
    }

    /**
     * {@return a safetensors or GluonCV {@code .params} file, or null for none} ImageNet-pretrained
     * backbone weights to start from.
     */
    public @Nullable Path pretrained() {
        return pretrained;
    }

    /**
     * {@return the family, or null to recognise it from the tensor names (the default)} The naming
     * family of {@link #pretrained()}.
     */
    public @Nullable PretrainedFormat pretrainedFormat() {
        return pretrainedFormat;
    }

    /** {@return seconds, or infinity for none (the default)} The wall-clock budget of the run. */
    public double maxSeconds() {
        return maxSeconds;
    }

    /** {@return the title} The training curve's title. */
    public String title() {
        return title;
    }

    /**
     * {@return a copy of the metadata} Free-form JSON stored in every checkpoint (under {@code
     * config}) and in the model directory's training summary (architecture, dataset, ...).
     */
    public JsonObject metadata() {
        return metadata.deepCopy();
    }

    /**
     * {@return the listener, {@link TrainingProgress#NONE} by default} The listener of per-step and
     * per-epoch progress.
     */
    public TrainingProgress progress() {
        return progress;
    }

    /**
     * The run's settings as JSON, stored in checkpoints under {@code recipe}: the recipe's ({@link
     * Recipe#toJson()}) and the run's micro-batches, validation interval, engine and devices.
     *
     * @return a new object
     */
    JsonObject recipeJson() {
        JsonObject o = recipe.toJson();
        o.addProperty("microBatches", microBatches);
        o.addProperty("validateEvery", validateEvery);
        o.addProperty("engine", engine);
        JsonArray ds = new JsonArray();
        devices.forEach(d -> ds.add(d.toString()));
        o.add("devices", ds);
        return o;
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
        private Recipe recipe = Recipe.segmentation();
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
         * VOC colour map, {@link Palette#voc()}).
         *
         * @param rgb K colours as {@code 0xRRGGBB}
         * @return this builder
         */
        public Builder colors(int... rgb) {
            this.colors = rgb.clone();
            return this;
        }

        /**
         * The loss, to switch terms off (Table 1 rows), e.g. {@code
         * SANetLoss.builder(definition).categorical(false).build()}. Default: the definition's
         * loss, {@link SANetLoss#of(SANet)}. With a definition, the loss's terms count and its
         * weights are the definition's alpha and beta, their one owner.
         *
         * @param loss the loss
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
         * How the network trains (default {@link Recipe#segmentation()}, the paper's): optimizer,
         * rates, schedule, epochs, batch size (the training sampler's must equal it), the
         * resolution (every sample is {@code (3, crop, crop)}; the base size is written into the
         * model directory) and the seed ({@link EpochSeeded}).
         *
         * @param recipe the recipe
         * @return this builder
         */
        public Builder recipe(Recipe recipe) {
            this.recipe = Objects.requireNonNull(recipe, "recipe");
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
         * the number of epochs to what fits (at most the recipe's, at least those done), and the
         * schedule over the new length (default: none).
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
         * @param progress the listener, e.g. {@link TrainingProgress#stderr()}
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
         * @throws SettingException naming the first setting out of range and what was expected
         */
        public TrainingConfig build() {
            String engineName = Engines.resolve(engine);
            if (classNames.isEmpty()) {
                throw new SettingException("classes", "[]", "at least one name");
            }
            if (definition != null && classNames.size() != definition.numClasses()) {
                throw new SettingException(
                        "classes",
                        classNames.size() + " class names",
                        "one name for each of the network's "
                                + definition.numClasses()
                                + " classes");
            }
            if (colors != null && colors.length != classNames.size()) {
                throw new SettingException(
                        "colors",
                        colors.length + " colours",
                        classNames.size() + " colours, one per class");
            }
            if (!(maxSeconds > 0)) {
                throw new SettingException("maxSeconds", maxSeconds, "> 0 (infinity for none)");
            }
            if (devices.isEmpty()) {
                throw new SettingException("devices", "none", "at least one device");
            }
            SettingException.checkRange("microBatches", microBatches, 1, Integer.MAX_VALUE);
            SettingException.checkRange("validateEvery", validateEvery, 1, Integer.MAX_VALUE);
            if (microBatches > 1 && devices.size() > 1) {
                throw new SettingException(
                        "microBatches",
                        microBatches + " with devices " + devices,
                        "1 with several devices (micro-batches need a single device)");
            }
            int batchSize = recipe.batchSize();
            if (batchSize % microBatches != 0) {
                throw new SettingException(
                        "microBatches",
                        microBatches,
                        "a divisor of the batch size " + batchSize + " (equal micro-batches)");
            }
            if (resume && outputDir == null) {
                throw new SettingException("resume", true, "false without an output folder");
            }
            if (pretrained != null && definition == null) {
                throw new SettingException(
                        "pretrained",
                        pretrained,
                        "none for a bare block (pretrained weights need a SANet definition, whose"
                                + " ResNet backbone they load into)");
            }
            return new TrainingConfig(this, engineName, lossOf(loss, definition));
        }

        /** The definition owns alpha and beta: a given loss contributes only its terms. */
        private static SANetLoss lossOf(@Nullable SANetLoss loss, @Nullable SANet definition) {
            if (definition == null) {
                return loss != null ? loss : SANetLoss.builder().build();
            }
            return loss != null ? loss.withDefinition(definition) : SANetLoss.of(definition);
        }
    }
}
