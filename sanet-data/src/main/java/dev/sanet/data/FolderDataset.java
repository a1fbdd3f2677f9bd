package dev.sanet.data;

import dev.sanet.core.io.Palette;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Any dataset in VOC layout ({@code folder}), for users' own data (docs/data.md):
 *
 * <pre>
 * ROOT/classes.txt                         one class name per line; line index = class id
 * ROOT/JPEGImages/&lt;id&gt;.jpg                  (or .jpeg / .png)
 * ROOT/SegmentationClass/&lt;id&gt;.png          palette or grayscale PNG, pixel value = class id,
 *                                          255 = ignore
 * ROOT/ImageSets/Segmentation/&lt;split&gt;.txt   one id per line
 * </pre>
 *
 * <p>ROOT may also be a folder holding {@code VOCdevkit/<one folder>} in that layout. Instead of
 * {@code classes.txt}, a {@code labelmap.txt} as CVAT and Datumaro write it ({@code
 * name:r,g,b:parts:actions}, one class per line in id order) is accepted; then true-colour label
 * PNGs are read by exact colour (unlisted colours are reported; the VOC void colour (224, 224, 192)
 * means ignore), while palette and grayscale PNGs are still read as raw indices.
 */
public final class FolderDataset extends SegmentationDataset {

    private FolderDataset(Builder builder, Layout layout) {
        super(builder, "folder", layout);
    }

    /**
     * A builder; set at least the root.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link FolderDataset}. */
    public static final class Builder extends DatasetBuilder<Builder> {

        private Builder() {}

        /**
         * This builder.
         *
         * @return this
         */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Lists the split's items.
         *
         * @return the dataset
         * @throws IllegalArgumentException naming the expected path when the root, {@code
         *     SegmentationClass}, the class list or the split() file is missing
         */
        @Override
        public FolderDataset build() {
            Path root = requireRoot("SegmentationClass/, JPEGImages/ and classes.txt");
            Path dir = findLayout(root);
            Path labels =
                    Layouts.requireDir(
                            dir.resolve("SegmentationClass"),
                            "a folder dataset needs SegmentationClass/, JPEGImages/,"
                                    + " ImageSets/Segmentation/<split>.txt and classes.txt");
            Path jpeg = dir.resolve("JPEGImages");
            Path classesTxt = dir.resolve("classes.txt");
            Path labelmap = dir.resolve("labelmap.txt");
            List<String> classes;
            Map<Integer, Integer> colors = null;
            if (Files.isRegularFile(classesTxt)) {
                classes = Layouts.readClasses(classesTxt);
            } else if (Files.isRegularFile(labelmap)) {
                List<String> names = new ArrayList<>();
                colors = readLabelmap(labelmap, names);
                classes = List.copyOf(names);
            } else {
                throw new IllegalArgumentException(
                        "class list "
                                + classesTxt
                                + " does not exist: write one class name per line (line index ="
                                + " class id), or give a CVAT labelmap.txt");
            }
            List<String> ids =
                    Layouts.ids(
                            dir.resolve("ImageSets/Segmentation").resolve(split() + ".txt"), null);
            LabelMapping mapping = LabelMapping.identity(classes.size(), IGNORE_INDEX);
            List<Item> items = new ArrayList<>(ids.size());
            for (String id : ids) {
                items.add(
                        new Item(
                                id,
                                Layouts.image(jpeg, id, "jpg", "jpeg", "png", "JPG"),
                                labels.resolve(id + ".png"),
                                LabelFiles.Format.PNG,
                                mapping));
            }
            return new FolderDataset(this, new Layout(classes, items, ItemSource.files(colors)));
        }

        private static Path findLayout(Path root) {
            if (Files.isDirectory(root.resolve("SegmentationClass"))
                    || Files.isDirectory(root.resolve("JPEGImages"))) {
                return root;
            }
            Path devkit = root.resolve("VOCdevkit");
            if (Files.isDirectory(devkit)) {
                try (Stream<Path> s = Files.list(devkit)) {
                    List<Path> found =
                            s.filter(p -> Files.isDirectory(p.resolve("SegmentationClass")))
                                    .toList();
                    if (found.size() == 1) {
                        return found.get(0);
                    }
                } catch (IOException e) {
                    // fall through to the error naming the expected folder
                }
            }
            return root;
        }

        /** Parses a CVAT/Datumaro labelmap.txt; returns packed colour → class id. */
        static Map<Integer, Integer> readLabelmap(Path file, List<String> names) {
            Map<Integer, Integer> colors = new HashMap<>();
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "class list " + file + " cannot be read (" + ImageFiles.reason(e) + ")", e);
            }
            for (String line : lines) {
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                String[] parts = s.split(":", -1);
                @Nullable Integer rgb = parts.length > 1 ? parseRgb(parts[1]) : null;
                if (rgb == null) {
                    throw new IllegalArgumentException(
                            "labelmap "
                                    + file
                                    + " line '"
                                    + s
                                    + "': expected name:r,g,b:parts:actions");
                }
                colors.put(rgb, names.size());
                names.add(parts[0].strip());
            }
            Layouts.checkClassCount(names.size(), file);
            colors.putIfAbsent(Palette.voc().rgb(IGNORE_INDEX), IGNORE_INDEX);
            return colors;
        }

        private static @Nullable Integer parseRgb(String text) {
            String[] c = text.split(",");
            if (c.length != 3) {
                return null;
            }
            try {
                int r = Integer.parseInt(c[0].strip());
                int g = Integer.parseInt(c[1].strip());
                int b = Integer.parseInt(c[2].strip());
                if ((r | g | b) < 0 || r > 255 || g > 255 || b > 255) {
                    return null;
                }
                return (r << 16) | (g << 8) | b;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
