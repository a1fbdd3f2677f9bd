package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocAugDatasetTest {

    static final List<String> VOC_TRAIN = List.of("2007_000001", "2007_000002", "2007_000003");
    static final List<String> VOC_VAL = List.of("2009_000001", "2009_000002");
    static final List<String> SBD_TRAIN =
            List.of("2007_000002", "2008_000001", "2008_000002", "2009_000001");
    static final List<String> SBD_VAL = List.of("2008_000003", "2007_000003", "2008_000004");

    static int[] vocLabel(int w, int h) {
        return Fixtures.labels(w, h, new int[] {0, 15, 20});
    }

    static int[] sbdLabel(int w, int h) {
        int[] v = Fixtures.labels(w, h, new int[] {0, 5, 9});
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] == 255 ? 5 : v[i];
        }
        return v;
    }

    static Path tree(Path root) throws Exception {
        Path voc = root.resolve("VOCdevkit/VOC2012");
        Path sbd = root.resolve("benchmark_RELEASE/dataset");
        int w = 23;
        int h = 17;
        List<String> vocIds = new ArrayList<>(VOC_TRAIN);
        vocIds.addAll(VOC_VAL);
        for (String id : vocIds) {
            Fixtures.jpeg(voc.resolve("JPEGImages/" + id + ".jpg"), w, h, id.hashCode());
            Fixtures.palettePng(
                    voc.resolve("SegmentationClass/" + id + ".png"), w, h, vocLabel(w, h));
        }
        List<String> sbdIds = new ArrayList<>(SBD_TRAIN);
        sbdIds.addAll(SBD_VAL);
        int k = 0;
        for (String id : sbdIds) {
            if (id.equals("2008_000004")) {
                // Only in VOC's JPEGImages: the reader falls back to it.
                Fixtures.jpeg(voc.resolve("JPEGImages/" + id + ".jpg"), w, h, 3);
            } else {
                Fixtures.jpeg(sbd.resolve("img/" + id + ".jpg"), w, h, id.hashCode());
            }
            Fixtures.sbdMat(sbd.resolve("cls/" + id + ".mat"), w, h, sbdLabel(w, h), k++ % 2 == 0);
        }
        Fixtures.lines(voc.resolve("ImageSets/Segmentation/train.txt"), VOC_TRAIN);
        Fixtures.lines(voc.resolve("ImageSets/Segmentation/val.txt"), VOC_VAL);
        Fixtures.lines(sbd.resolve("train.txt"), SBD_TRAIN);
        Fixtures.lines(sbd.resolve("val.txt"), SBD_VAL);
        return root;
    }

    private static List<String> ids(SegmentationDataset ds) {
        List<String> out = new ArrayList<>();
        for (long i = 0; i < ds.size(); i++) {
            out.add(ds.id(i));
        }
        return out;
    }

    @Test
    void trainAugSetArithmetic() {
        List<String> ids = VocAugDataset.trainAug(SBD_TRAIN, SBD_VAL, VOC_TRAIN, VOC_VAL);
        assertEquals(
                List.of(
                        "2007_000001",
                        "2007_000002",
                        "2007_000003",
                        "2008_000001",
                        "2008_000002",
                        "2008_000003",
                        "2008_000004"),
                ids);
    }

    @Test
    void trainTakesVocLabelsForVocTrainIdsAndSbdOtherwise(@TempDir Path root) throws Exception {
        tree(root);
        SegmentationDataset ds =
                VocAugDataset.builder().options(Fixtures.at(root, "train")).build();
        assertEquals(VocAugDataset.trainAug(SBD_TRAIN, SBD_VAL, VOC_TRAIN, VOC_VAL), ids(ds));
        assertEquals(21, ds.numClasses());
        for (long i = 0; i < ds.size(); i++) {
            boolean voc = VOC_TRAIN.contains(ds.id(i));
            assertEquals(
                    voc ? ".png" : ".mat",
                    ds.labelPath(i).toString().substring(ds.labelPath(i).toString().length() - 4),
                    ds.id(i));
            assertArrayEquals(voc ? vocLabel(23, 17) : sbdLabel(23, 17), ds.read(i).label());
        }
        assertTrue(ds.imagePath(6).toString().contains("VOC2012/JPEGImages/2008_000004"));
        assertTrue(ds.validate().isEmpty(), ds.validate().toString());
    }

    @Test
    void otherSplits(@TempDir Path root) throws Exception {
        tree(root);
        assertEquals(
                VOC_VAL, ids(VocAugDataset.builder().options(Fixtures.at(root, "val")).build()));
        assertEquals(
                List.of("2008_000001", "2008_000002", "2008_000003", "2008_000004"),
                ids(VocAugDataset.builder().options(Fixtures.at(root, "aug")).build()));
        SegmentationDataset sbdTrainval =
                VocAugDataset.builder().options(Fixtures.at(root, "sbd-trainval")).build();
        assertEquals(7, sbdTrainval.size());
        assertTrue(ids(sbdTrainval).contains("2009_000001"), "the 11355 variant overlaps VOC val");
        assertArrayEquals(sbdLabel(23, 17), sbdTrainval.read(0).label());
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> VocAugDataset.builder().options(Fixtures.at(root, "nope")).build());
        assertTrue(e.getMessage().contains("sbd-trainval"), e.getMessage());
    }

    @Test
    void readySegmentationClassAugFolder(@TempDir Path root) throws Exception {
        Path voc = root.resolve("VOCdevkit/VOC2012");
        int w = 11;
        int h = 9;
        int[] v = Fixtures.labels(w, h, new int[] {0, 3, 4});
        for (String id : List.of("2007_000001", "2008_000001")) {
            Fixtures.jpeg(voc.resolve("JPEGImages/" + id + ".jpg"), w, h, 1);
            Fixtures.grayPng(voc.resolve("SegmentationClassAug/" + id + ".png"), w, h, v);
        }
        Fixtures.lines(
                voc.resolve("ImageSets/Segmentation/train_aug.txt"),
                List.of("2007_000001", "2008_000001"));
        java.nio.file.Files.createDirectories(voc.resolve("SegmentationClass"));
        SegmentationDataset ds = VocAugDataset.builder().options(Fixtures.at(root)).build();
        assertEquals(2, ds.size());
        assertArrayEquals(v, ds.read(1).label());
    }

    @Test
    void missingSbdAndClassAugNamesBoth(@TempDir Path root) throws Exception {
        VocDatasetTest.vocTree(root);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> VocAugDataset.builder().options(Fixtures.at(root)).build());
        assertTrue(
                e.getMessage().contains(root.resolve("benchmark_RELEASE/dataset").toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains("SegmentationClassAug"), e.getMessage());
    }
}
