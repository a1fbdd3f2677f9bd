package dev.sanet.data;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decodes the items of a dataset: from image and label files, generated in memory (the synthetic
 * dataset), or through the {@link ItemReader} of a dataset written outside this package. Called
 * concurrently from the loader's threads.
 */
@FunctionalInterface
interface ItemSource {

    /**
     * Decodes one item.
     *
     * @param item the item
     * @return its image and raw label, before class mapping
     * @throws ItemException naming the file at fault
     */
    Loaded load(Item item) throws ItemException;

    /**
     * Decodes an item at its original size: the RGB image and the label mapped to class ids (raw
     * values outside the class set become {@link SegmentationDataset#IGNORE_INDEX}).
     *
     * @param item the item
     * @return the image and its label map
     * @throws ItemException when the image or label cannot be read or their sizes differ
     */
    default LabeledImage read(Item item) throws ItemException {
        Loaded loaded = load(item);
        LabelFiles.RawLabel raw = loaded.label();
        ItemChecks.checkSize(item, loaded.image(), raw);
        int[] values = raw.values();
        int[] mapped = new int[values.length];
        LabelMapping mapping = item.mapping();
        for (int i = 0; i < values.length; i++) {
            int m = mapping.map(values[i]);
            mapped[i] = m < 0 ? SegmentationDataset.IGNORE_INDEX : m;
        }
        return new LabeledImage(loaded.image(), mapped);
    }

    /** A decoded image and raw label, before mapping. */
    record Loaded(BufferedImage image, LabelFiles.RawLabel label) {}

    /** Reads image and label files; true-colour label PNGs go through the colour table if any. */
    static ItemSource files(@Nullable Map<Integer, Integer> colors) {
        return it -> {
            BufferedImage image = ImageFiles.read(it.image());
            LabelFiles.RawLabel label = LabelFiles.read(it.label(), it.format(), colors);
            return new Loaded(image, label);
        };
    }

    /**
     * A source that refuses items {@link ItemChecks#itemProblem} finds wrong before reading any
     * file, so that no item reads outside its dataset.
     */
    static ItemSource guarded(ItemSource inner) {
        return it -> {
            Problem p = ItemChecks.itemProblem(it);
            if (p != null) {
                throw new ItemException(p.path(), p.problem(), null);
            }
            return inner.load(it);
        };
    }

    /** The items of a dataset written outside this package, decoded by its reader. */
    static ItemSource of(ItemReader reader) {
        return it -> {
            LabeledImage li;
            try {
                li = reader.read(new DatasetItem(it.id(), it.image(), it.label()));
            } catch (IllegalArgumentException e) {
                // A reader that builds a LabeledImage of the wrong size fails here; the item is
                // bad, not the run.
                throw new ItemException(it.label(), e.getMessage(), e);
            }
            return new Loaded(
                    li.image(), new LabelFiles.RawLabel(li.width(), li.height(), li.label()));
        };
    }
}
