package dev.sanet.data;

import dev.sanet.core.data.Resolution;
import dev.sanet.core.settings.SettingException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Every setting of a dataset, the one value that holds them: the root, split, transform, training
 * {@link Resolution}, scale range, flip, seed, skipping of bad items, loader threads and sampling.
 * {@link Datasets#open(String, DatasetOptions)} and every dataset builder ({@link
 * DatasetBuilder#options(DatasetOptions)}) take it; no dataset declares these settings again.
 * Immutable; {@link #toBuilder()} derives a variant (the validation split of a training set, say).
 *
 * <p>A setting left unset keeps the dataset's own default: the resolution {@link Resolution#PAPER}
 * (base 520, crop 480; the synthetic dataset: its image sides), scale range [0.5, 2.0], flip on,
 * seed 42, one loader thread per processor. The resolution only matters to {@link Transform#TRAIN}:
 * an evaluation split leaves it absent. Sampling defaults to batches of 1 in order, keeping a short
 * last batch.
 *
 * <pre>{@code
 * DatasetOptions train = DatasetOptions.builder()
 *         .root(Path.of("/data/pascal")).split("train").transform(Transform.TRAIN)
 *         .resolution(Resolution.PAPER).sampling(16, true, true).build();
 * DatasetOptions val = train.toBuilder().split("val").transform(Transform.EVAL)
 *         .resolution(null).sampling(1, false, false).build();
 * }</pre>
 */
public final class DatasetOptions {

    private final @Nullable Path root;
    private final String split;
    private final Transform transform;
    private final @Nullable Resolution resolution;
    private final double minScale;
    private final double maxScale;
    private final boolean flip;
    private final @Nullable Long seed;
    private final boolean skipBad;
    private final int threads;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;

    private DatasetOptions(Builder b) {
        this.root = b.root;
        this.split = b.split;
        this.transform = b.transform;
        this.resolution = b.resolution;
        this.minScale = b.minScale;
        this.maxScale = b.maxScale;
        this.flip = b.flip;
        this.seed = b.seed;
        this.skipBad = b.skipBad;
        this.threads = b.threads;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
    }

    /**
     * A builder with every setting unset (split {@code train}, {@link Transform#EVAL}, batches of 1
     * in order).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these settings, to derive a variant.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.root = root;
        b.split = split;
        b.transform = transform;
        b.resolution = resolution;
        b.minScale = minScale;
        b.maxScale = maxScale;
        b.flip = flip;
        b.seed = seed;
        b.skipBad = skipBad;
        b.threads = threads;
        b.batchSize = batchSize;
        b.shuffle = shuffle;
        b.dropLast = dropLast;
        return b;
    }

    /**
     * The dataset root.
     *
     * @return the root folder, or {@code null} when none was given (a generated dataset needs none)
     */
    public @Nullable Path root() {
        return root;
    }

    /**
     * The split.
     *
     * @return the split name (default {@code train})
     */
    public String split() {
        return split;
    }

    /**
     * The transform mode.
     *
     * @return {@link Transform#TRAIN} or {@link Transform#EVAL} (the default)
     */
    public Transform transform() {
        return transform;
    }

    /**
     * The base and crop size of the training augmentation.
     *
     * @return the resolution, or empty for the dataset's default (and for evaluation splits, which
     *     do not use it)
     */
    public Optional<Resolution> resolution() {
        return Optional.ofNullable(resolution);
    }

    /**
     * The smallest factor of the random long-side scale.
     *
     * @return the factor, or empty for the dataset's default (0.5); set together with {@link
     *     #maxScale()}
     */
    public OptionalDouble minScale() {
        return Double.isNaN(minScale) ? OptionalDouble.empty() : OptionalDouble.of(minScale);
    }

    /**
     * The largest factor of the random long-side scale.
     *
     * @return the factor, or empty for the dataset's default (2.0); set together with {@link
     *     #minScale()}
     */
    public OptionalDouble maxScale() {
        return Double.isNaN(maxScale) ? OptionalDouble.empty() : OptionalDouble.of(maxScale);
    }

    /**
     * Whether the training augmentation flips items horizontally with probability 0.5.
     *
     * @return true to flip (default true)
     */
    public boolean flip() {
        return flip;
    }

    /**
     * The seed of the training augmentation.
     *
     * @return the seed, or empty for the dataset's default (42)
     */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /**
     * Whether items that fail validation are dropped when the dataset is built.
     *
     * @return true to drop them (default false)
     */
    public boolean skipBad() {
        return skipBad;
    }

    /**
     * The number of loader threads.
     *
     * @return the count, or empty for one per processor
     */
    public OptionalInt threads() {
        return threads > 0 ? OptionalInt.of(threads) : OptionalInt.empty();
    }

    /**
     * The batch size of {@code getData}.
     *
     * @return the size, at least 1 (default 1)
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Whether {@code getData} visits the items in a random order.
     *
     * @return true for a random order (default false)
     */
    public boolean shuffle() {
        return shuffle;
    }

    /**
     * Whether {@code getData} drops a last batch smaller than the batch size.
     *
     * @return true to drop it (default false)
     */
    public boolean dropLast() {
        return dropLast;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof DatasetOptions d && key().equals(d.key());
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    /** Every setting, in declaration order: what equality compares. */
    private List<@Nullable Object> key() {
        return Arrays.asList(
                root,
                split,
                transform,
                resolution,
                minScale,
                maxScale,
                flip,
                seed,
                skipBad,
                threads,
                batchSize,
                shuffle,
                dropLast);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "DatasetOptions[root=%s, split=%s, transform=%s, resolution=%s, scale=[%s, %s],"
                        + " flip=%s, seed=%s, skipBad=%s, threads=%s, batch=%s, shuffle=%s,"
                        + " dropLast=%s]",
                key().toArray());
    }

    /**
     * Builder of {@link DatasetOptions}. The setters only record; {@link #build()} checks every
     * value and names the setting at fault.
     */
    public static final class Builder {

        private @Nullable Path root;
        private String split = "train";
        private Transform transform = Transform.EVAL;
        // null, NaN and 0 mean "unset": the dataset's own default applies.
        private @Nullable Resolution resolution;
        private double minScale = Double.NaN;
        private double maxScale = Double.NaN;
        private boolean flip = true;
        private @Nullable Long seed;
        private boolean skipBad;
        private int threads;
        private boolean threadsSet;
        private int batchSize = 1;
        private boolean shuffle;
        private boolean dropLast;

        private Builder() {}

        /**
         * Sets the dataset root: the folder that holds {@code VOCdevkit/} (and {@code
         * benchmark_RELEASE/} or {@code trainval/}), a VOC-layout folder for {@code folder}, or
         * what a registered dataset reads.
         *
         * @param root the root folder, or {@code null} for none
         * @return this builder
         */
        public Builder root(@Nullable Path root) {
            this.root = root;
            return this;
        }

        /**
         * Sets the split (default {@code train}); the names each dataset accepts are in
         * docs/data.md.
         *
         * @param split the split name, e.g. {@code train}, {@code val}, {@code trainval}; not blank
         * @return this builder
         */
        public Builder split(String split) {
            this.split = Objects.requireNonNull(split, "split");
            return this;
        }

        /**
         * Sets the transform mode (default {@link Transform#EVAL}).
         *
         * @param transform {@link Transform#TRAIN} for random crops, {@link Transform#EVAL} for
         *     original-size items
         * @return this builder
         */
        public Builder transform(Transform transform) {
            this.transform = Objects.requireNonNull(transform, "transform");
            return this;
        }

        /**
         * Sets the base and crop size of the training augmentation: the long side the random scale
         * multiplies, and the side of every training item.
         *
         * @param resolution the sizes, or {@code null} for the dataset's default
         * @return this builder
         */
        public Builder resolution(@Nullable Resolution resolution) {
            this.resolution = resolution;
            return this;
        }

        /**
         * Sets the range of the random long-side scale (default [0.5, 2.0]).
         *
         * @param min the smallest factor, above 0
         * @param max the largest factor, at least {@code min}
         * @return this builder
         */
        public Builder scaleRange(double min, double max) {
            this.minScale = min;
            this.maxScale = max;
            return this;
        }

        /**
         * Enables or disables the random horizontal flip of the training augmentation (default on).
         *
         * @param flip whether to flip with probability 0.5
         * @return this builder
         */
        public Builder flip(boolean flip) {
            this.flip = flip;
            return this;
        }

        /**
         * Sets the seed of the training augmentation (default 42). Each item's random source is
         * derived from the seed, the item index and how many times the item was read before, so
         * results do not depend on thread scheduling; a trainer re-seeds every epoch ({@link
         * SegmentationDataset#seedEpoch}), with the run's seed and the epoch mixed in.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Drops items that fail validation when the dataset is built (default off). Validation
         * decodes every item once, in parallel; {@link SegmentationDataset#skipped()} tells how
         * many were dropped.
         *
         * @param skipBad whether to drop bad items
         * @return this builder
         */
        public Builder skipBad(boolean skipBad) {
            this.skipBad = skipBad;
            return this;
        }

        /**
         * Sets the number of loader threads (default: one per processor).
         *
         * @param threads the pool size, at least 1
         * @return this builder
         */
        public Builder threads(int threads) {
            this.threads = threads;
            this.threadsSet = true;
            return this;
        }

        /**
         * Sets how {@code getData} batches the items (default: batches of 1, in order, keeping a
         * short last batch).
         *
         * @param batchSize the batch size, at least 1 (the setting {@code batchSize})
         * @param shuffle whether to visit the items in a random order
         * @param dropLast whether to drop a last batch smaller than the batch size
         * @return this builder
         */
        public Builder sampling(int batchSize, boolean shuffle, boolean dropLast) {
            this.batchSize = batchSize;
            this.shuffle = shuffle;
            this.dropLast = dropLast;
            return this;
        }

        /**
         * Checks the settings and builds the value.
         *
         * @return the options
         * @throws SettingException naming the setting ({@code split}, {@code scaleRange}, {@code
         *     threads}, {@code batchSize}) when the split is blank, the scale range is not {@code 0
         *     < min <= max} (finite), or the threads or batch size are below 1
         */
        public DatasetOptions build() {
            if (split.isBlank()) {
                throw new SettingException("split", "'" + split + "'", "a split name, not blank");
            }
            boolean scaleSet = !Double.isNaN(minScale) || !Double.isNaN(maxScale);
            if (scaleSet && !(minScale > 0 && minScale <= maxScale && Double.isFinite(maxScale))) {
                throw new SettingException(
                        "scaleRange",
                        "[" + minScale + ", " + maxScale + "]",
                        "finite factors with 0 < min <= max");
            }
            if (threadsSet && threads < 1) {
                throw new SettingException("threads", threads, ">= 1");
            }
            if (batchSize < 1) {
                throw new SettingException("batchSize", batchSize, ">= 1");
            }
            return new DatasetOptions(this);
        }
    }
}
