package dev.sanet.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One item of a dataset written outside this package: its id and where its image and label live. A
 * subclass of {@link SegmentationDataset} lists its split as these items and hands them to the base
 * constructor; its {@link ItemReader} decodes them.
 *
 * <p>The paths name the item in problem reports ({@code validate()}, {@code missingFiles()}, {@code
 * sanet dataset stats}), so they should be the real files; an in-memory dataset may use virtual
 * paths and override {@link SegmentationDataset#missingFiles()}.
 *
 * @param id the item's id, unique within the split (e.g. {@code 2007_000032})
 * @param image the image file
 * @param label the label file
 */
public record DatasetItem(String id, Path image, Path label) {

    /**
     * Checks the fields.
     *
     * @param id the item's id, not blank
     * @param image the image file
     * @param label the label file
     * @throws IllegalArgumentException when the id is blank
     */
    public DatasetItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(label, "label");
        if (id.isBlank()) {
            throw new IllegalArgumentException(
                    "item id '" + id + "' of image " + image + " is blank");
        }
    }
}
