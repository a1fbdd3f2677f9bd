package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sanet.core.inference.ImagePreparation;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JointTransformTest {

    private static LabeledImage item(int w, int h) {
        BufferedImage img = Fixtures.pattern(w, h, 3);
        int[] label = new int[w * h];
        for (int i = 0; i < label.length; i++) {
            label[i] = i % 251;
        }
        return new LabeledImage(img, label);
    }

    @Test
    void unitScaleCopiesPadsWithIgnoreAndFlips() {
        LabeledImage in = item(8, 6);
        JointTransform t =
                JointTransform.builder().optBaseSize(8).optCropSize(8).optScaleRange(1, 1).build();
        boolean sawFlip = false;
        boolean sawPlain = false;
        for (int seed = 0; seed < 20; seed++) {
            JointTransform.Geometry g = t.sample(8, 6, new Random(Augmentation.mix(0, seed, 0)));
            assertEquals(8, g.scaledWidth());
            assertEquals(6, g.scaledHeight());
            assertEquals(0, g.cropX());
            assertEquals(0, g.cropY());
            LabeledImage out = t.render(in, g);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    int sx = g.flip() ? 7 - x : x;
                    if (y >= 6) {
                        assertEquals(255, out.labelAt(x, y));
                        assertEquals(0, out.image().getRGB(x, y) & 0xFFFFFF, "padding is black");
                    } else {
                        assertEquals(in.labelAt(sx, y), out.labelAt(x, y));
                        assertEquals(in.image().getRGB(sx, y), out.image().getRGB(x, y));
                    }
                }
            }
            sawFlip |= g.flip();
            sawPlain |= !g.flip();
        }
        assertTrue(sawFlip && sawPlain);
    }

    @Test
    void halfScaleLabelsTakeTheNearestSourcePixel() {
        LabeledImage in = item(8, 4);
        JointTransform t =
                JointTransform.builder()
                        .optBaseSize(4)
                        .optCropSize(4)
                        .optScaleRange(1, 1)
                        .optFlip(false)
                        .build();
        LabeledImage out = t.apply(in, new Random(1));
        // 8x4 -> 4x2: output (x, y) reads source (2x + 1, 2y + 1); rows 2..3 are padding.
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(in.labelAt(2 * x + 1, 2 * y + 1), out.labelAt(x, y));
            }
        }
        assertEquals(255, out.labelAt(0, 3));
    }

    @Test
    void randomCropsKeepLabelValuesAndAreReproducible() {
        LabeledImage in = item(50, 37);
        Set<Integer> source = new HashSet<>();
        for (int v : in.label()) {
            source.add(v);
        }
        source.add(255);
        JointTransform t = JointTransform.builder().optBaseSize(40).optCropSize(32).build();
        Set<String> shapes = new HashSet<>();
        for (int seed = 0; seed < 30; seed++) {
            LabeledImage a = t.apply(in, new Random(seed));
            LabeledImage b = t.apply(in, new Random(seed));
            assertEquals(32, a.width());
            assertEquals(32, a.height());
            assertArrayEquals(a.label(), b.label());
            for (int v : a.label()) {
                assertTrue(source.contains(v), "nearest neighbour invents no value: " + v);
            }
            JointTransform.Geometry g = t.sample(50, 37, new Random(seed));
            assertTrue(g.scaledWidth() >= 20 && g.scaledWidth() <= 80, g.toString());
            assertTrue(g.cropX() + 32 <= Math.max(32, g.scaledWidth()), g.toString());
            assertTrue(g.cropY() + 32 <= Math.max(32, g.scaledHeight()), g.toString());
            shapes.add(g.scaledWidth() + "x" + g.scaledHeight());
        }
        assertTrue(shapes.size() > 5, "the scale varies: " + shapes);
        assertFalse(
                java.util.Arrays.equals(
                        t.apply(in, new Random(1)).label(), t.apply(in, new Random(2)).label()));
    }

    @Test
    void portraitImagesScaleTheirHeight() {
        JointTransform t =
                JointTransform.builder()
                        .optBaseSize(100)
                        .optCropSize(10)
                        .optScaleRange(1, 1)
                        .build();
        JointTransform.Geometry g = t.sample(375, 500, new Random(0));
        assertEquals(100, g.scaledHeight());
        assertEquals(75, g.scaledWidth());
    }

    @Test
    void normalisationUsesImageNetStatistics() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF8000);
        img.setRGB(1, 0, 0x000000);
        float[] f = JointTransform.toChw(img);
        assertEquals(6, f.length);
        assertEquals((1f - 0.485f) / 0.229f, f[0], 1e-6);
        assertEquals((128 / 255f - 0.456f) / 0.224f, f[2], 1e-6);
        assertEquals((0f - 0.406f) / 0.225f, f[4], 1e-6);
        float[] black = ImagePreparation.IMAGENET.black();
        assertEquals(black[0], f[1], 1e-6);
        assertEquals(black[2], f[5], 1e-6);
    }

    @Test
    void badOptionsAreRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> JointTransform.builder().optCropSize(0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> JointTransform.builder().optScaleRange(2, 1).build());
    }
}
