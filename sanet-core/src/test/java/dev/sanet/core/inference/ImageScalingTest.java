package dev.sanet.core.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The prediction route's size bound, and the mask's way back to the image's size. */
class ImageScalingTest {

    @Test
    void smallImagesPassThroughAndLargeOnesAreScaledToTheLimit() {
        BufferedImage small = new BufferedImage(100, 80, BufferedImage.TYPE_3BYTE_BGR);
        assertSame(small, ImageScaling.bounded(small, bound(100)));
        assertSame(small, ImageScaling.bounded(small, bound(0)));
        BufferedImage big = new BufferedImage(4000, 3000, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage b = ImageScaling.bounded(big, bound(1024));
        assertEquals(1024, b.getWidth());
        assertEquals(768, b.getHeight());
        BufferedImage tall = new BufferedImage(30, 1000, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage t = ImageScaling.bounded(tall, bound(100));
        assertEquals(100, t.getHeight());
        assertEquals(3, t.getWidth());
    }

    @Test
    void aMaskIsScaledUpByNearestNeighbour() {
        int[][] map = {{1, 2}, {3, 4}};
        int[][] up = ImageScaling.upscaleNearest(map, 4, 6);
        assertArrayEquals(new int[] {1, 1, 1, 2, 2, 2}, up[0]);
        assertArrayEquals(new int[] {1, 1, 1, 2, 2, 2}, up[1]);
        assertArrayEquals(new int[] {3, 3, 3, 4, 4, 4}, up[3]);
        assertSame(map, ImageScaling.upscaleNearest(map, 2, 2));
    }

    @Test
    void theBoundedSizeRoundsTheShortSideAndKeepsAtLeastOnePixel() {
        assertArrayEquals(new int[] {1024, 768}, bound(1024).boundedSize(4000, 3000));
        assertArrayEquals(new int[] {1024, 1}, bound(1024).boundedSize(100000, 1));
        assertArrayEquals(new int[] {640, 480}, bound(1024).boundedSize(640, 480));
        assertArrayEquals(new int[] {6000, 4000}, bound(0).boundedSize(6000, 4000));
    }

    private static Protocol bound(int maxSide) {
        return Protocol.builder().maxSide(maxSide).build();
    }
}
