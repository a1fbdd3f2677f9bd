package dev.sanet.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Per-class pixel counts and a validation of every item of a dataset split: what {@code sanet
 * dataset stats} prints.
 *
 * <p>Each item is decoded once (in parallel) and checked for: an unreadable or missing image, a
 * missing or unreadable label, an image/label size mismatch, and label values outside the class set
 * other than the ignore index. A bad item gives exactly one {@link Problem} (the first found) and
 * contributes no pixels to the counts; the counts are taken after the dataset's label mapping (e.g.
 * Context 459 → 59/60), with ignore pixels (255) counted apart.
 */
public final class DatasetStats {

    private static final int MAX_LISTED_VALUES = 8;

    private final String dataset;
    private final String split;
    private final int images;
    private final List<String> classNames;
    private final long[] pixelsPerClass;
    private final long ignorePixels;
    private final List<Problem> problems;
    private final List<Item> goodItems;

    private DatasetStats(
            String dataset,
            String split,
            int images,
            List<String> classNames,
            long[] pixelsPerClass,
            long ignorePixels,
            List<Problem> problems,
            List<Item> goodItems) {
        this.dataset = dataset;
        this.split = split;
        this.images = images;
        this.classNames = List.copyOf(classNames);
        this.pixelsPerClass = pixelsPerClass;
        this.ignorePixels = ignorePixels;
        this.problems = List.copyOf(problems);
        this.goodItems = List.copyOf(goodItems);
    }

    /**
     * Reads and checks every item of a dataset (up to its {@code optLimit}).
     *
     * @param ds the dataset
     * @param threads the number of decoding threads, at least 1
     * @param progress called on the caller's thread with the number of items done so far, or {@code
     *     null}
     * @return the counts and problems
     */
    public static DatasetStats compute(
            SegmentationDataset ds, int threads, @Nullable IntConsumer progress) {
        List<Item> items = ds.items().subList(0, (int) ds.size());
        return inspect(
                ds.name(), ds.split(), ds.classNames(), items, ds.source(), threads, progress);
    }

    static DatasetStats inspect(
            String dataset,
            String split,
            List<String> classNames,
            List<Item> items,
            ItemSource source,
            int threads,
            @Nullable IntConsumer progress) {
        int k = classNames.size();
        long[] counts = new long[k];
        long ignore = 0;
        List<Problem> problems = new ArrayList<>();
        List<Item> good = new ArrayList<>();
        ExecutorService exec = Executors.newFixedThreadPool(Math.max(1, threads), daemon());
        try {
            List<Future<ItemResult>> futures = new ArrayList<>(items.size());
            for (Item it : items) {
                futures.add(exec.submit(() -> inspectItem(it, source, k)));
            }
            for (int i = 0; i < futures.size(); i++) {
                ItemResult r = futures.get(i).get();
                if (r.problem() != null) {
                    problems.add(r.problem());
                } else {
                    good.add(items.get(i));
                    for (int c = 0; c < k; c++) {
                        counts[c] += r.counts()[c];
                    }
                    ignore += r.ignore();
                }
                if (progress != null) {
                    progress.accept(i + 1);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + dataset, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "failed while reading " + dataset + ": " + e.getCause(), e.getCause());
        } finally {
            exec.shutdownNow();
        }
        return new DatasetStats(
                dataset, split, items.size(), classNames, counts, ignore, problems, good);
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "sanet-stats");
            t.setDaemon(true);
            return t;
        };
    }

    private record ItemResult(@Nullable Problem problem, long[] counts, long ignore) {}

    private static ItemResult inspectItem(Item it, ItemSource source, int k) {
        long[] counts = new long[k];
        ItemSource.Loaded loaded;
        try {
            loaded = source.load(it);
            ItemChecks.checkSize(it, loaded.image(), loaded.label());
        } catch (ItemException e) {
            return new ItemResult(e.problem(), counts, 0);
        } catch (RuntimeException e) {
            return new ItemResult(
                    new Problem(it.label(), "unreadable item (" + ImageFiles.reason(e) + ")"),
                    counts,
                    0);
        }
        long ignore = 0;
        Map<Integer, Long> invalid = null;
        LabelMapping mapping = it.mapping();
        for (int raw : loaded.label().values()) {
            int m = mapping.map(raw);
            if (m == SegmentationDataset.IGNORE_INDEX) {
                ignore++;
            } else if (m >= 0 && m < k) {
                counts[m]++;
            } else {
                if (invalid == null) {
                    invalid = new TreeMap<>();
                }
                invalid.merge(raw, 1L, Long::sum);
            }
        }
        if (invalid != null) {
            return new ItemResult(
                    new Problem(it.label(), describeInvalid(invalid, mapping)), new long[k], 0);
        }
        return new ItemResult(null, counts, ignore);
    }

    private static String describeInvalid(Map<Integer, Long> invalid, LabelMapping mapping) {
        StringBuilder sb = new StringBuilder("label values outside the class set: ");
        int listed = 0;
        for (Map.Entry<Integer, Long> e : invalid.entrySet()) {
            if (listed == MAX_LISTED_VALUES) {
                sb.append(", ... (").append(invalid.size() - listed).append(" more)");
                break;
            }
            if (listed > 0) {
                sb.append(", ");
            }
            String value =
                    e.getKey() == LabelFiles.UNKNOWN_COLOR
                            ? "colours not in labelmap.txt"
                            : String.valueOf(e.getKey());
            sb.append(value).append(" (").append(e.getValue()).append(" px)");
            listed++;
        }
        sb.append("; expected ").append(mapping.expected());
        return sb.toString();
    }

    /**
     * The dataset name.
     *
     * @return e.g. {@code voc}
     */
    public String dataset() {
        return dataset;
    }

    /**
     * The split name.
     *
     * @return e.g. {@code val}
     */
    public String split() {
        return split;
    }

    /**
     * The number of items checked (good and bad).
     *
     * @return the item count
     */
    public int images() {
        return images;
    }

    /**
     * The class names, index = class id.
     *
     * @return an immutable list
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * Pixels per class id over the items without problems.
     *
     * @return a new array of {@code classNames().size()} counts
     */
    public long[] pixelsPerClass() {
        return pixelsPerClass.clone();
    }

    /**
     * Pixels per class name, in class id order, over the items without problems.
     *
     * @return a new insertion-ordered map name → count
     */
    public Map<String, Long> pixelsPerClassByName() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            out.merge(classNames.get(c), pixelsPerClass[c], Long::sum);
        }
        return out;
    }

    /**
     * Pixels labelled 255 (ignore) after mapping, over the items without problems.
     *
     * @return the count
     */
    public long ignorePixels() {
        return ignorePixels;
    }

    /**
     * One problem per bad item, in item order.
     *
     * @return an immutable list, empty when every item is fine
     */
    public List<Problem> problems() {
        return Collections.unmodifiableList(problems);
    }

    List<Item> goodItems() {
        return goodItems;
    }
}
