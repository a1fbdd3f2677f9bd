package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Record;
import dev.sanet.core.data.Resolution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocDatasetTest {

    /** Writes a VOC 2012 tree: train = two non-square images, val = one. */
    static Path vocTree(Path root) throws Exception {
        Path voc = root.resolve("VOCdevkit/VOC2012");
        write(voc, "2007_000032", 53, 37, new int[] {0, 15, 20});
        write(voc, "2007_000039", 37, 53, new int[] {0, 2, 1});
        write(voc, "2008_000002", 30, 20, new int[] {0, 7, 7});
        Fixtures.lines(
                voc.resolve("ImageSets/Segmentation/train.txt"),
                List.of("2007_000032", "2007_000039"));
        Fixtures.lines(voc.resolve("ImageSets/Segmentation/val.txt"), List.of("2008_000002"));
        return root;
    }

    static int[] write(Path voc, String id, int w, int h, int[] classes) throws Exception {
        Fixtures.jpeg(voc.resolve("JPEGImages/" + id + ".jpg"), w, h, id.hashCode());
        int[] v = Fixtures.labels(w, h, classes);
        Fixtures.palettePng(voc.resolve("SegmentationClass/" + id + ".png"), w, h, v);
        return v;
    }

    @Test
    void readsRawIndicesAtOriginalSizeWithVocClasses(@TempDir Path root) throws Exception {
        vocTree(root);
        SegmentationDataset ds = VocDataset.builder().options(Fixtures.at(root, "train")).build();
        assertEquals(2, ds.size());
        assertEquals(21, ds.numClasses());
        assertEquals("tvmonitor", ds.classNames().get(20));
        assertEquals(255, ds.ignoreIndex());
        assertEquals("2007_000032", ds.id(0));
        assertTrue(ds.imagePath(1).endsWith("VOCdevkit/VOC2012/JPEGImages/2007_000039.jpg"));
        assertTrue(ds.labelPath(1).endsWith("VOCdevkit/VOC2012/SegmentationClass/2007_000039.png"));
        LabeledImage a = ds.read(0);
        assertEquals(53, a.width());
        assertEquals(37, a.height());
        assertArrayEquals(Fixtures.labels(53, 37, new int[] {0, 15, 20}), a.label());
        LabeledImage b = ds.read(1);
        assertEquals(37, b.width());
        assertEquals(53, b.height());
        assertTrue(ds.validate().isEmpty());
    }

    @Test
    void classesTxtReplacesTheVocClasses(@TempDir Path root) throws Exception {
        vocTree(root);
        Fixtures.lines(
                root.resolve("VOCdevkit/VOC2012/classes.txt"), List.of("background", "cat", "dog"));
        SegmentationDataset ds = VocDataset.builder().options(Fixtures.at(root, "train")).build();
        assertEquals(List.of("background", "cat", "dog"), ds.classNames());
        // 15 and 20 are now outside the class set: validation reports the first item only.
        List<Problem> problems = ds.validate();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).problem().contains("15"), problems.toString());
        assertTrue(problems.get(0).problem().contains("expected 0..2 or 255"), problems.toString());
    }

    @Test
    void getReturnsNormalisedChwFloatAndInt32Labels(@TempDir Path root) throws Exception {
        vocTree(root);
        SegmentationDataset ds =
                VocDataset.builder()
                        .options(
                                DatasetOptions.builder()
                                        .root(root)
                                        .split("val")
                                        .transform(Transform.EVAL)
                                        .build())
                        .build();
        LabeledImage li = ds.read(0);
        try (NDManager m = NDManager.newBaseManager()) {
            Record r = ds.get(m, 0);
            NDArray img = r.getData().singletonOrThrow();
            NDArray lab = r.getLabels().singletonOrThrow();
            assertEquals(new Shape(3, 20, 30), img.getShape());
            assertEquals(DataType.FLOAT32, img.getDataType());
            assertEquals(new Shape(20, 30), lab.getShape());
            assertEquals(DataType.INT32, lab.getDataType());
            assertArrayEquals(li.label(), lab.toIntArray());
            float[] f = img.toFloatArray();
            int rgb = li.image().getRGB(4, 3);
            float red = ((rgb >> 16) & 0xFF) / 255f;
            float blue = (rgb & 0xFF) / 255f;
            assertEquals((red - 0.485f) / 0.229f, f[3 * 30 + 4], 1e-5);
            assertEquals((blue - 0.406f) / 0.225f, f[2 * 600 + 3 * 30 + 4], 1e-5);
        }
    }

    @Test
    void trainModeGivesFixedCropsReproducibleBySeed(@TempDir Path root) throws Exception {
        vocTree(root);
        int[][] first = new int[2][];
        for (int run = 0; run < 2; run++) {
            SegmentationDataset ds =
                    VocDataset.builder()
                            .options(
                                    DatasetOptions.builder()
                                            .root(root)
                                            .transform(Transform.TRAIN)
                                            .resolution(new Resolution(40, 24))
                                            .seed(7)
                                            .build())
                            .build();
            try (NDManager m = NDManager.newBaseManager()) {
                Record r = ds.get(m, 1);
                assertEquals(new Shape(3, 24, 24), r.getData().head().getShape());
                assertEquals(new Shape(24, 24), r.getLabels().head().getShape());
                first[run] = r.getLabels().head().toIntArray();
                // A second read of the same item draws a new crop.
                int[] again = ds.get(m, 1).getLabels().head().toIntArray();
                assertEquals(24 * 24, again.length);
            }
        }
        assertArrayEquals(first[0], first[1]);
    }

    @Test
    void missingPathsGiveOneLineNamingTheExpectedPath(@TempDir Path root) throws Exception {
        Path nowhere = root.resolve("nowhere");
        IllegalArgumentException e1 =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> VocDataset.builder().options(Fixtures.at(nowhere)).build());
        assertTrue(e1.getMessage().contains(nowhere.toString()), e1.getMessage());
        assertEquals(1, e1.getMessage().lines().count());

        IllegalArgumentException e2 =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> VocDataset.builder().options(Fixtures.at(root)).build());
        assertTrue(
                e2.getMessage().contains(root.resolve("VOCdevkit/VOC2012").toString()),
                e2.getMessage());

        vocTree(root);
        IllegalArgumentException e3 =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> VocDataset.builder().options(Fixtures.at(root, "test")).build());
        assertTrue(
                e3.getMessage()
                        .contains(
                                root.resolve("VOCdevkit/VOC2012/ImageSets/Segmentation/test.txt")
                                        .toString()),
                e3.getMessage());
        assertTrue(e3.getMessage().contains("found: train, val"), e3.getMessage());
    }

    @Test
    void missingFilesAreFoundWithoutDecoding(@TempDir Path root) throws Exception {
        vocTree(root);
        Path voc = root.resolve("VOCdevkit/VOC2012");
        SegmentationDataset ds = VocDataset.builder().options(Fixtures.at(root, "train")).build();
        assertEquals(List.of(), ds.missingFiles());
        Files.delete(voc.resolve("JPEGImages/2007_000039.jpg"));
        Files.delete(voc.resolve("SegmentationClass/2007_000032.png"));
        List<Problem> problems = ds.missingFiles();
        assertEquals(2, problems.size());
        assertEquals(voc.resolve("SegmentationClass/2007_000032.png"), problems.get(0).path());
        assertEquals("missing label", problems.get(0).problem());
        assertEquals(voc.resolve("JPEGImages/2007_000039.jpg"), problems.get(1).path());
        assertEquals("missing image", problems.get(1).problem());
        assertEquals(List.of(), SyntheticDataset.builder().optImages(2).build().missingFiles());
    }

    @Test
    void rootMayBeTheYearFolderItself(@TempDir Path root) throws Exception {
        vocTree(root);
        Path year = root.resolve("VOCdevkit/VOC2012");
        assertEquals(2, VocDataset.builder().options(Fixtures.at(year)).build().size());
        assertTrue(Files.isDirectory(year));
    }
}
