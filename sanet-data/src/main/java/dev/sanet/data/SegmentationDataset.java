package dev.sanet.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.util.Progress;
import dev.sanet.core.data.EpochSeeded;
import dev.sanet.core.io.HostArrays;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The common base of every sanet segmentation dataset: a DJL {@link RandomAccessDataset} of (image,
 * label) pairs with a class table and the ignore index 255, built from one {@link DatasetOptions}.
 *
 * <p>{@link #get(NDManager, long)} returns a {@link Record} whose data is {@code NDList[image]},
 * float32 of shape (3, H, W), RGB normalised with the ImageNet mean and standard deviation, and
 * whose labels are {@code NDList[label]}, int32 of shape (H, W), holding class ids with 255 =
 * ignore. With {@link Transform#TRAIN} every item is {@code crop x crop} (the random joint
 * augmentation of {@link JointTransform}, seeded as {@link #seedEpoch} says), so DJL's default
 * stack batchifier works; with {@link Transform#EVAL} (the default) items keep their original size.
 *
 * <p>{@link #read(long)} gives the decoded original image and its mapped label map for evaluation
 * at original size; {@link #validate()} checks every item, {@link #checkFiles()} only that their
 * files are there. {@code getData} iterates with a {@link Loader}: decoding and augmentation run on
 * a fixed-size thread pool with a bounded number of batches prefetched (DJL's {@code
 * optPrefetchNumber}, default 2).
 *
 * <p>Label values outside the class set (other than 255) are read as ignore; {@link #validate()}
 * and {@code sanet dataset stats} report them. docs/pascal-data.md describes each layout.
 *
 * <p><b>Your own dataset type.</b> A subclass written outside this package lists its split in its
 * builder's {@code build()} and calls {@link #SegmentationDataset(DatasetBuilder, String, List,
 * List, ItemReader)} with the class names, the items ({@link DatasetItem}: id, image file, label
 * file) and an {@link ItemReader} that decodes one item ({@link ItemReader#files()} reads VOC-style
 * images and palette/grayscale PNG labels). Its builder extends {@link DatasetBuilder}. Everything
 * else (augmentation, the parallel loader, validation, skipping bad items) comes from this class.
 * Register the builder with {@link Datasets#register(String, java.util.function.Supplier)} to open
 * it by name.
 */
public abstract class SegmentationDataset extends RandomAccessDataset
        implements AutoCloseable, EpochSeeded {

    /** The label value excluded from training and evaluation. */
    public static final int IGNORE_INDEX = 255;

    private static final Logger LOG = LoggerFactory.getLogger(SegmentationDataset.class);

    private final String name;
    private final String split;
    private final List<String> classNames;
    private final List<Item> items;
    private final ItemSource source;
    private final Transform transform;
    private final Augmentation augmentation;
    private final LoaderThreads threads;
    private final List<Problem> skipped;
    private final Deque<BatchBuffers> spareBuffers = new ConcurrentLinkedDeque<>();

    /**
     * Creates a dataset written outside this package: the base of a custom dataset type. Call it
     * from the subclass's constructor, which its builder's {@code build()} calls after listing the
     * split's items.
     *
     * @param builder the builder, with the settings ({@link DatasetBuilder#options()})
     * @param name the name the dataset is registered under (reports and messages use it)
     * @param classNames the class names; the index of a name is its class id (1 to 255 names)
     * @param items the split's items, in order
     * @param reader decodes one item; called concurrently from the loader's threads
     * @throws IllegalArgumentException when the class count is not 1..255 or an item id repeats
     */
    protected SegmentationDataset(
            DatasetBuilder<?> builder,
            String name,
            List<String> classNames,
            List<DatasetItem> items,
            ItemReader reader) {
        this(builder, name, Layout.custom(classNames, items, reader));
    }

    SegmentationDataset(DatasetBuilder<?> builder, String name, Layout layout) {
        super(builder.withSampling());
        DatasetOptions options = builder.options();
        // Before the (slow) validation of skipBad: a bad augmentation setting fails at once.
        JointTransform joint = builder.joint();
        this.name = name;
        this.split = options.split();
        this.classNames = List.copyOf(layout.classNames());
        this.source = ItemSource.guarded(layout.source());
        this.transform = options.transform();
        this.threads = new LoaderThreads(builder.threads());
        List<Item> all = List.copyOf(layout.items());
        if (options.skipBad()) {
            DatasetStats stats =
                    DatasetStats.inspect(
                            name, split, classNames, all, this.source, threads.count(), null);
            this.skipped = stats.problems();
            this.items = stats.goodItems();
            if (!skipped.isEmpty()) {
                LOG.warn(
                        "{} {}: skipped {} of {} items that failed validation",
                        name,
                        split,
                        skipped.size(),
                        all.size());
            }
        } else {
            this.skipped = List.of();
            this.items = all;
        }
        this.augmentation = new Augmentation(joint, builder.seed(), items.size());
    }

    /**
     * The name the dataset is registered under ({@code voc}, {@code voc-aug}, {@code context59},
     * {@code context60}, {@code folder}, {@code synthetic}, or a name given to {@link
     * Datasets#register}).
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The split this dataset reads ({@code train}, {@code val}, ...).
     *
     * @return the split name
     */
    public String split() {
        return split;
    }

    /**
     * The class names; the index of a name is its class id.
     *
     * @return an immutable list of {@link #numClasses()} names
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * The number of classes (21 for VOC, 59 or 60 for Context, ...).
     *
     * @return the class count; class ids are {@code 0..numClasses()-1}
     */
    public int numClasses() {
        return classNames.size();
    }

    /**
     * The label value that marks pixels to ignore.
     *
     * @return 255
     */
    public int ignoreIndex() {
        return IGNORE_INDEX;
    }

    /**
     * The transform mode the dataset was built with.
     *
     * @return {@link Transform#TRAIN} or {@link Transform#EVAL}
     */
    public Transform transform() {
        return transform;
    }

    /**
     * The joint augmentation used in {@link Transform#TRAIN} mode.
     *
     * @return the transform with the settings' resolution, scale range and flip
     */
    public JointTransform jointTransform() {
        return augmentation.joint();
    }

    /**
     * The id of an item (e.g. {@code 2007_000032}).
     *
     * @param index the item index, {@code 0 <= index < size()}
     * @return the id
     */
    public String id(long index) {
        return item(index).id();
    }

    /**
     * The image file of an item (a virtual path for the in-memory synthetic dataset).
     *
     * @param index the item index
     * @return the path
     */
    public Path imagePath(long index) {
        return item(index).image();
    }

    /**
     * The label file of an item (a virtual path for the in-memory synthetic dataset).
     *
     * @param index the item index
     * @return the path
     */
    public Path labelPath(long index) {
        return item(index).label();
    }

    /**
     * The number of items dropped by {@link DatasetOptions#skipBad()}: they failed validation.
     *
     * @return the count, 0 when skipping was off
     */
    public int skipped() {
        return skipped.size();
    }

    /**
     * The problems of the items dropped by {@link DatasetOptions#skipBad()}, one per item.
     *
     * @return an immutable list, empty when skipping was off
     */
    public List<Problem> skippedProblems() {
        return skipped;
    }

    /**
     * Decodes an item at its original size: the RGB image and the label mapped to class ids (raw
     * values outside the class set become 255).
     *
     * @param index the item index
     * @return the image and its label map
     * @throws ItemException when the image or label cannot be read or their sizes differ
     */
    public LabeledImage read(long index) throws ItemException {
        return source.read(item(index));
    }

    /**
     * Checks every item (unreadable image, missing or unreadable label, image/label size mismatch,
     * label values outside the class set other than 255), decoding in parallel.
     *
     * @return one problem per bad item, in item order; empty when all items are fine
     */
    public List<Problem> validate() {
        return DatasetStats.compute(this, threads.count(), null).problems();
    }

    /**
     * Checks that every item's image and label file exists and can be read, without decoding them:
     * two file-system lookups per item, cheap enough to run before every long job so that a missing
     * file stops it at once rather than in the middle of an epoch. {@link #validate()} decodes
     * every item for the full check.
     *
     * @return one problem per item whose image or label is missing or unreadable, in item order;
     *     empty when every file is there
     */
    public List<Problem> missingFiles() {
        return ItemChecks.missingFiles(items);
    }

    /**
     * Stops when an item's image or label file is missing or unreadable ({@link #missingFiles()}):
     * the check a long job (training, evaluation) runs before it starts.
     *
     * @throws MissingFilesException naming the dataset, the split, how many items are affected and
     *     every file at fault
     */
    public void checkFiles() throws MissingFilesException {
        List<Problem> missing = missingFiles();
        if (!missing.isEmpty()) {
            throw new MissingFilesException(name, split, size(), missing);
        }
    }

    /**
     * Reads one item and applies the dataset's transform.
     *
     * @param manager the manager that owns the returned arrays
     * @param index the item index
     * @return data {@code [image (3, H, W) float32]}, labels {@code [label (H, W) int32]}
     * @throws IOException ({@link ItemException}) when the item cannot be read
     */
    @Override
    public Record get(NDManager manager, long index) throws IOException {
        Sample s = sample(index);
        NDArray image = HostArrays.floats(manager, s.image(), new Shape(3, s.height(), s.width()));
        NDArray label = HostArrays.ints(manager, s.label(), new Shape(s.height(), s.width()));
        return new Record(new NDList(image), new NDList(label));
    }

    /**
     * Iterates in batches with a {@link Loader} on this dataset's thread pool.
     *
     * @param manager the manager the batches are created under
     * @return the batches of one pass
     */
    @Override
    public Iterable<Batch> getData(NDManager manager) {
        return getData(manager, sampler, null);
    }

    /**
     * Iterates in batches with a {@link Loader} on the given executor.
     *
     * @param manager the manager the batches are created under
     * @param executorService the executor that decodes items, or {@code null} for this dataset's
     *     own fixed-size pool
     * @return the batches of one pass
     */
    @Override
    public Iterable<Batch> getData(NDManager manager, @Nullable ExecutorService executorService) {
        return getData(manager, sampler, executorService);
    }

    /**
     * Iterates in batches with a {@link Loader} and a custom sampler.
     *
     * @param manager the manager the batches are created under
     * @param sampler the sampler
     * @return the batches of one pass
     */
    @Override
    public Iterable<Batch> getData(NDManager manager, Sampler sampler) {
        return getData(manager, sampler, null);
    }

    /**
     * Iterates in batches with a {@link Loader}: items are decoded and augmented in parallel, with
     * at most {@code prefetchNumber} batches (at least 1) in flight ahead of the consumer.
     *
     * @param manager the manager the batches are created under
     * @param sampler the sampler
     * @param executorService the executor that decodes items, or {@code null} for this dataset's
     *     own fixed-size pool of {@link DatasetOptions#threads()} threads
     * @return the batches of one pass
     */
    @Override
    public Iterable<Batch> getData(
            NDManager manager, Sampler sampler, @Nullable ExecutorService executorService) {
        ExecutorService exec = executorService != null ? executorService : threads.pool();
        return new Loader(
                this,
                manager,
                sampler,
                exec,
                Math.max(1, prefetchNumber),
                dataBatchifier,
                labelBatchifier,
                pipeline,
                targetPipeline,
                device);
    }

    /**
     * Nothing to prepare: items are listed when the dataset is built.
     *
     * @param progress ignored
     */
    @Override
    public void prepare(@Nullable Progress progress) {
        // Items are listed (and validated with skipBad) at build time.
    }

    /**
     * The number of items (after {@link DatasetOptions#skipBad()}).
     *
     * @return the item count
     */
    @Override
    protected long availableSize() {
        return items.size();
    }

    /** Stops the loader threads of this dataset, if any were started. */
    @Override
    public void close() {
        threads.close();
        spareBuffers.clear();
    }

    /**
     * Seeds the training augmentation of an epoch (the trainer calls it before each epoch): from
     * then on item {@code i}'s k-th read of the epoch draws from the dataset's seed, the run's
     * seed, the epoch, {@code i} and k, so an epoch's crops, scales and flips do not depend on the
     * epochs this process read before, and a resumed run draws what an uninterrupted one did.
     *
     * @param runSeed the run's seed
     * @param epoch the 1-based epoch
     */
    @Override
    public void seedEpoch(long runSeed, int epoch) {
        augmentation.seedEpoch(runSeed, epoch);
    }

    List<Item> items() {
        return items;
    }

    /** Direct batch buffers left by earlier batches, for reuse by the loader. */
    Deque<BatchBuffers> spareBuffers() {
        return spareBuffers;
    }

    ItemSource source() {
        return source;
    }

    Item item(long index) {
        Objects.checkIndex(index, items.size());
        return items.get((int) index);
    }

    /** Reads, transforms and normalises one item. */
    Sample sample(long index) throws ItemException {
        LabeledImage li = read(index);
        if (transform == Transform.TRAIN) {
            li = augmentation.apply(li, index);
        }
        return new Sample(JointTransform.toChw(li.image()), li.label(), li.height(), li.width());
    }

    /**
     * Reads one item, applies the random training crop and writes the normalised image and the
     * label straight into (direct) batch buffers; {@link Transform#TRAIN} only.
     */
    void sampleInto(long index, FloatBuffer images, int offset, IntBuffer labels, int labelOffset)
            throws ItemException {
        augmentation.renderInto(read(index), index, images, offset, labels, labelOffset);
    }
}
