package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderDatasetTest {

    /** A folder dataset with one good item and four bad ones (one problem each). */
    static Path broken(Path root) throws Exception {
        Fixtures.lines(root.resolve("classes.txt"), List.of("background", "road", "car"));
        int[] ok = Fixtures.labels(12, 10, new int[] {0, 1, 2});
        Fixtures.jpeg(root.resolve("JPEGImages/good.jpg"), 12, 10, 1);
        Fixtures.palettePng(root.resolve("SegmentationClass/good.png"), 12, 10, ok);

        Files.createDirectories(root.resolve("JPEGImages"));
        Files.write(
                root.resolve("JPEGImages/corrupt.jpg"),
                new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        Fixtures.palettePng(root.resolve("SegmentationClass/corrupt.png"), 12, 10, ok);

        Fixtures.jpeg(root.resolve("JPEGImages/nolabel.jpg"), 12, 10, 2);

        Fixtures.jpeg(root.resolve("JPEGImages/size.jpg"), 12, 10, 3);
        Fixtures.palettePng(
                root.resolve("SegmentationClass/size.png"),
                10,
                10,
                Fixtures.labels(10, 10, new int[] {0, 1, 2}));

        Fixtures.jpeg(root.resolve("JPEGImages/range.jpg"), 12, 10, 4);
        Fixtures.palettePng(
                root.resolve("SegmentationClass/range.png"),
                12,
                10,
                Fixtures.labels(12, 10, new int[] {0, 7, 2}));

        Fixtures.lines(
                root.resolve("ImageSets/Segmentation/train.txt"),
                List.of("good", "corrupt", "nolabel", "size", "range"));
        return root;
    }

    @Test
    void brokenItemsGiveOneProblemEach(@TempDir Path root) throws Exception {
        broken(root);
        SegmentationDataset ds = FolderDataset.builder().options(Fixtures.at(root)).build();
        assertEquals(List.of("background", "road", "car"), ds.classNames());
        List<Problem> p = ds.validate();
        assertEquals(4, p.size(), p.toString());
        assertEquals(root.resolve("JPEGImages/corrupt.jpg"), p.get(0).path());
        assertTrue(p.get(0).problem().startsWith("unreadable image"), p.get(0).toString());
        assertEquals(root.resolve("SegmentationClass/nolabel.png"), p.get(1).path());
        assertEquals("missing label", p.get(1).problem());
        assertEquals(root.resolve("SegmentationClass/size.png"), p.get(2).path());
        assertEquals("label is 10x10 but its image size.jpg is 12x10", p.get(2).problem());
        assertEquals(root.resolve("SegmentationClass/range.png"), p.get(3).path());
        assertTrue(
                p.get(3).problem().startsWith("label values outside the class set: 7 ("),
                p.get(3).toString());
        assertTrue(
                p.get(3).problem().endsWith("expected 0..2 or 255 (ignore)"), p.get(3).toString());

        DatasetStats stats = DatasetStats.compute(ds, 2, null);
        assertEquals(5, stats.images());
        long[] expected = new long[3];
        for (int v : Fixtures.labels(12, 10, new int[] {0, 1, 2})) {
            if (v != 255) {
                expected[v]++;
            }
        }
        assertArrayEquals(expected, stats.pixelsPerClass(), "counts cover the good item only");
        assertEquals(10, stats.ignorePixels());

        ItemException e = assertThrows(ItemException.class, () -> ds.read(3));
        assertTrue(e.getMessage().contains("size.png"), e.getMessage());
    }

    @Test
    void skipBadDropsTheBadItemsAndCountsThem(@TempDir Path root) throws Exception {
        broken(root);
        SegmentationDataset ds =
                FolderDataset.builder().options(Fixtures.skippingBad(root, "train")).build();
        assertEquals(1, ds.size());
        assertEquals("good", ds.id(0));
        assertEquals(4, ds.skipped());
        assertEquals(4, ds.skippedProblems().size());
        assertTrue(ds.validate().isEmpty());
    }

    @Test
    void cvatLabelmapWithTrueColourMasks(@TempDir Path root) throws Exception {
        Files.createDirectories(root);
        Files.writeString(
                root.resolve("labelmap.txt"),
                "# label:color_rgb:parts:actions\nbackground:0,0,0::\nroad:128,64,128::\n"
                        + "car:0,0,142::\n");
        Fixtures.jpeg(root.resolve("JPEGImages/frame_000001.jpg"), 3, 2, 1);
        BufferedImage mask = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        int[] colours = {0x000000, 0x804080, 0x00008E, 0xE0E0C0, 0x804080, 0x123456};
        for (int i = 0; i < 6; i++) {
            mask.setRGB(i % 3, i / 3, colours[i]);
        }
        Files.createDirectories(root.resolve("SegmentationClass"));
        ImageIO.write(mask, "png", root.resolve("SegmentationClass/frame_000001.png").toFile());
        Fixtures.lines(root.resolve("ImageSets/Segmentation/default.txt"), List.of("frame_000001"));
        SegmentationDataset ds =
                FolderDataset.builder().options(Fixtures.at(root, "default")).build();
        assertEquals(List.of("background", "road", "car"), ds.classNames());
        assertArrayEquals(new int[] {0, 1, 2, 255, 1, 255}, ds.read(0).label());
        List<Problem> p = ds.validate();
        assertEquals(1, p.size());
        assertTrue(p.get(0).problem().contains("colours not in labelmap.txt (1 px)"), p.toString());
    }

    @Test
    void missingClassListNamesIt(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("SegmentationClass"));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> FolderDataset.builder().options(Fixtures.at(root)).build());
        assertTrue(e.getMessage().contains(root.resolve("classes.txt").toString()), e.getMessage());
    }
}
