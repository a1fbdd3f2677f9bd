package dev.sanet.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The datasets by name: the built-in ones ({@code voc}, {@code voc-aug}, {@code context59}, {@code
 * context60}, {@code folder}, {@code synthetic}) and any registered with {@link #register}, and the
 * one way to open a dataset by name ({@link #open(String, DatasetOptions)}).
 *
 * <p>Names are case-insensitive. The registry is shared by the whole JVM and safe to use from
 * several threads; registering a name once, before the first {@code open}, is the intended use.
 *
 * <pre>{@code
 * Datasets.register("my-shapes", MyShapesDataset::builder);
 * try (SegmentationDataset train =
 *         Datasets.open("my-shapes", DatasetOptions.builder().root(dir).split("train").build())) {
 *     ...
 * }
 * }</pre>
 */
public final class Datasets {

    /** Lower-case letters and digits, then also '.', '_' or '-': what a command line can pass. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private static final Set<String> BUILT_IN =
            Set.of("voc", "voc-aug", "context59", "context60", "folder", "synthetic");

    /** Insertion-ordered, so that messages list the built-in names first; guarded by itself. */
    private static final Map<String, Supplier<? extends DatasetBuilder<?>>> FACTORIES =
            new LinkedHashMap<>();

    static {
        FACTORIES.put("voc", VocDataset::builder);
        FACTORIES.put("voc-aug", VocAugDataset::builder);
        FACTORIES.put("context59", () -> ContextDataset.builder(false));
        FACTORIES.put("context60", () -> ContextDataset.builder(true));
        FACTORIES.put("folder", FolderDataset::builder);
        FACTORIES.put("synthetic", SyntheticDataset::builder);
    }

    private Datasets() {}

    /**
     * Makes a dataset type openable by name: {@link #builder(String)} and {@link #open(String,
     * DatasetOptions)} then call {@code factory} for a fresh builder each time.
     *
     * @param name the name, case-insensitive: a letter or digit, then letters, digits, '.', '_' or
     *     '-'; the dataset should report the same name from {@link SegmentationDataset#name()}
     * @param factory makes a new builder of the dataset type, e.g. {@code MyDataset::builder}
     * @throws IllegalArgumentException when the name is malformed or already registered
     */
    public static void register(String name, Supplier<? extends DatasetBuilder<?>> factory) {
        Objects.requireNonNull(factory, "factory");
        String key = key(name);
        if (!NAME.matcher(key).matches()) {
            throw new IllegalArgumentException(
                    "dataset name '"
                            + name
                            + "': expected a letter or digit, then letters, digits, '.', '_' or"
                            + " '-'");
        }
        synchronized (FACTORIES) {
            if (FACTORIES.containsKey(key)) {
                throw new IllegalArgumentException(
                        "dataset name '" + name + "' is already registered");
            }
            FACTORIES.put(key, factory);
        }
    }

    /**
     * Removes a name added with {@link #register}; the built-in names stay.
     *
     * @param name the name, case-insensitive
     * @return true when the name was registered and is now removed, false when it was unknown
     * @throws IllegalArgumentException for a built-in name
     */
    public static boolean unregister(String name) {
        String key = key(name);
        if (BUILT_IN.contains(key)) {
            throw new IllegalArgumentException(
                    "dataset name '" + name + "' is built in and cannot be removed");
        }
        synchronized (FACTORIES) {
            return FACTORIES.remove(key) != null;
        }
    }

    /**
     * The names that {@link #builder(String)} and {@link #open(String, DatasetOptions)} accept: the
     * built-in ones, then the registered ones in registration order.
     *
     * @return an immutable snapshot, lower case
     */
    public static List<String> names() {
        synchronized (FACTORIES) {
            return List.copyOf(new ArrayList<>(FACTORIES.keySet()));
        }
    }

    /**
     * Whether a name is built in or registered.
     *
     * @param name the name, case-insensitive
     * @return true when {@link #builder(String)} accepts it
     */
    public static boolean contains(String name) {
        synchronized (FACTORIES) {
            return FACTORIES.containsKey(key(name));
        }
    }

    /**
     * A fresh builder of the named dataset, with nothing set; the dataset's own settings (such as
     * {@code SyntheticDataset.Builder.optImages}) need a cast to its builder type. {@link
     * #open(String, DatasetOptions)} is the usual way to build one.
     *
     * @param name a name of {@link #names()} (case-insensitive)
     * @return a new builder
     * @throws IllegalArgumentException with one line listing the names when the name is unknown
     */
    public static DatasetBuilder<?> builder(String name) {
        Supplier<? extends DatasetBuilder<?>> factory;
        synchronized (FACTORIES) {
            factory = FACTORIES.get(key(name));
        }
        if (factory == null) {
            throw new IllegalArgumentException(
                    "unknown dataset '"
                            + name
                            + "': expected one of "
                            + String.join(", ", names()));
        }
        return Objects.requireNonNull(
                factory.get(), () -> "the builder factory of dataset '" + name + "' gave null");
    }

    /**
     * Opens the named dataset with the given options: the one way every sanet command opens a
     * dataset.
     *
     * @param name a name of {@link #names()} (case-insensitive)
     * @param options the settings: root, split, transform, resolution, seed, skipping, threads and
     *     sampling
     * @return the dataset; close it after use (it owns its loader threads)
     * @throws IllegalArgumentException with one line naming the expected path or value when the
     *     name, root, layout, split or an option is wrong
     */
    public static SegmentationDataset open(String name, DatasetOptions options) {
        return builder(name).options(options).build();
    }

    private static String key(String name) {
        return Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
    }
}
