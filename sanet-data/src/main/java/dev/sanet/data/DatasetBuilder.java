package dev.sanet.data;

import ai.djl.training.dataset.RandomAccessDataset;
import dev.sanet.core.data.Resolution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The builder every {@link SegmentationDataset} type extends. Its settings are one {@link
 * DatasetOptions} value ({@link #options(DatasetOptions)}): root, split, transform, resolution,
 * scale range, flip, seed, skipping, threads and sampling; none is declared here again. A dataset
 * type adds only what is its own (the synthetic dataset's image count and size, say). DJL's batch
 * options that are not sanet settings ({@code optPrefetchNumber}, {@code optLimit}, pipelines,
 * batchifiers, {@code setSampling(Sampler)} for a custom sampler) stay available; the batch size,
 * order and last-batch rule are {@link DatasetOptions.Builder#sampling}.
 *
 * <p>A builder of a type written outside this package implements {@code self()} and {@code
 * build()}, reads the settings through {@link #options()}, {@link #root()}, {@link #split()} and
 * {@link #requireRoot(String)}, and hands the split's items to {@link
 * SegmentationDataset#SegmentationDataset(DatasetBuilder, String, java.util.List, java.util.List,
 * ItemReader)}.
 *
 * @param <T> the concrete builder type
 */
public abstract class DatasetBuilder<T extends DatasetBuilder<T>>
        extends RandomAccessDataset.BaseBuilder<T> {

    private DatasetOptions options = DatasetOptions.builder().build();

    /** For the builders of dataset types. */
    protected DatasetBuilder() {}

    /**
     * Sets every dataset setting at once (default: {@code DatasetOptions.builder().build()}, every
     * setting unset).
     *
     * @param options the settings
     * @return this builder
     */
    public T options(DatasetOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return self();
    }

    /**
     * The settings given with {@link #options(DatasetOptions)}, for a subclass's {@code build()}.
     *
     * @return the settings
     */
    protected DatasetOptions options() {
        return options;
    }

    /**
     * The dataset root of the settings, for a subclass's {@code build()}.
     *
     * @return the root, or {@code null} when none was given
     */
    protected @Nullable Path root() {
        return options.root();
    }

    /**
     * The split of the settings (default {@code train}), for a subclass's {@code build()}.
     *
     * @return the split name
     */
    protected String split() {
        return options.split();
    }

    /**
     * Whether this dataset reads files under a root folder (default true). A dataset that generates
     * its items (such as {@code synthetic}) overrides it to return false, so that callers can tell
     * a missing root apart from a wrong one before building.
     *
     * @return true when {@code build()} needs {@link DatasetOptions#root()}
     */
    public boolean requiresRoot() {
        return true;
    }

    /**
     * Refused: the batch size and order are the {@link DatasetOptions.Builder#sampling} setting.
     *
     * @param batchSize ignored
     * @param shuffle ignored
     * @return never
     * @throws UnsupportedOperationException always, naming the setting to use
     */
    @Override
    public final T setSampling(int batchSize, boolean shuffle) {
        throw samplingIsAnOption();
    }

    /**
     * Refused: the batch size, order and last-batch rule are the {@link
     * DatasetOptions.Builder#sampling} setting.
     *
     * @param batchSize ignored
     * @param shuffle ignored
     * @param dropLast ignored
     * @return never
     * @throws UnsupportedOperationException always, naming the setting to use
     */
    @Override
    public final T setSampling(int batchSize, boolean shuffle, boolean dropLast) {
        throw samplingIsAnOption();
    }

    private static UnsupportedOperationException samplingIsAnOption() {
        return new UnsupportedOperationException(
                "a dataset's sampling is a DatasetOptions setting: give"
                        + " DatasetOptions.builder().sampling(batchSize, shuffle, dropLast) to"
                        + " options(...)");
    }

    /**
     * Builds the dataset, listing (and with {@link DatasetOptions#skipBad()} validating) its items.
     *
     * @return the dataset
     * @throws IllegalArgumentException with one line naming the expected path when the root, a
     *     layout folder or the split file is missing, or a value is out of range
     */
    public abstract SegmentationDataset build();

    /**
     * The root, checked to exist as a folder: for a subclass's {@code build()}.
     *
     * @param expected what the root should hold, for the message (e.g. {@code VOCdevkit/VOC2012})
     * @return the root
     * @throws IllegalArgumentException naming the root and what it should hold when no root was
     *     given or it is not a folder
     */
    protected Path requireRoot(String expected) {
        Path root = options.root();
        if (root == null) {
            throw new IllegalArgumentException(
                    "the dataset root is missing: give the folder that holds " + expected);
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(
                    "dataset root "
                            + root
                            + " does not exist or is not a folder: give the folder that holds "
                            + expected);
        }
        return root;
    }

    /**
     * The base and crop size when the settings give none: the paper's. The synthetic dataset
     * overrides it with its image sides.
     */
    int[] defaultSizes() {
        return new int[] {Resolution.PAPER.baseSize(), Resolution.PAPER.cropSize()};
    }

    /** The joint augmentation the settings describe. */
    JointTransform joint() {
        int[] sizes =
                options.resolution()
                        .map(r -> new int[] {r.baseSize(), r.cropSize()})
                        .orElseGet(this::defaultSizes);
        return JointTransform.builder()
                .optBaseSize(sizes[0])
                .optCropSize(sizes[1])
                .optScaleRange(options.minScale().orElse(0.5), options.maxScale().orElse(2.0))
                .optFlip(options.flip())
                .optIgnoreIndex(SegmentationDataset.IGNORE_INDEX)
                .build();
    }

    /** This builder with the settings' sampling, unless a custom {@code Sampler} was given. */
    DatasetBuilder<T> withSampling() {
        if (sampler == null) {
            super.setSampling(options.batchSize(), options.shuffle(), options.dropLast());
        }
        return this;
    }

    /** The number of loader threads: the settings', or one per processor. */
    int threads() {
        return options.threads().orElse(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** The augmentation seed: the settings', or 42. */
    long seed() {
        return options.seed().orElse(42);
    }
}
