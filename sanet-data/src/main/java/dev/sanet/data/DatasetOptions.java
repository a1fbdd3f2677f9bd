package dev.sanet.data;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * How to open a dataset by name with {@link Datasets#open(String, DatasetOptions)}: the root,
 * split, transform, augmentation sizes, seed, skipping of bad items, loader threads and sampling.
 * Immutable; {@link #toBuilder()} derives a variant (the validation split of a training set, say).
 *
 * <p>An option left unset keeps the dataset's own default: base 520 and crop 480 (the synthetic
 * dataset: its image sides), scale range [0.5, 2.0], seed 42, one loader thread per processor.
 * Sampling defaults to batches of 1 in order, keeping a short last batch.
 *
 * <pre>{@code
 * DatasetOptions train = DatasetOptions.builder()
 *         .root(Path.of("/data/pascal")).split("train").transform(Transform.TRAIN)
 *         .sampling(16, true, true).build();
 * DatasetOptions val = train.toBuilder().split("val").transform(Transform.EVAL)
 *         .sampling(1, false, false).build();
 * }</pre>
 */
public final class DatasetOptions {

    private final @Nullable Path root;
    private final String split;
    private final Transform transform;
    private final int baseSize;
    private final int cropSize;
    private final double minScale;
    private final double maxScale;
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
        this.baseSize = b.baseSize;
        this.cropSize = b.cropSize;
        this.minScale = b.minScale;
        this.maxScale = b.maxScale;
        this.seed = b.seed;
        this.skipBad = b.skipBad;
        this.threads = b.threads;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
    }

    /**
     * A builder with every option unset (split {@code train}, {@link Transform#EVAL}, batches of 1
     * in order).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these options, to derive a variant.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.root = root;
        b.split = split;
        b.transform = transform;
        b.baseSize = baseSize;
        b.cropSize = cropSize;
        b.minScale = minScale;
        b.maxScale = maxScale;
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
     * The base size of the training augmentation.
     *
     * @return the size, or empty for the dataset's default
     */
    public OptionalInt baseSize() {
        return baseSize > 0 ? OptionalInt.of(baseSize) : OptionalInt.empty();
    }

    /**
     * The training crop size.
     *
     * @return the size, or empty for the dataset's default
     */
    public OptionalInt cropSize() {
        return cropSize > 0 ? OptionalInt.of(cropSize) : OptionalInt.empty();
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
        return o instanceof DatasetOptions d
                && Objects.equals(root, d.root)
                && split.equals(d.split)
                && transform == d.transform
                && baseSize == d.baseSize
                && cropSize == d.cropSize
                && Double.compare(minScale, d.minScale) == 0
                && Double.compare(maxScale, d.maxScale) == 0
                && Objects.equals(seed, d.seed)
                && skipBad == d.skipBad
                && threads == d.threads
                && batchSize == d.batchSize
                && shuffle == d.shuffle
                && dropLast == d.dropLast;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                root, split, transform, baseSize, cropSize, minScale, maxScale, seed, skipBad,
                threads, batchSize, shuffle, dropLast);
    }

    @Override
    public String toString() {
        return "DatasetOptions[root="
                + root
                + ", split="
                + split
                + ", transform="
                + transform
                + ", baseSize="
                + baseSize().orElse(-1)
                + ", cropSize="
                + cropSize().orElse(-1)
                + ", scale=["
                + minScale
                + ", "
                + maxScale
                + "], seed="
                + seed
                + ", skipBad="
                + skipBad
                + ", threads="
                + threads().orElse(-1)
                + ", batch="
                + batchSize
                + ", shuffle="
                + shuffle
                + ", dropLast="
                + dropLast
                + "]";
    }

    /** Builder of {@link DatasetOptions}; {@link #build()} checks every value. */
    public static final class Builder {

        private @Nullable Path root;
        private String split = "train";
        private Transform transform = Transform.EVAL;
        // 0, NaN and null mean "unset": the dataset's own default applies.
        private int baseSize;
        private int cropSize;
        private double minScale = Double.NaN;
        private double maxScale = Double.NaN;
        private @Nullable Long seed;
        private boolean skipBad;
        private int threads;
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
         * Sets the split (default {@code train}).
         *
         * @param split the split name, e.g. {@code train}, {@code val}
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
         * Sets the base size of the training augmentation.
         *
         * @param baseSize the size the random scale multiplies, at least 1
         * @return this builder
         */
        public Builder baseSize(int baseSize) {
            this.baseSize = checkPositive("base size", baseSize);
            return this;
        }

        /**
         * Sets the training crop size.
         *
         * @param cropSize the side of every training item, at least 1
         * @return this builder
         */
        public Builder cropSize(int cropSize) {
            this.cropSize = checkPositive("crop size", cropSize);
            return this;
        }

        /**
         * Sets the range of the random long-side scale.
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
         * Sets the seed of the training augmentation.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Drops items that fail validation when the dataset is built (default off).
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
            this.threads = checkPositive("threads", threads);
            return this;
        }

        /**
         * Sets how {@code getData} batches the items (default: batches of 1, in order, keeping a
         * short last batch).
         *
         * @param batchSize the batch size, at least 1
         * @param shuffle whether to visit the items in a random order
         * @param dropLast whether to drop a last batch smaller than the batch size
         * @return this builder
         */
        public Builder sampling(int batchSize, boolean shuffle, boolean dropLast) {
            this.batchSize = checkPositive("batch size", batchSize);
            this.shuffle = shuffle;
            this.dropLast = dropLast;
            return this;
        }

        /**
         * Checks the options and builds the value.
         *
         * @return the options
         * @throws IllegalArgumentException naming the value when the split is blank or the scale
         *     range is not {@code 0 < min <= max}
         */
        public DatasetOptions build() {
            if (split.isBlank()) {
                throw new IllegalArgumentException("split '" + split + "' is blank");
            }
            boolean scaleSet = !Double.isNaN(minScale) || !Double.isNaN(maxScale);
            if (scaleSet && !(minScale > 0 && minScale <= maxScale && Double.isFinite(maxScale))) {
                throw new IllegalArgumentException(
                        "scale range ["
                                + minScale
                                + ", "
                                + maxScale
                                + "]: expected finite factors with 0 < min <= max");
            }
            return new DatasetOptions(this);
        }

        private static int checkPositive(String what, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " " + value + " must be at least 1");
            }
            return value;
        }
    }
}
