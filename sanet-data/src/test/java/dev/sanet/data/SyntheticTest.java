package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticTest {

    private static final SyntheticTask TASK =
            SyntheticTask.builder().optSize(64, 48).optObjects(2, 4).optSeed(3).build();

    @Test
    void deterministicAndStreamsDiffer() {
        LabeledImage a = TASK.generate(0, 5);
        LabeledImage b = TASK.generate(0, 5);
        assertArrayEquals(a.label(), b.label());
        assertEquals(a.image().getRGB(10, 10), b.image().getRGB(10, 10));
        assertFalse(java.util.Arrays.equals(a.label(), TASK.generate(1, 5).label()));
        assertEquals(64, a.width());
        assertEquals(48, a.height());
    }

    @Test
    void everyClassAppearsAndColourDoesNotIdentifyIt() {
        long[] pixels = new long[6];
        // Mean red value of each class-1 object's pixels, over many images.
        double minRed = 255;
        double maxRed = 0;
        for (int i = 0; i < 60; i++) {
            LabeledImage li = TASK.generate(0, i);
            long sum = 0;
            long n = 0;
            for (int p = 0; p < li.label().length; p++) {
                int c = li.label()[p];
                pixels[c]++;
                if (c == 1) {
                    sum += (li.image().getRGB(p % 64, p / 64) >> 16) & 0xFF;
                    n++;
                }
            }
            if (n > 50) {
                minRed = Math.min(minRed, (double) sum / n);
                maxRed = Math.max(maxRed, (double) sum / n);
            }
        }
        for (int c = 0; c < 6; c++) {
            assertTrue(pixels[c] > 0, "class " + c + " never appears");
        }
        assertTrue(maxRed - minRed > 80, "class 1 colours vary: " + minRed + ".." + maxRed);
    }

    @Test
    void voidBandMarksBothSidesOfEveryBoundary() {
        int[] label = {0, 0, 1, 1, 0, 0, 1, 1};
        assertArrayEquals(
                new int[] {0, 255, 255, 1, 0, 255, 255, 1},
                SyntheticTask.voidBand(label, 4, 2, 1, 255));
        assertArrayEquals(
                new int[] {255, 255, 255, 255, 255, 255, 255, 255},
                SyntheticTask.voidBand(label, 4, 2, 2, 255));
    }

    @Test
    void datasetReadsTheTaskWithDefaultsForTraining() {
        SegmentationDataset ds =
                Datasets.open(
                        "synthetic",
                        DatasetOptions.builder().split("val").transform(Transform.TRAIN).build());
        assertEquals(100, ds.size());
        assertEquals(SyntheticTask.CLASSES, ds.classNames());
        assertEquals(128, ds.jointTransform().cropSize());
        assertTrue(ds.validate().isEmpty());
    }

    private static long[] expectedCounts(SyntheticTask task, int n, boolean band, int[] lut) {
        long[] counts = new long[256];
        for (int i = 0; i < n; i++) {
            LabeledImage li = task.generate(0, i);
            int[] l =
                    band
                            ? SyntheticTask.voidBand(
                                    li.label(), li.width(), li.height(), task.voidRadius(), 255)
                            : li.label();
            for (int v : l) {
                counts[v == 255 ? 255 : lut[v]]++;
            }
        }
        return counts;
    }

    @Test
    void vocTreeReadsBackExactly(@TempDir Path root) throws Exception {
        SyntheticTask task = SyntheticTask.builder().optSize(40, 30).optSeed(9).build();
        SyntheticWriter.Summary s =
                SyntheticWriter.write(SyntheticWriter.Format.VOC, root, 6, task);
        assertEquals(5, s.train());
        assertEquals(1, s.val());
        assertTrue(Files.isRegularFile(root.resolve("VOCdevkit/VOC2012/classes.txt")));
        SegmentationDataset ds = open("voc", root, "trainval");
        assertEquals(SyntheticTask.CLASSES, ds.classNames());
        DatasetStats stats = DatasetStats.compute(ds, 2, null);
        assertTrue(stats.problems().isEmpty(), stats.problems().toString());
        long[] expected = expectedCounts(task, 6, true, new int[] {0, 1, 2, 3, 4, 5});
        assertArrayEquals(java.util.Arrays.copyOf(expected, 6), stats.pixelsPerClass());
        assertEquals(expected[255], stats.ignorePixels());
        assertTrue(stats.ignorePixels() > 0, "a void band exists");
    }

    @Test
    void sbdTreeReadsBackWithTrainAugArithmetic(@TempDir Path root) throws Exception {
        SyntheticTask task = SyntheticTask.builder().optSize(32, 24).optSeed(4).build();
        SyntheticWriter.Summary s =
                SyntheticWriter.write(SyntheticWriter.Format.SBD, root, 10, task);
        SegmentationDataset train = open("voc-aug", root, "train");
        assertEquals(s.train(), train.size());
        assertEquals(8, train.size(), "10 ids minus 2 VOC val");
        int mats = 0;
        for (long i = 0; i < train.size(); i++) {
            LabeledImage li = train.read(i);
            boolean voc = train.labelPath(i).toString().endsWith(".png");
            int[] expected =
                    task.generate(0, Integer.parseInt(train.id(i).substring(5)) - 1).label();
            if (voc) {
                expected = SyntheticTask.voidBand(expected, 32, 24, task.voidRadius(), 255);
            } else {
                mats++;
            }
            assertArrayEquals(expected, li.label(), train.id(i));
        }
        assertEquals(5, mats, "ids 4..8 come from SBD, ids 1..3 from VOC train");
        assertEquals(2, open("voc-aug", root, "val").size());
        assertEquals(9, open("voc-aug", root, "sbd-trainval").size());
        long plain = 0;
        try (var files = Files.list(root.resolve("benchmark_RELEASE/dataset/cls"))) {
            for (Path f : files.toList()) {
                plain += Fixtures.firstElementType(f) == 14 ? 1 : 0;
            }
        }
        assertEquals(5, plain, "odd positions are written plain");
    }

    @Test
    void contextTreeReadsBackAs59And60(@TempDir Path root) throws Exception {
        SyntheticTask task = SyntheticTask.builder().optSize(30, 20).optSeed(5).build();
        SyntheticWriter.write(SyntheticWriter.Format.CONTEXT, root, 5, task);
        int[] lut59 = PascalClasses.contextLookup(false);
        int[] lut60 = PascalClasses.contextLookup(true);
        for (boolean bg : new boolean[] {false, true}) {
            SegmentationDataset ds = open(bg ? "context60" : "context59", root, "train");
            assertEquals(4, ds.size());
            for (long i = 0; i < ds.size(); i++) {
                LabeledImage generated = task.generate(0, i);
                int[] raw = SyntheticWriter.contextLabelMap(generated);
                int[] expected = new int[raw.length];
                for (int p = 0; p < raw.length; p++) {
                    expected[p] = (bg ? lut60 : lut59)[raw[p]];
                }
                assertArrayEquals(expected, ds.read(i).label());
            }
        }
        LabeledImage first = task.generate(0, 0);
        int[] raw = SyntheticWriter.contextLabelMap(first);
        assertTrue(java.util.Arrays.stream(raw).anyMatch(v -> v == 459), "ids outside the 59 set");
        assertTrue(java.util.Arrays.stream(raw).anyMatch(v -> v == 3), "ids outside the 59 set");
        assertEquals(List.of(), open("context59", root, "val").validate());
    }

    /** The split, evaluation transform, batches of 1: how the command line reads a split. */
    private static SegmentationDataset open(String name, Path root, String split) {
        return Datasets.open(name, DatasetOptions.builder().root(root).split(split).build());
    }
}
