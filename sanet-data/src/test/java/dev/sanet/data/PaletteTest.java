package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sanet.core.io.Palette;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaletteTest {

    @Test
    void knownVocColours() {
        assertArrayEquals(new int[] {0, 0, 0}, Palette.color(0));
        assertArrayEquals(new int[] {128, 0, 0}, Palette.color(1));
        assertArrayEquals(new int[] {0, 128, 0}, Palette.color(2));
        assertArrayEquals(new int[] {128, 128, 0}, Palette.color(3));
        assertArrayEquals(new int[] {192, 128, 128}, Palette.color(15));
        assertArrayEquals(new int[] {0, 64, 128}, Palette.color(20));
        assertArrayEquals(new int[] {224, 224, 192}, Palette.color(255));
        assertEquals(0xE0E0C0, Palette.voc().rgb(255));
    }

    @Test
    void colourModelMatchesAnIndependentBitgetForAll256() {
        IndexColorModel ours = Palette.voc().colorModel();
        IndexColorModel ref = Fixtures.vocModel();
        assertEquals(256, ours.getMapSize());
        for (int i = 0; i < 256; i++) {
            assertEquals(ref.getRGB(i), ours.getRGB(i), "index " + i);
        }
    }

    @Test
    void writtenPalettePngKeepsIndicesAndShowsPaletteColours(@TempDir Path dir) throws Exception {
        int w = 5;
        int h = 3;
        int[] v = {0, 1, 2, 15, 20, 255, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        Path f = dir.resolve("l.png");
        LabelFiles.writePalettePng(v, w, h, f);
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(BufferedImage.TYPE_BYTE_INDEXED, img.getType());
        assertEquals(0xC08080, img.getRGB(3, 0) & 0xFFFFFF, "index 15 shows (192,128,128)");
        assertArrayEquals(v, LabelFiles.readPng(f, null).values());
    }
}
