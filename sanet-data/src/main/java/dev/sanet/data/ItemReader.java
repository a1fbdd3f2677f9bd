package dev.sanet.data;

import java.awt.image.BufferedImage;

/**
 * Decodes one {@link DatasetItem} of a dataset written outside this package: the image and its
 * label map at the same size.
 *
 * <p>The returned label holds the label file's <em>raw</em> values. The dataset keeps values {@code
 * 0..numClasses-1} as class ids and 255 as ignore; any other value is read as ignore and reported
 * by {@link SegmentationDataset#validate()} and {@code sanet dataset stats}. A reader that maps its
 * own label encoding (colours, other ids) does so here.
 *
 * <p>A reader is called from the loader's worker threads, concurrently: it must be thread-safe and
 * must not call the engine (no {@code NDArray}s).
 */
@FunctionalInterface
public interface ItemReader {

    /**
     * Decodes an item.
     *
     * @param item the item, as the dataset listed it
     * @return the RGB image and its raw label values, row-major, at the image's size
     * @throws ItemException naming the file at fault when the image or label is missing, cannot be
     *     decoded, or their sizes differ
     */
    LabeledImage read(DatasetItem item) throws ItemException;

    /**
     * The reader of VOC-style files: the image through ImageIO (JPEG, PNG, ...), the label as a
     * palette or grayscale PNG whose sample values are the raw label values (never colours).
     *
     * @return the reader
     */
    static ItemReader files() {
        return item -> {
            BufferedImage image = ImageFiles.read(item.image());
            LabelFiles.RawLabel raw = LabelFiles.read(item.label(), LabelFiles.Format.PNG, null);
            ItemChecks.checkSize(item.image(), item.label(), image, raw);
            return new LabeledImage(image, raw.values());
        };
    }
}
