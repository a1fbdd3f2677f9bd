package dev.sanet.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PASCAL Context ({@code context59} / {@code context60}), docs/pascal-data.md section 3.
 *
 * <p>Two sources, chosen by {@link Builder#optSource(Source)} ({@link Source#AUTO} prefers the MAT
 * files):
 *
 * <ul>
 *   <li>{@link Source#MAT}: the original release, {@code ROOT/trainval/<id>.mat} holding the uint16
 *       {@code LabelMap} (0 = unlabelled, 1..459 = {@code labels.txt} ids), with images and splits
 *       from {@code ROOT/VOCdevkit/VOC2010} ({@code JPEGImages}, {@code ImageSets/Main/train.txt},
 *       {@code val.txt}). Original ids go through the 460-entry table of {@link PascalClasses}: the
 *       59 standard ids in sorted order become the classes, everything else background.
 *   <li>{@link Source#PNG}: converted labels (mmseg layout), {@code
 *       VOC2010/SegmentationClassContext/<id>.png} with 0 = background and 1..59 the classes in the
 *       same order, split() files in {@code VOC2010/ImageSets/SegmentationContext}.
 * </ul>
 *
 * <p>With 59 classes (Encoding's and mmseg's standard) background is ignored (255) and the classes
 * are ids 0..58; with 60 classes background is class 0 and the others 1..59. LabelMap values above
 * 459 are reported by validation and read as ignore.
 */
public final class ContextDataset extends SegmentationDataset {

    /** Where the Context labels come from. */
    public enum Source {
        /** The MAT files when {@code ROOT/trainval} exists, else the converted PNGs. */
        AUTO,
        /** {@code ROOT/trainval/<id>.mat} with {@code LabelMap} in the 459-class space. */
        MAT,
        /** {@code VOC2010/SegmentationClassContext/<id>.png} holding 0..59. */
        PNG
    }

    private ContextDataset(Builder builder, Layout layout) {
        super(builder, builder.withBackground ? "context60" : "context59", layout);
    }

    /**
     * A builder for the 59-class task (background ignored) or the 60-class task.
     *
     * @param withBackground {@code true} for 60 classes (background = 0), {@code false} for 59
     * @return a new builder
     */
    public static Builder builder(boolean withBackground) {
        return new Builder(withBackground);
    }

    /** Builder of {@link ContextDataset}. */
    public static final class Builder extends DatasetBuilder<Builder> {

        private final boolean withBackground;
        private Source source = Source.AUTO;

        private Builder(boolean withBackground) {
            this.withBackground = withBackground;
        }

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
         * Chooses the label source (default {@link Source#AUTO}).
         *
         * @param source the source
         * @return this builder
         */
        public Builder optSource(Source source) {
            this.source = source;
            return this;
        }

        /**
         * Lists the split's items.
         *
         * @return the dataset
         * @throws IllegalArgumentException naming the expected path when the root, a layout folder
         *     or the split() file is missing
         */
        @Override
        public ContextDataset build() {
            Path root = requireRoot("VOCdevkit/VOC2010 and trainval/");
            Path voc =
                    Layouts.vocYearDir(
                            root, "VOC2010", "unpack VOCtrainval_03-May-2010.tar under " + root);
            Path jpeg =
                    Layouts.requireDir(voc.resolve("JPEGImages"), "the VOC2010 tree is incomplete");
            Path mats = root.resolve("trainval");
            Path pngs = voc.resolve("SegmentationClassContext");
            Source chosen = source;
            if (chosen == Source.AUTO) {
                if (Files.isDirectory(mats)) {
                    chosen = Source.MAT;
                } else if (Files.isDirectory(pngs)) {
                    chosen = Source.PNG;
                } else {
                    throw new IllegalArgumentException(
                            "expected folder "
                                    + mats
                                    + " (Context trainval.tar.gz) or "
                                    + pngs
                                    + " (converted PNGs) does not exist: unpack the Context labels"
                                    + " under "
                                    + root);
                }
            }
            List<String> classes =
                    withBackground ? PascalClasses.CONTEXT_60 : PascalClasses.CONTEXT_59;
            List<Item> items = new ArrayList<>();
            if (chosen == Source.MAT) {
                Layouts.requireDir(mats, "unpack the Context trainval.tar.gz under " + root);
                int[] lut = PascalClasses.contextLookup(withBackground);
                LabelMapping mapping =
                        new LabelMapping(lut, "LabelMap ids 0.." + PascalClasses.CONTEXT_MAX_ID);
                for (String id :
                        Layouts.ids(
                                voc.resolve("ImageSets/Main").resolve(split() + ".txt"), null)) {
                    items.add(
                            new Item(
                                    id,
                                    jpeg.resolve(id + ".jpg"),
                                    mats.resolve(id + ".mat"),
                                    LabelFiles.Format.CONTEXT_MAT,
                                    mapping));
                }
            } else {
                Layouts.requireDir(pngs, "convert the Context labels to PNG (docs/data.md)");
                int[] lut = new int[IGNORE_INDEX + 1];
                Arrays.fill(lut, -1);
                for (int v = 0; v <= 59; v++) {
                    lut[v] = withBackground ? v : (v == 0 ? IGNORE_INDEX : v - 1);
                }
                lut[IGNORE_INDEX] = IGNORE_INDEX;
                LabelMapping mapping = new LabelMapping(lut, "0..59 or 255 (ignore)");
                for (String id :
                        Layouts.ids(
                                voc.resolve("ImageSets/SegmentationContext")
                                        .resolve(split() + ".txt"),
                                null)) {
                    items.add(
                            new Item(
                                    id,
                                    jpeg.resolve(id + ".jpg"),
                                    pngs.resolve(id + ".png"),
                                    LabelFiles.Format.PNG,
                                    mapping));
                }
            }
            return new ContextDataset(this, Layout.ofFiles(classes, items));
        }
    }
}
