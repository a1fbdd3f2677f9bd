package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The bound on predict's working size, and the mask's way back to the image's size. */
class LargeImagesTest {

    @Test
    void smallImagesPassThroughAndLargeOnesAreScaledToTheLimit() {
        BufferedImage small = new BufferedImage(100, 80, BufferedImage.TYPE_3BYTE_BGR);
        assertSame(small, LargeImages.bounded(small, 100));
        assertSame(small, LargeImages.bounded(small, 0));
        BufferedImage big = new BufferedImage(4000, 3000, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage b = LargeImages.bounded(big, 1024);
        assertEquals(1024, b.getWidth());
        assertEquals(768, b.getHeight());
        BufferedImage tall = new BufferedImage(30, 1000, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage t = LargeImages.bounded(tall, 100);
        assertEquals(100, t.getHeight());
        assertEquals(3, t.getWidth());
    }

    @Test
    void aMaskIsScaledUpByNearestNeighbour() {
        int[][] map = {{1, 2}, {3, 4}};
        int[][] up = LargeImages.upscaleNearest(map, 4, 6);
        assertArrayEquals(new int[] {1, 1, 1, 2, 2, 2}, up[0]);
        assertArrayEquals(new int[] {1, 1, 1, 2, 2, 2}, up[1]);
        assertArrayEquals(new int[] {3, 3, 3, 4, 4, 4}, up[3]);
        assertSame(map, LargeImages.upscaleNearest(map, 2, 2));
    }
}
