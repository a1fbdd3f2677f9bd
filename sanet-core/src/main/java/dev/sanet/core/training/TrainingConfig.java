package dev.sanet.core.training;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import dev.sanet.core.Engines;
import dev.sanet.core.data.EpochSeeded;
import dev.sanet.core.settings.SettingException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, validated training configuration: the {@link TrainingNetwork} (what is trained:
 * network, loss, classes, starting weights), the {@link Recipe} (how: optimizer, rates, schedule,
 * epochs, batch, resolution, seed), the devices and the outputs. {@link SANetTrainer} trains with
 * it and {@link Training#run} trains and then writes the model directory.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder(
 *                 TrainingNetwork.builder(definition).classes(names).build())
 *         .recipe(Recipe.segmentation().toBuilder().resolution(Resolution.PAPER).build())
 *         .outputDir(Path.of("runs/context59"))
 *         .build();                                    // throws naming the bad setting
 * }</pre>
 *
 * <p>Defaults: the paper's recipe ({@link Recipe#segmentation()}), the CPU, the default engine
 * ({@link Engines#defaultEngine()}), no output folder (nothing written), no time budget.
 */
public final class TrainingConfig {

    private final TrainingNetwork network;
    private final Recipe recipe;
    private final String engine;
    private final List<Device> devices;
    private final int microBatches;
    private final int validateEvery;
    private final double maxSeconds;
    private final @Nullable Path outputDir;
    private final int keepCheckpoints;
    private final @Nullable Path modelDir;
    private final boolean resume;
    private final String title;
    private final JsonObject metadata;
    private final TrainingProgress progress;

    private TrainingConfig(Builder b, String engine) {
        this.network = b.network;
        this.recipe = b.recipe;
        this.engine = engine;
        this.devices = List.copyOf(b.devices);
        this.microBatches = b.microBatches;
        this.validateEvery = b.validateEvery;
        this.maxSeconds = b.maxSeconds;
        this.outputDir = b.outputDir;
        this.keepCheckpoints = b.keepCheckpoints;
        this.modelDir =
                b.modelDir != null
                        ? b.modelDir
                        : b.outputDir == null ? null : b.outputDir.resolve("model");
        this.resume = b.resume;
        this.title = b.title;
        this.metadata = b.metadata.deepCopy();
        this.progress = b.progress;
    }

    /**
     * Starts a configuration for a network.
     *
     * @param network what the run trains
     * @return a builder with the paper's recipe ({@link Recipe#segmentation()}) as default
     */
    public static Builder builder(TrainingNetwork network) {
        return new Builder(Objects.requireNonNull(network, "network"));
    }

    /**
     * A builder holding this configuration's settings, to derive a modified copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(network);
        b.recipe = recipe;
        b.engine = engine;
        b.devices = devices;
        b.microBatches = microBatches;
        b.validateEvery = validateEvery;
        b.maxSeconds = maxSeconds;
        b.outputDir = outputDir;
        b.keepCheckpoints = keepCheckpoints;
        b.modelDir = modelDir;
        b.resume = resume;
        b.title = title;
        b.metadata = metadata.deepCopy();
        b.progress = progress;
        return b;
    }

    /**
     * What the run trains: the network, its loss, classes and colours, pretrained weights.
     *
     * @return the network
     */
    public TrainingNetwork network() {
        return network;
    }

    /**
     * How the network trains: optimizer, rates, schedule, epochs, batch size, resolution, seed.
     *
     * @return the recipe, {@link Recipe#segmentation()} by default
     */
    public Recipe recipe() {
        return recipe;
    }

    /**
     * The shape of one training sample, from the recipe's crop.
     *
     * @return {@code (3, crop, crop)}
     */
    public Shape sampleShape() {
        return new Shape(3, recipe.resolution().cropSize(), recipe.resolution().cropSize());
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
     * How often the run validates; the other epochs' records carry no validation metrics (NaN).
     *
     * @return 1 (default: every epoch) or more
     */
    public int validateEvery() {
        return validateEvery;
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
     * Where checkpoints, metrics and the curve go.
     *
     * @return the run folder, or null to write nothing
     */
    public @Nullable Path outputDir() {
        return outputDir;
    }

    /**
     * How many of the newest checkpoints the run keeps ({@link Checkpoint#prune}).
     *
     * @return 1 or more, or 0 (the default) for all
     */
    public int keepCheckpoints() {
        return keepCheckpoints;
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
     * Whether the run continues from the newest checkpoint in the output folder.
     *
     * @return true to resume
     */
    public boolean resume() {
        return resume;
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
     * Free-form JSON stored in every checkpoint and in the model's training summary.
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

    /** Configures a {@link TrainingConfig}; every setting but the network has a default. */
    public static final class Builder {
        private final TrainingNetwork network;
        private Recipe recipe = Recipe.segmentation();
        private @Nullable String engine;
        private List<Device> devices = List.of(Device.cpu());
        private int microBatches = 1;
        private int validateEvery = 1;
        private double maxSeconds = Double.POSITIVE_INFINITY;
        private @Nullable Path outputDir;
        private int keepCheckpoints;
        private @Nullable Path modelDir;
        private boolean resume;
        private String title = "SANet training";
        private JsonObject metadata = new JsonObject();
        private TrainingProgress progress = TrainingProgress.NONE;

        private Builder(TrainingNetwork network) {
            this.network = network;
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
         * Validates after every {@code n}-th epoch and after the last (default 1: every epoch).
         *
         * @param n &gt;= 1
         * @return this builder
         */
        public Builder validateEvery(int n) {
            this.validateEvery = n;
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
         * false): parameters, optimizer state, history and schedule come back. A checkpoint of
         * another architecture or dataset is refused ({@link IncompatibleCheckpointException}).
         *
         * @param resume whether to resume
         * @return this builder
         */
        public Builder resume(boolean resume) {
            this.resume = resume;
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
            if (!(maxSeconds > 0)) {
                throw new SettingException("maxSeconds", maxSeconds, "> 0 (infinity for none)");
            }
            if (devices.isEmpty()) {
                throw new SettingException("devices", "none", "at least one device");
            }
            SettingException.checkRange("microBatches", microBatches, 1, Integer.MAX_VALUE);
            SettingException.checkRange("validateEvery", validateEvery, 1, Integer.MAX_VALUE);
            SettingException.checkRange("keepCheckpoints", keepCheckpoints, 0, Integer.MAX_VALUE);
            if (microBatches > 1 && devices.size() > 1) {
                throw new SettingException(
                        "microBatches",
                        microBatches + " with devices " + devices,
                        "1 with several devices (micro-batches need a single device)");
            }
            if (recipe.batchSize() % microBatches != 0) {
                throw new SettingException(
                        "microBatches",
                        microBatches,
                        "a divisor of the batch size "
                                + recipe.batchSize()
                                + " (equal micro-batches)");
            }
            if (resume && outputDir == null) {
                throw new SettingException("resume", true, "false without an output folder");
            }
            return new TrainingConfig(this, engineName);
        }
    }
}
