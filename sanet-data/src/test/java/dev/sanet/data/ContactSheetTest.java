package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sanet.core.io.Palette;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contact sheet: four large cells per row, sharp masks, the legend below. */
class ContactSheetTest {

    @Test
    void smallImagesAreScaledUpWithSharpMasksAndTheLegendBelow() {
        Palette palette = Palette.voc();
        ContactSheet sheet = new ContactSheet(List.of("background", "disc", "square"), palette);
        int[][] truth = new int[32][32];
        int[][] pred = new int[32][32];
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                truth[y][x] = x < 16 ? 1 : 2;
                pred[y][x] = y < 16 ? 1 : 0;
            }
        }
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        sheet.add("a", image, truth, pred);
        sheet.add("b", image, truth, pred);
        BufferedImage out = sheet.draw();
        BufferedImage legend = MaskImages.legend(List.of("background", "disc", "square"), palette);
        // 32 px becomes 256 (x8): four columns, two rows, and the legend's height below.
        assertTrue(out.getWidth() >= 4 * ContactSheet.MIN_CELL, "" + out.getWidth());
        assertTrue(out.getHeight() >= 2 * ContactSheet.MIN_CELL + legend.getHeight());
        // Find the truth cell of row 1 by its first pixel of class 1's colour, then check that
        // the class boundary (x = 16 in the mask) lands exactly at 16 * 8 with no blended pixel.
        int y = out.getHeight() / 4;
        int left = -1;
        for (int x = ContactSheet.MIN_CELL; x < out.getWidth(); x++) {
            if ((out.getRGB(x, y) & 0xFFFFFF) == palette.rgb(1)) {
                left = x;
                break;
            }
        }
        assertTrue(left > 0, "no truth cell found");
        assertEquals(palette.rgb(1), out.getRGB(left + 127, y) & 0xFFFFFF);
        assertEquals(palette.rgb(2), out.getRGB(left + 128, y) & 0xFFFFFF);
    }

    @Test
    void aMaskOfAnotherSizeIsRefused() {
        ContactSheet sheet = new ContactSheet(List.of("bg", "a"), Palette.voc());
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        sheet.add(
                                "x",
                                new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB),
                                new int[4][4],
                                new int[8][8]));
    }
}
