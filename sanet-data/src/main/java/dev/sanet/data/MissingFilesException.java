package dev.sanet.data;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Items of a split whose image or label file is missing or unreadable, found by {@link
 * SegmentationDataset#checkFiles()} before any long job reads them. Names the dataset, the split,
 * how many items are affected and every file at fault ({@link #problems()}); the message is one
 * line naming the first.
 */
public final class MissingFilesException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The dataset's name. */
    private final String dataset;

    /** The split whose files are missing. */
    private final String split;

    /** The number of items of the split. */
    private final long items;

    /** The files at fault; not serialised (a {@code Path} is not serialisable). */
    private final transient List<Problem> problems;

    /**
     * Creates the exception.
     *
     * @param dataset the dataset's name
     * @param split the split
     * @param items the number of items of the split
     * @param problems one problem per item with a missing or unreadable file, in item order; not
     *     empty
     * @throws IllegalArgumentException when {@code problems} is empty
     */
    public MissingFilesException(String dataset, String split, long items, List<Problem> problems) {
        super(message(dataset, split, items, problems));
        this.dataset = dataset;
        this.split = split;
        this.items = items;
        this.problems = List.copyOf(problems);
    }

    private static String message(
            String dataset, String split, long items, List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no missing files to report");
        }
        return String.format(
                Locale.ROOT,
                "%d of the %d items of %s '%s' %s a missing or unreadable file, the first: %s:"
                        + " restore it or remove its id from the split file",
                problems.size(),
                items,
                dataset,
                split,
                problems.size() == 1 ? "has" : "have",
                problems.get(0));
    }

    /**
     * The dataset's name.
     *
     * @return e.g. {@code voc}
     */
    public String dataset() {
        return dataset;
    }

    /**
     * The split whose files are missing.
     *
     * @return e.g. {@code train}
     */
    public String split() {
        return split;
    }

    /**
     * The number of items of the split, the affected ones included.
     *
     * @return the item count
     */
    public long items() {
        return items;
    }

    /**
     * The files at fault, one per affected item, in item order.
     *
     * @return an immutable, non-empty list
     */
    public List<Problem> problems() {
        return problems;
    }
}
