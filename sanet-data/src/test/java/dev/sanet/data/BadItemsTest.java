package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Items that must never be used (issue 16): a truncated JPEG that ImageIO half-decodes, and split
 * ids that leave the dataset root. Each is a bad item for {@code missingFiles()}, {@code
 * validate()}, {@code read()} and {@code skipBad(true)} alike.
 */
class BadItemsTest {

    @Test
    void aTruncatedJpegIsABadItemEverywhere(@TempDir Path root) throws Exception {
        VocDatasetTest.vocTree(root);
        Path jpg = root.resolve("VOCdevkit/VOC2012/JPEGImages/2007_000039.jpg");
        byte[] all = Files.readAllBytes(jpg);
        Files.write(jpg, Arrays.copyOf(all, all.length / 2));
        SegmentationDataset ds = VocDataset.builder().options(Fixtures.at(root, "train")).build();
        // The file is there: the cheap check passes, the decoding checks refuse it.
        assertEquals(List.of(), ds.missingFiles());
        List<Problem> problems = ds.validate();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(jpg, problems.get(0).path());
        assertTrue(problems.get(0).problem().contains("truncated or corrupt"), problems.toString());
        ItemException e = assertThrows(ItemException.class, () -> ds.read(1));
        assertEquals(jpg, e.problem().path());
        SegmentationDataset skipping =
                VocDataset.builder().options(Fixtures.skippingBad(root, "train")).build();
        assertEquals(1, skipping.size());
        assertEquals("2007_000032", skipping.id(0));
    }

    @Test
    void splitIdsThatLeaveTheRootAreBadItemsAndNoFileOutsideIsRead(@TempDir Path tmp)
            throws Exception {
        Path root = tmp.resolve("data");
        VocDatasetTest.vocTree(root);
        // A real image and label outside the dataset that an escaping id would reach.
        Path outside = tmp.resolve("secret");
        Fixtures.jpeg(outside.resolve("x.jpg"), 30, 20, 5);
        Fixtures.palettePng(
                outside.resolve("x.png"), 30, 20, Fixtures.labels(30, 20, new int[] {0}));
        String escape = "../../../../secret/x";
        String absolute = outside.resolve("x").toString();
        Fixtures.lines(
                root.resolve("VOCdevkit/VOC2012/ImageSets/Segmentation/train.txt"),
                List.of("2007_000032", escape, absolute));
        SegmentationDataset ds = VocDataset.builder().options(Fixtures.at(root, "train")).build();
        List<Problem> missing = ds.missingFiles();
        assertEquals(2, missing.size(), missing.toString());
        assertTrue(missing.get(0).problem().contains("'" + escape + "' leaves the dataset root"));
        assertTrue(missing.get(1).problem().contains("'" + absolute + "' leaves the dataset root"));
        assertEquals(2, ds.validate().size());
        ItemException e = assertThrows(ItemException.class, () -> ds.read(1));
        assertTrue(e.getMessage().contains("leaves the dataset root"), e.getMessage());
        SegmentationDataset skipping =
                VocDataset.builder().options(Fixtures.skippingBad(root, "train")).build();
        assertEquals(1, skipping.size());
    }

    @Test
    void theRuleOnIds() {
        assertTrue(ItemChecks.leavesRoot("../x"));
        assertTrue(ItemChecks.leavesRoot("a/../../x"));
        assertTrue(ItemChecks.leavesRoot("/etc/passwd"));
        assertTrue(ItemChecks.leavesRoot("..\\x"));
        assertTrue(ItemChecks.leavesRoot("C:x"));
        assertFalse(ItemChecks.leavesRoot("2007_000032"));
        assertFalse(ItemChecks.leavesRoot("sub/2007_000032"));
        assertFalse(ItemChecks.leavesRoot("a..b"));
    }
}
