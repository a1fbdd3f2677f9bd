package dev.sanet.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * VOC 2012 augmented with SBD ({@code voc-aug}), the standard 10582-image {@code train_aug}
 * protocol (docs/pascal-data.md section 2.3): {@code (SBD train ∪ SBD val ∪ VOC train) − VOC val},
 * sorted by id. Ids in VOC train take VOC's {@code SegmentationClass} palette PNG; the others take
 * SBD's {@code GTcls.Segmentation} from {@code cls/<id>.mat} (compressed or not, read with MFL).
 *
 * <p>Two sources, chosen by {@link Builder#optSource(Source)} ({@link Source#AUTO} prefers SBD):
 *
 * <ul>
 *   <li>{@link Source#SBD}: {@code ROOT/VOCdevkit/VOC2012} (JPEGImages, SegmentationClass,
 *       ImageSets/Segmentation/train.txt and val.txt) plus {@code ROOT/benchmark_RELEASE/dataset}
 *       (img, cls, train.txt, val.txt). Images of SBD-labelled ids come from {@code img/}, falling
 *       back to VOC's JPEGImages.
 *   <li>{@link Source#CLASS_AUG}: a ready {@code VOC2012/SegmentationClassAug/} folder (grayscale
 *       or palette PNGs) with {@code ImageSets/Segmentation/train_aug.txt}.
 * </ul>
 *
 * <p>Splits: {@code train} (= {@code train_aug}, the protocol's training set), {@code val} (VOC
 * 2012 val with VOC labels), and with the SBD source also {@code aug} (mmseg's SBD-only part,
 * {@code (SBD train ∪ SBD val) − (VOC train ∪ VOC val)}), {@code sbd-train}, {@code sbd-val} and
 * {@code sbd-trainval}: the 11355-image SBD train+val set that Encoding and GluonCV call {@code
 * pascal_aug} (their validation set is {@code sbd-val}). That variant overlaps VOC 2012 val, so VOC
 * val numbers trained on it are optimistic (docs/pascal-data.md section 2.4).
 */
public final class VocAugDataset extends SegmentationDataset {

    /** Where the augmented labels come from. */
    public enum Source {
        /** SBD when {@code benchmark_RELEASE/dataset} exists, else {@code SegmentationClassAug}. */
        AUTO,
        /** SBD {@code cls/*.mat} with the set arithmetic of the protocol. */
        SBD,
        /** A ready {@code SegmentationClassAug} folder and {@code train_aug.txt}. */
        CLASS_AUG
    }

    private VocAugDataset(Builder builder, Layout layout) {
        super(builder, "voc-aug", layout);
    }

    /**
     * A builder; set at least the root.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The {@code train_aug} id set: {@code (sbdTrain ∪ sbdVal ∪ vocTrain) − vocVal}, sorted.
     *
     * @param sbdTrain SBD train ids
     * @param sbdVal SBD val ids
     * @param vocTrain VOC 2012 segmentation train ids
     * @param vocVal VOC 2012 segmentation val ids
     * @return the sorted ids
     */
    public static List<String> trainAug(
            List<String> sbdTrain,
            List<String> sbdVal,
            List<String> vocTrain,
            List<String> vocVal) {
        TreeSet<String> out = new TreeSet<>(sbdTrain);
        out.addAll(sbdVal);
        out.addAll(vocTrain);
        vocVal.forEach(out::remove);
        return List.copyOf(out);
    }

    /** Builder of {@link VocAugDataset}. */
    public static final class Builder extends DatasetBuilder<Builder> {

        private Source source = Source.AUTO;

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
         *     or a split() file is missing, or the split() name is unknown
         */
        @Override
        public VocAugDataset build() {
            Path root = requireRoot("VOCdevkit/VOC2012 and benchmark_RELEASE/dataset");
            Path voc =
                    Layouts.vocYearDir(
                            root, "VOC2012", "unpack VOCtrainval_11-May-2012.tar under " + root);
            List<String> classes = Layouts.vocClasses(voc);
            LabelMapping mapping = LabelMapping.identity(classes.size(), IGNORE_INDEX);
            Path sbd = root.resolve("benchmark_RELEASE").resolve("dataset");
            Path classAug = voc.resolve("SegmentationClassAug");
            Source chosen = source;
            if (chosen == Source.AUTO) {
                if (Files.isDirectory(sbd)) {
                    chosen = Source.SBD;
                } else if (Files.isDirectory(classAug)) {
                    chosen = Source.CLASS_AUG;
                } else {
                    throw new IllegalArgumentException(
                            "expected folder "
                                    + sbd
                                    + " (SBD, from benchmark.tgz) or "
                                    + classAug
                                    + " (with ImageSets/Segmentation/train_aug.txt) does not exist:"
                                    + " unpack one of them under "
                                    + root);
                }
            }
            Path jpeg = Layouts.requireDir(voc.resolve("JPEGImages"), "the VOC tree is incomplete");
            Path vocLabels =
                    Layouts.requireDir(
                            voc.resolve("SegmentationClass"), "the VOC tree is incomplete");
            Path sets = voc.resolve("ImageSets/Segmentation");
            List<Item> items = new ArrayList<>();
            if (chosen == Source.CLASS_AUG) {
                Layouts.requireDir(classAug, "unpack SegmentationClassAug.zip into " + voc);
                switch (split()) {
                    case "train", "train_aug" -> {
                        for (String id : Layouts.ids(sets.resolve("train_aug.txt"), null)) {
                            items.add(
                                    new Item(
                                            id,
                                            jpeg.resolve(id + ".jpg"),
                                            classAug.resolve(id + ".png"),
                                            LabelFiles.Format.PNG,
                                            mapping));
                        }
                    }
                    case "val" ->
                            addVoc(
                                    items,
                                    Layouts.ids(sets.resolve("val.txt"), null),
                                    jpeg,
                                    vocLabels,
                                    mapping);
                    default ->
                            throw new IllegalArgumentException(
                                    "split '"
                                            + split()
                                            + "' of voc-aug with SegmentationClassAug: expected train or"
                                            + " val (the sbd-* splits need "
                                            + sbd
                                            + ")");
                }
                return new VocAugDataset(this, Layout.ofFiles(classes, items));
            }
            Layouts.requireDir(sbd, "unpack benchmark.tgz under " + root);
            Path sbdImg = sbd.resolve("img");
            Path sbdCls = Layouts.requireDir(sbd.resolve("cls"), "the SBD tree is incomplete");
            switch (split()) {
                case "train", "train_aug" -> {
                    List<String> vocTrain = Layouts.ids(sets.resolve("train.txt"), null);
                    List<String> vocVal = Layouts.ids(sets.resolve("val.txt"), null);
                    List<String> sbdTrain = Layouts.ids(sbd.resolve("train.txt"), null);
                    List<String> sbdVal = Layouts.ids(sbd.resolve("val.txt"), null);
                    Set<String> fromVoc = new LinkedHashSet<>(vocTrain);
                    for (String id : trainAug(sbdTrain, sbdVal, vocTrain, vocVal)) {
                        if (fromVoc.contains(id)) {
                            addVoc(items, List.of(id), jpeg, vocLabels, mapping);
                        } else {
                            addSbd(items, List.of(id), sbdImg, jpeg, sbdCls, mapping);
                        }
                    }
                }
                case "aug" -> {
                    TreeSet<String> ids =
                            new TreeSet<>(Layouts.ids(sbd.resolve("train.txt"), null));
                    ids.addAll(Layouts.ids(sbd.resolve("val.txt"), null));
                    Layouts.ids(sets.resolve("train.txt"), null).forEach(ids::remove);
                    Layouts.ids(sets.resolve("val.txt"), null).forEach(ids::remove);
                    addSbd(items, List.copyOf(ids), sbdImg, jpeg, sbdCls, mapping);
                }
                case "val" ->
                        addVoc(
                                items,
                                Layouts.ids(sets.resolve("val.txt"), null),
                                jpeg,
                                vocLabels,
                                mapping);
                case "sbd-train" ->
                        addSbd(
                                items,
                                Layouts.ids(sbd.resolve("train.txt"), null),
                                sbdImg,
                                jpeg,
                                sbdCls,
                                mapping);
                case "sbd-val" ->
                        addSbd(
                                items,
                                Layouts.ids(sbd.resolve("val.txt"), null),
                                sbdImg,
                                jpeg,
                                sbdCls,
                                mapping);
                case "sbd-trainval" -> {
                    LinkedHashSet<String> ids =
                            new LinkedHashSet<>(Layouts.ids(sbd.resolve("train.txt"), null));
                    ids.addAll(Layouts.ids(sbd.resolve("val.txt"), null));
                    addSbd(items, List.copyOf(ids), sbdImg, jpeg, sbdCls, mapping);
                }
                default ->
                        throw new IllegalArgumentException(
                                "unknown split '"
                                        + split()
                                        + "' for voc-aug: expected train (train_aug, 10582 protocol), val,"
                                        + " aug, sbd-train, sbd-val or sbd-trainval (11355 variant)");
            }
            return new VocAugDataset(this, Layout.ofFiles(classes, items));
        }

        private static void addVoc(
                List<Item> items, List<String> ids, Path jpeg, Path labels, LabelMapping mapping) {
            for (String id : ids) {
                items.add(
                        new Item(
                                id,
                                jpeg.resolve(id + ".jpg"),
                                labels.resolve(id + ".png"),
                                LabelFiles.Format.PNG,
                                mapping));
            }
        }

        private static void addSbd(
                List<Item> items,
                List<String> ids,
                Path sbdImg,
                Path vocJpeg,
                Path cls,
                LabelMapping mapping) {
            for (String id : ids) {
                Path img = sbdImg.resolve(id + ".jpg");
                if (!Files.isRegularFile(img)
                        && Files.isRegularFile(vocJpeg.resolve(id + ".jpg"))) {
                    img = vocJpeg.resolve(id + ".jpg");
                }
                items.add(
                        new Item(
                                id,
                                img,
                                cls.resolve(id + ".mat"),
                                LabelFiles.Format.SBD_MAT,
                                mapping));
            }
        }
    }
}
