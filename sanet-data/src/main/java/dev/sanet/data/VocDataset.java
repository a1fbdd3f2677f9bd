package dev.sanet.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PASCAL VOC 2012 segmentation ({@code voc}): {@code ROOT/VOCdevkit/VOC2012} with {@code
 * JPEGImages/<id>.jpg}, {@code SegmentationClass/<id>.png} (palette PNGs read as raw indices) and
 * {@code ImageSets/Segmentation/<split>.txt} (docs/pascal-data.md section 1).
 *
 * <p>21 classes (0 background ... 20 tvmonitor), 255 = void/ignore. When {@code
 * VOCdevkit/VOC2012/classes.txt} exists its names replace the 21 VOC classes: a VOC-layout export
 * of one's own classes (what {@code sanet synth --format voc} writes). Splits: any file in {@code
 * ImageSets/Segmentation}, normally {@code train} (1464), {@code val} (1449), {@code trainval}
 * (2913).
 */
public final class VocDataset extends SegmentationDataset {

    private VocDataset(Builder builder, Layout layout) {
        super(builder, "voc", layout);
    }

    /**
     * A builder; set at least the root.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link VocDataset}. */
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
         *     VOCdevkit/VOC2012} or the split() file is missing
         */
        @Override
        public VocDataset build() {
            Path root = requireRoot("VOCdevkit/VOC2012");
            Path voc =
                    Layouts.vocYearDir(
                            root, "VOC2012", "unpack VOCtrainval_11-May-2012.tar under " + root);
            List<String> classes = Layouts.vocClasses(voc);
            Path jpeg = Layouts.requireDir(voc.resolve("JPEGImages"), "the VOC tree is incomplete");
            Path labels =
                    Layouts.requireDir(
                            voc.resolve("SegmentationClass"), "the VOC tree is incomplete");
            List<String> ids =
                    Layouts.ids(
                            voc.resolve("ImageSets/Segmentation").resolve(split() + ".txt"), null);
            LabelMapping mapping = LabelMapping.identity(classes.size(), IGNORE_INDEX);
            List<Item> items = new ArrayList<>(ids.size());
            for (String id : ids) {
                items.add(
                        new Item(
                                id,
                                Layouts.image(jpeg, id, "jpg", "jpeg", "png"),
                                labels.resolve(id + ".png"),
                                LabelFiles.Format.PNG,
                                mapping));
            }
            return new VocDataset(this, Layout.ofFiles(classes, items));
        }
    }
}
