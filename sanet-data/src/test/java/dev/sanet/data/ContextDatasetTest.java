package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextDatasetTest {

    /** Original ids: 0, in-set 2 / 284 / 458, outside-set 1 / 3 / 459. */
    static final int[] RAW = {0, 2, 284, 458, 1, 3, 459, 2, 22, 284, 0, 458};

    static final int[] AS_59 = {255, 0, 36, 58, 255, 255, 255, 0, 4, 36, 255, 58};
    static final int[] AS_60 = {0, 1, 37, 59, 0, 0, 0, 1, 5, 37, 0, 59};

    static Path tree(Path root, int[] raw, int w, int h) throws Exception {
        Path voc = root.resolve("VOCdevkit/VOC2010");
        for (String id : List.of("2008_000002", "2008_000003")) {
            Fixtures.jpeg(voc.resolve("JPEGImages/" + id + ".jpg"), w, h, 5);
            Fixtures.contextMat(
                    root.resolve("trainval/" + id + ".mat"), w, h, raw, id.endsWith("2"));
        }
        Fixtures.lines(voc.resolve("ImageSets/Main/train.txt"), List.of("2008_000002"));
        Fixtures.lines(voc.resolve("ImageSets/Main/val.txt"), List.of("2008_000003"));
        return root;
    }

    @Test
    void lookupTablesFollowTheSortedIdList() {
        int[] ids = PascalClasses.contextIds();
        assertEquals(59, ids.length);
        int[] l59 = PascalClasses.contextLookup(false);
        int[] l60 = PascalClasses.contextLookup(true);
        assertEquals(460, l59.length);
        for (int k = 0; k < ids.length; k++) {
            assertEquals(k, l59[ids[k]]);
            assertEquals(k + 1, l60[ids[k]]);
        }
        long bg59 = java.util.Arrays.stream(l59).filter(v -> v == 255).count();
        long bg60 = java.util.Arrays.stream(l60).filter(v -> v == 0).count();
        assertEquals(401, bg59, "0 and the 400 unused ids");
        assertEquals(401, bg60);
        assertEquals("person", PascalClasses.CONTEXT_59.get(l59[284]));
        assertEquals("wood", PascalClasses.CONTEXT_60.get(l60[458]));
        assertEquals("background", PascalClasses.CONTEXT_60.get(0));
    }

    @Test
    void matLabelsMapTo59And60(@TempDir Path root) throws Exception {
        tree(root, RAW, 4, 3);
        SegmentationDataset d59 =
                ContextDataset.builder(false).options(Fixtures.at(root, "train")).build();
        SegmentationDataset d60 =
                ContextDataset.builder(true).options(Fixtures.at(root, "val")).build();
        assertEquals("context59", d59.name());
        assertEquals(59, d59.numClasses());
        assertEquals(60, d60.numClasses());
        assertArrayEquals(AS_59, d59.read(0).label());
        assertArrayEquals(AS_60, d60.read(0).label());
        DatasetStats s59 = DatasetStats.compute(d59, 1, null);
        assertEquals(5, s59.ignorePixels());
        assertEquals(2, s59.pixelsPerClass()[0]);
        assertEquals(1, s59.pixelsPerClass()[4]);
        assertEquals(2, s59.pixelsPerClassByName().get("person"));
        DatasetStats s60 = DatasetStats.compute(d60, 2, null);
        assertEquals(0, s60.ignorePixels());
        assertEquals(5, s60.pixelsPerClassByName().get("background"));
    }

    @Test
    void idsAbove459AreReported(@TempDir Path root) throws Exception {
        int[] raw = RAW.clone();
        raw[5] = 500;
        tree(root, raw, 4, 3);
        SegmentationDataset ds = ContextDataset.builder(true).options(Fixtures.at(root)).build();
        List<Problem> problems = ds.validate();
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).problem().contains("500 (1 px)"), problems.toString());
        assertTrue(problems.get(0).path().endsWith("trainval/2008_000002.mat"));
        assertEquals(255, ds.read(0).label()[5], "read as ignore");
    }

    @Test
    void convertedPngsGiveTheSameMaps(@TempDir Path root) throws Exception {
        Path voc = root.resolve("VOCdevkit/VOC2010");
        int[] lut60 = PascalClasses.contextLookup(true);
        int[] png = new int[RAW.length];
        for (int i = 0; i < RAW.length; i++) {
            png[i] = lut60[RAW[i]];
        }
        Fixtures.jpeg(voc.resolve("JPEGImages/2008_000002.jpg"), 4, 3, 5);
        Fixtures.grayPng(voc.resolve("SegmentationClassContext/2008_000002.png"), 4, 3, png);
        Fixtures.lines(
                voc.resolve("ImageSets/SegmentationContext/train.txt"), List.of("2008_000002"));
        assertArrayEquals(
                AS_59,
                ContextDataset.builder(false).options(Fixtures.at(root)).build().read(0).label());
        assertArrayEquals(
                AS_60,
                ContextDataset.builder(true).options(Fixtures.at(root)).build().read(0).label());
    }

    @Test
    void missingLabelsNameBothSources(@TempDir Path root) throws Exception {
        java.nio.file.Files.createDirectories(root.resolve("VOCdevkit/VOC2010/JPEGImages"));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ContextDataset.builder(false).options(Fixtures.at(root)).build());
        assertTrue(e.getMessage().contains(root.resolve("trainval").toString()), e.getMessage());
    }
}
