package dev.sanet.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a dataset builder found: the class names, the split's items and how to decode them. The
 * built-in builders list files ({@link #ofFiles}); a dataset written outside this package lists
 * {@link DatasetItem}s ({@link #custom}).
 */
record Layout(List<String> classNames, List<Item> items, ItemSource source) {

    /** Items read from image and label files, with no colour table. */
    static Layout ofFiles(List<String> classNames, List<Item> items) {
        return new Layout(classNames, items, ItemSource.files(null));
    }

    /**
     * The layout of a dataset written outside this package, checked: 1 to 255 class names and no
     * repeated item id.
     *
     * @throws IllegalArgumentException naming the count or the repeated id
     */
    static Layout custom(List<String> classNames, List<DatasetItem> items, ItemReader reader) {
        Objects.requireNonNull(reader, "reader");
        int ignore = SegmentationDataset.IGNORE_INDEX;
        if (classNames.isEmpty() || classNames.size() > ignore) {
            throw new IllegalArgumentException(
                    classNames.size()
                            + " class names: expected 1 to "
                            + ignore
                            + " ("
                            + ignore
                            + " is the ignore label)");
        }
        LabelMapping mapping = LabelMapping.identity(classNames.size(), ignore);
        Set<String> ids = new HashSet<>();
        List<Item> list = new ArrayList<>(items.size());
        for (DatasetItem it : items) {
            if (!ids.add(it.id())) {
                throw new IllegalArgumentException(
                        "item id '" + it.id() + "' appears twice (image " + it.image() + ")");
            }
            list.add(new Item(it.id(), it.image(), it.label(), LabelFiles.Format.PNG, mapping));
        }
        return new Layout(classNames, list, ItemSource.of(reader));
    }
}
