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
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The common base of every sanet segmentation dataset: a DJL {@link RandomAccessDataset} of (image,
 * label) pairs with a class table and the ignore index 255.
 *
 * <p>{@link #get(NDManager, long)} returns a {@link Record} whose data is {@code NDList[image]},
 * float32 of shape (3, H, W), RGB normalised with the ImageNet mean and standard deviation, and
 * whose labels are {@code NDList[label]}, int32 of shape (H, W), holding class ids with 255 =
 * ignore. With {@link Transform#TRAIN} every item is {@code crop x crop} (the random joint
 * augmentation of {@link JointTransform}), so DJL's default stack batchifier works; with {@link
 * Transform#EVAL} (the default) items keep their original size.
 *
 * <p>{@link #read(long)} gives the decoded original image and its mapped label map for evaluation
 * at original size; {@link #validate()} checks every item. {@code getData} iterates with a {@link
 * Loader}: decoding and augmentation run on a fixed-size thread pool with a bounded number of
 * batches prefetched (DJL's {@code optPrefetchNumber}, default 2).
 *
 * <p>Label values outside the class set (other than 255) are read as ignore; {@link #validate()}
 * and {@code sanet dataset stats} report them. PASCAL_DATA.md describes each layout.
 *
 * <p><b>Your own dataset type.</b> A subclass written outside this package lists its split in its
 * builder's {@code build()} and calls {@link #SegmentationDataset(Builder, String, List, List,
 * ItemReader)} with the class names, the items ({@link DatasetItem}: id, image file, label file)
 * and an {@link ItemReader} that decodes one item ({@link ItemReader#files()} reads VOC-style
 * images and palette/grayscale PNG labels). Its builder extends {@link Builder}, implements {@code
 * self()} and {@code build()}, and reads the common options through {@link Builder#root()}, {@link
 * Builder#split()}, {@link Builder#requireRoot(String)}. Everything else (augmentation, the
 * parallel loader, validation, {@code optSkipBad}) comes from this class. Register the builder with
 * {@link Datasets#register(String, java.util.function.Supplier)} to open it by name.
 */
public abstract class SegmentationDataset extends RandomAccessDataset
        implements AutoCloseable, EpochSeeded {

    /** The label value excluded from training and evaluation. */
    public static final int IGNORE_INDEX = 255;

    private static final Logger LOG = LoggerFactory.getLogger(SegmentationDataset.class);
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final String name;
    private final String split;
    private final List<String> classNames;
    private final List<Item> items;
    private final ItemSource source;
    private final Transform transform;
    private final JointTransform joint;
    private final long seed;

    /**
     * The seed of the items' random sources: {@code seed}, or the epoch's once a trainer set it.
     */
    private volatile long augmentationSeed;

    private final AtomicIntegerArray draws;
    private final int threads;
    private final List<Problem> skipped;
    private final Object poolLock = new Object();
    private final Deque<BatchBuffers> spareBuffers = new ConcurrentLinkedDeque<>();
    private @Nullable ExecutorService pool;

    /**
     * Creates a dataset written outside this package: the base of a custom dataset type. Call it
     * from the subclass's constructor, which its builder's {@code build()} calls after listing the
     * split's items.
     *
     * @param builder the builder, with the root, split, transform, augmentation, seed, skipping,
     *     threads and sampling options
     * @param name the name the dataset is registered under (reports and messages use it)
     * @param classNames the class names; the index of a name is its class id (1 to 255 names)
     * @param items the split's items, in order
     * @param reader decodes one item; called concurrently from the loader's threads
     * @throws IllegalArgumentException when the class count is not 1..255 or an item id repeats
     */
    protected SegmentationDataset(
            Builder<?> builder,
            String name,
            List<String> classNames,
            List<DatasetItem> items,
            ItemReader reader) {
        this(builder, name, custom(classNames, items, reader));
    }

    SegmentationDataset(Builder<?> builder, String name, Layout layout) {
        super(builder.withDefaultSampling());
        this.name = name;
        this.split = builder.split;
        this.classNames = List.copyOf(layout.classNames());
        this.source = guarded(layout.source());
        this.transform = builder.transform;
        this.joint = builder.joint();
        this.seed = builder.seed;
        this.augmentationSeed = builder.seed;
        this.threads = builder.threads;
        List<Item> all = List.copyOf(layout.items());
        if (builder.skipBad) {
            DatasetStats stats =
                    DatasetStats.inspect(name, split, classNames, all, this.source, threads, null);
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
        this.draws = new AtomicIntegerArray(items.size());
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
     * @return the transform with the builder's base size, crop size, scale range and flip
     */
    public JointTransform jointTransform() {
        return joint;
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
     * The number of items dropped by {@code optSkipBad(true)} because they failed validation.
     *
     * @return the count, 0 when skipping was off
     */
    public int skipped() {
        return skipped.size();
    }

    /**
     * The problems of the items dropped by {@code optSkipBad(true)}, one per item.
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
        Item it = item(index);
        Loaded loaded = source.load(it);
        BufferedImage image = loaded.image();
        LabelFiles.RawLabel raw = loaded.label();
        checkSize(it, image, raw);
        int[] values = raw.values();
        int[] mapped = new int[values.length];
        LabelMapping mapping = it.mapping();
        for (int i = 0; i < values.length; i++) {
            int m = mapping.map(values[i]);
            mapped[i] = m < 0 ? IGNORE_INDEX : m;
        }
        return new LabeledImage(image, mapped);
    }

    /**
     * Checks every item (unreadable image, missing or unreadable label, image/label size mismatch,
     * label values outside the class set other than 255), decoding in parallel.
     *
     * @return one problem per bad item, in item order; empty when all items are fine
     */
    public List<Problem> validate() {
        return DatasetStats.compute(this, threads, null).problems();
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
        List<Problem> problems = new ArrayList<>();
        for (Item it : items) {
            Problem p = itemProblem(it);
            if (p == null) {
                p = fileProblem(it.image(), "image");
            }
            if (p == null) {
                p = fileProblem(it.label(), "label");
            }
            if (p != null) {
                problems.add(p);
            }
        }
        return problems;
    }

    /**
     * What is wrong with an item before its files are opened: a split id that leaves the dataset
     * root (an absolute path, a {@code ..} segment, a NUL or a drive letter), or an image path that
     * is the label file itself. Null when neither.
     */
    static @Nullable Problem itemProblem(Item it) {
        String id = it.id();
        if (leavesRoot(id)) {
            return new Problem(
                    it.image(),
                    "split id '"
                            + id
                            + "' leaves the dataset root (an absolute path or a '..' part): ids"
                            + " name files inside the dataset; remove or correct it in the split"
                            + " file");
        }
        if (!isVirtual(it.image())
                && it.image()
                        .toAbsolutePath()
                        .normalize()
                        .equals(it.label().toAbsolutePath().normalize())) {
            return new Problem(
                    it.image(),
                    "the image path is the label file: restore the image or remove id '"
                            + id
                            + "' from the split file");
        }
        return null;
    }

    /** Whether a split id would resolve outside the folder it is resolved against. */
    static boolean leavesRoot(String id) {
        if (id.isEmpty()
                || id.indexOf('\0') >= 0
                || id.startsWith("/")
                || id.startsWith("\\")
                || id.matches("^[A-Za-z]:.*")) {
            return true;
        }
        for (String part : id.split("[/\\\\]")) {
            if (part.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isVirtual(Path p) {
        return p.getFileSystem() != java.nio.file.FileSystems.getDefault();
    }

    /** A source that refuses items {@link #itemProblem} finds wrong before reading any file. */
    private static ItemSource guarded(ItemSource inner) {
        return it -> {
            Problem p = itemProblem(it);
            if (p != null) {
                throw new ItemException(p.path(), p.problem(), null);
            }
            return inner.load(it);
        };
    }

    private static @Nullable Problem fileProblem(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            return new Problem(file, "missing " + what);
        }
        if (!Files.isReadable(file)) {
            return new Problem(file, "unreadable " + what + " (permission denied)");
        }
        return null;
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
     *     own fixed-size pool of {@code optThreads} threads
     * @return the batches of one pass
     */
    @Override
    public Iterable<Batch> getData(
            NDManager manager, Sampler sampler, @Nullable ExecutorService executorService) {
        ExecutorService exec = executorService != null ? executorService : pool();
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
        // Items are listed (and validated with optSkipBad) at build time.
    }

    /**
     * The number of items (after {@code optSkipBad}).
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
        synchronized (poolLock) {
            if (pool != null) {
                pool.shutdownNow();
                pool = null;
            }
            spareBuffers.clear();
        }
    }

    /** The number of loader threads. */
    int threads() {
        return threads;
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
            int draw = draws.getAndIncrement((int) index);
            li = joint.apply(li, new Random(mix(augmentationSeed, index, draw)));
        }
        return new Sample(JointTransform.toChw(li.image()), li.label(), li.height(), li.width());
    }

    /**
     * Reads one item, applies the random training crop and writes the normalised image and the
     * label straight into (direct) batch buffers; {@link Transform#TRAIN} only.
     */
    void sampleInto(long index, FloatBuffer images, int offset, IntBuffer labels, int labelOffset)
            throws ItemException {
        LabeledImage li = read(index);
        int draw = draws.getAndIncrement((int) index);
        Random random = new Random(mix(augmentationSeed, index, draw));
        joint.renderNormalized(
                li,
                joint.sample(li.width(), li.height(), random),
                images,
                offset,
                labels,
                labelOffset);
    }

    static void checkSize(Item it, BufferedImage image, LabelFiles.RawLabel raw)
            throws ItemException {
        checkSize(it.image(), it.label(), image, raw);
    }

    static void checkSize(
            Path imageFile, Path labelFile, BufferedImage image, LabelFiles.RawLabel raw)
            throws ItemException {
        if (raw.width() != image.getWidth() || raw.height() != image.getHeight()) {
            throw new ItemException(
                    labelFile,
                    "label is "
                            + raw.width()
                            + "x"
                            + raw.height()
                            + " but its image "
                            + imageFile.getFileName()
                            + " is "
                            + image.getWidth()
                            + "x"
                            + image.getHeight(),
                    null);
        }
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
        augmentationSeed = mix(seed, runSeed, epoch);
        for (int i = 0; i < draws.length(); i++) {
            draws.set(i, 0);
        }
    }

    /** A seed for item {@code index} at its {@code draw}-th use (SplitMix64 finaliser). */
    static long mix(long seed, long index, long draw) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1) + 0xD1B54A32D192ED03L * (draw + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private ExecutorService pool() {
        synchronized (poolLock) {
            if (pool == null) {
                int id = POOL_IDS.incrementAndGet();
                AtomicInteger n = new AtomicInteger();
                ThreadFactory factory =
                        r -> {
                            Thread t =
                                    new Thread(r, "sanet-loader-" + id + "-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        };
                pool = Executors.newFixedThreadPool(threads, factory);
            }
            return pool;
        }
    }

    /** The layout of a dataset written outside this package, checked. */
    private static Layout custom(
            List<String> classNames, List<DatasetItem> items, ItemReader reader) {
        Objects.requireNonNull(reader, "reader");
        if (classNames.isEmpty() || classNames.size() > IGNORE_INDEX) {
            throw new IllegalArgumentException(
                    classNames.size()
                            + " class names: expected 1 to "
                            + IGNORE_INDEX
                            + " ("
                            + IGNORE_INDEX
                            + " is the ignore label)");
        }
        LabelMapping mapping = LabelMapping.identity(classNames.size(), IGNORE_INDEX);
        Set<String> ids = new HashSet<>();
        List<Item> list = new ArrayList<>(items.size());
        for (DatasetItem it : items) {
            if (!ids.add(it.id())) {
                throw new IllegalArgumentException(
                        "item id '" + it.id() + "' appears twice (image " + it.image() + ")");
            }
            list.add(new Item(it.id(), it.image(), it.label(), LabelFiles.Format.PNG, mapping));
        }
        ItemSource source =
                it -> {
                    LabeledImage li;
                    try {
                        li = reader.read(new DatasetItem(it.id(), it.image(), it.label()));
                    } catch (IllegalArgumentException e) {
                        // A reader that builds a LabeledImage of the wrong size fails here; the
                        // item is bad, not the run.
                        throw new ItemException(it.label(), e.getMessage(), e);
                    }
                    return new Loaded(
                            li.image(),
                            new LabelFiles.RawLabel(li.width(), li.height(), li.label()));
                };
        return new Layout(classNames, list, source);
    }

    /** An item transformed and normalised: CHW floats and row-major labels. */
    record Sample(float[] image, int[] label, int height, int width) {}

    /** A decoded image and raw label, before mapping. */
    record Loaded(BufferedImage image, LabelFiles.RawLabel label) {}

    /** Decodes items: from files, or generated in memory. */
    @FunctionalInterface
    interface ItemSource {
        Loaded load(Item item) throws ItemException;
    }

    /** Reads image and label files; true-colour label PNGs go through the colour table if any. */
    static ItemSource files(@Nullable Map<Integer, Integer> colors) {
        return it -> {
            BufferedImage image = ImageFiles.read(it.image());
            LabelFiles.RawLabel label = LabelFiles.read(it.label(), it.format(), colors);
            return new Loaded(image, label);
        };
    }

    /** What a dataset builder found on disk: class names, items and how to decode them. */
    record Layout(List<String> classNames, List<Item> items, ItemSource source) {
        static Layout ofFiles(List<String> classNames, List<Item> items) {
            return new Layout(classNames, items, files(null));
        }
    }

    /**
     * Options shared by every dataset builder: root, split, transform, augmentation, seed, skipping
     * of bad items and loader threads, plus DJL's sampling, limit and prefetch options.
     *
     * @param <T> the concrete builder type
     */
    public abstract static class Builder<T extends Builder<T>>
            extends RandomAccessDataset.BaseBuilder<T> {

        @Nullable Path root;
        String split = "train";
        Transform transform = Transform.EVAL;
        int baseSize = 520;
        int cropSize = 480;
        double minScale = 0.5;
        double maxScale = 2.0;
        boolean flip = true;
        long seed = 42;
        boolean skipBad;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        boolean sizesSet;

        /** For the builders of subclasses; a subclass builder sets its own defaults here. */
        protected Builder() {}

        /**
         * The dataset root given with {@link #optRoot(Path)}, for a subclass's {@code build()}.
         *
         * @return the root, or {@code null} when none was given
         */
        protected @Nullable Path root() {
            return root;
        }

        /**
         * The split given with {@link #optSplit(String)} (default {@code train}), for a subclass's
         * {@code build()}.
         *
         * @return the split name
         */
        protected String split() {
            return split;
        }

        /**
         * Whether this dataset reads files under a root folder (default true). A dataset that
         * generates its items (such as {@code synthetic}) overrides it to return false, so that
         * callers can tell a missing root apart from a wrong one before building.
         *
         * @return true when {@code build()} needs {@link #optRoot(Path)}
         */
        public boolean requiresRoot() {
            return true;
        }

        /**
         * Sets the dataset root: the folder that holds {@code VOCdevkit/} (and {@code
         * benchmark_RELEASE/} or {@code trainval/}), or a VOC-layout folder for {@code folder}.
         *
         * @param root the root folder
         * @return this builder
         */
        public T optRoot(Path root) {
            this.root = root;
            return self();
        }

        /**
         * Sets the split (default {@code train}); the names each dataset accepts are in
         * docs/data.md.
         *
         * @param split the split name, e.g. {@code train}, {@code val}, {@code trainval}
         * @return this builder
         */
        public T optSplit(String split) {
            this.split = split;
            return self();
        }

        /**
         * Sets the transform mode (default {@link Transform#EVAL}).
         *
         * @param transform {@link Transform#TRAIN} for random crops, {@link Transform#EVAL} for
         *     original-size items
         * @return this builder
         */
        public T optTransform(Transform transform) {
            this.transform = transform;
            return self();
        }

        /**
         * Sets the base size of the training augmentation (default 520).
         *
         * @param baseSize the size the random scale multiplies
         * @return this builder
         */
        public T optBaseSize(int baseSize) {
            this.baseSize = baseSize;
            this.sizesSet = true;
            return self();
        }

        /**
         * Sets the training crop size (default 480).
         *
         * @param cropSize the side of every training item
         * @return this builder
         */
        public T optCropSize(int cropSize) {
            this.cropSize = cropSize;
            this.sizesSet = true;
            return self();
        }

        /**
         * Sets the range of the random long-side scale (default [0.5, 2.0]).
         *
         * @param min the smallest factor
         * @param max the largest factor
         * @return this builder
         */
        public T optScaleRange(double min, double max) {
            this.minScale = min;
            this.maxScale = max;
            return self();
        }

        /**
         * Enables or disables the random horizontal flip (default on).
         *
         * @param flip whether to flip with probability 0.5
         * @return this builder
         */
        public T optFlip(boolean flip) {
            this.flip = flip;
            return self();
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
        public T optSeed(long seed) {
            this.seed = seed;
            return self();
        }

        /**
         * Drops items that fail validation when the dataset is built (default off). Validation
         * decodes every item once, in parallel; {@link SegmentationDataset#skipped()} tells how
         * many were dropped.
         *
         * @param skipBad whether to drop bad items
         * @return this builder
         */
        public T optSkipBad(boolean skipBad) {
            this.skipBad = skipBad;
            return self();
        }

        /**
         * Sets the number of loader threads (default: the number of processors).
         *
         * @param threads the fixed pool size, at least 1
         * @return this builder
         */
        public T optThreads(int threads) {
            this.threads = threads;
            return self();
        }

        /**
         * Builds the dataset, listing (and with {@code optSkipBad} validating) its items.
         *
         * @return the dataset
         * @throws IllegalArgumentException with one line naming the expected path when the root, a
         *     layout folder or the split file is missing, or a value is out of range
         */
        public abstract SegmentationDataset build();

        JointTransform joint() {
            return JointTransform.builder()
                    .optBaseSize(baseSize)
                    .optCropSize(cropSize)
                    .optScaleRange(minScale, maxScale)
                    .optFlip(flip)
                    .optIgnoreIndex(IGNORE_INDEX)
                    .build();
        }

        Builder<T> withDefaultSampling() {
            if (sampler == null) {
                setSampling(1, false);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads " + threads + " must be at least 1");
            }
            return this;
        }

        /**
         * The root, checked to exist as a folder: for a subclass's {@code build()}.
         *
         * @param expected what the root should hold, for the message (e.g. {@code
         *     VOCdevkit/VOC2012})
         * @return the root
         * @throws IllegalArgumentException naming the root and what it should hold when no root was
         *     given or it is not a folder
         */
        protected Path requireRoot(String expected) {
            if (root == null) {
                throw new IllegalArgumentException(
                        "the dataset root is missing: give the folder that holds " + expected);
            }
            if (!java.nio.file.Files.isDirectory(root)) {
                throw new IllegalArgumentException(
                        "dataset root "
                                + root
                                + " does not exist or is not a folder: give the folder that holds "
                                + expected);
            }
            return root;
        }
    }

    /** Items listed in a split file, in file order, for messages and layout code. */
    static List<String> readIds(Path splitFile, String what) {
        if (!java.nio.file.Files.isRegularFile(splitFile)) {
            throw new IllegalArgumentException(
                    "split file " + splitFile + " does not exist: " + what);
        }
        List<String> ids = new ArrayList<>();
        try {
            for (String line : java.nio.file.Files.readAllLines(splitFile)) {
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                ids.add(s.split("\\s+")[0]);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "split file " + splitFile + " cannot be read (" + ImageFiles.reason(e) + ")",
                    e);
        }
        return ids;
    }
}
