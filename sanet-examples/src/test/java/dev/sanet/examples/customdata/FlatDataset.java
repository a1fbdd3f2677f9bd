package dev.sanet.examples.customdata;

import dev.sanet.data.DatasetBuilder;
import dev.sanet.data.DatasetItem;
import dev.sanet.data.ItemReader;
import dev.sanet.data.SegmentationDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A user's own dataset type, written outside {@code dev.sanet.data}: {@code ROOT/classes.txt} and
 * one folder per split holding {@code <id>.jpg} images beside {@code <id>.png} labels.
 */
public final class FlatDataset extends SegmentationDataset {

    /** The name the tests register it under. */
    public static final String NAME = "flat";

    private FlatDataset(Builder builder, List<String> classes, List<DatasetItem> items) {
        super(builder, NAME, classes, items, ItemReader.files());
    }

    /**
     * A builder; set the root.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link FlatDataset}. */
    public static final class Builder extends DatasetBuilder<Builder> {

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        public FlatDataset build() {
            Path root = requireRoot("classes.txt and one folder per split");
            Path dir = root.resolve(split());
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("split folder " + dir + " does not exist");
            }
            try (Stream<Path> files = Files.list(dir)) {
                List<String> classes = Files.readAllLines(root.resolve("classes.txt"));
                List<DatasetItem> items = new ArrayList<>();
                for (Path image :
                        files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList()) {
                    String id = image.getFileName().toString().replace(".jpg", "");
                    items.add(new DatasetItem(id, image, dir.resolve(id + ".png")));
                }
                return new FlatDataset(this, classes, items);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
