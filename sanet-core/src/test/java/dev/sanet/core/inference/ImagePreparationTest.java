package dev.sanet.core.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Images of every common colour model, written and decoded with ImageIO as files would be, give the
 * normalised values of their sRGB colours.
 */
class ImagePreparationTest {

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    /** The expected value of an 8-bit sample, computed here independently of the class. */
    private static float expected(int channel, int value) {
        return (value / 255f - MEAN[channel]) / STD[channel];
    }

    /** Encodes and decodes an image, as reading a file would give it. */
    private static BufferedImage roundTrip(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, bytes), "no " + format + " writer");
        return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
    }

    /** Checks every pixel of a (3, H, W) result against expected 8-bit R, G, B values. */
    private static void assertPixels(float[] chw, int[][] rgb) {
        int plane = rgb.length;
        assertEquals(3 * plane, chw.length);
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(
                        expected(c, rgb[i][c]), chw[c * plane + i], 0f, "pixel " + i + " ch " + c);
            }
        }
    }

    @Test
    void greyPngRepeatsItsValueInEveryChannel() throws IOException {
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 128, 255});
        BufferedImage read = roundTrip(grey, "png");
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, read.getType());
        // Not the JDK's linear-grey getRGB, which gives 188 for 128.
        assertPixels(
                ImagePreparation.IMAGENET.toChw(read),
                new int[][] {{0, 0, 0}, {128, 128, 128}, {255, 255, 255}});
    }

    @Test
    void sixteenBitGreyIsScaledToEightBits() {
        BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {128 * 257, 65535});
        assertPixels(
                ImagePreparation.IMAGENET.toChw(grey),
                new int[][] {{128, 128, 128}, {255, 255, 255}});
    }

    @Test
    void palettePngTakesThePaletteColours() throws IOException {
        byte[] r = {(byte) 200, 10, 0};
        byte[] g = {20, (byte) 250, 0};
        byte[] b = {30, 40, (byte) 128};
        IndexColorModel palette = new IndexColorModel(8, 3, r, g, b);
        BufferedImage indexed = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        indexed.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {2, 0, 1});
        BufferedImage read = roundTrip(indexed, "png");
        assertTrue(read.getColorModel() instanceof IndexColorModel, "read back as a palette");
        assertPixels(
                ImagePreparation.IMAGENET.toChw(read),
                new int[][] {{0, 0, 128}, {200, 20, 30}, {10, 250, 40}});
    }

    @Test
    void alphaPngKeepsItsColoursAndDropsAlpha() throws IOException {
        BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x80FF8040); // half transparent
        argb.setRGB(1, 0, 0x00102030); // fully transparent
        argb.setRGB(2, 0, 0xFF0A0B0C); // opaque
        BufferedImage read = roundTrip(argb, "png");
        assertTrue(read.getColorModel().hasAlpha(), "read back with alpha");
        // PIL's convert("RGB"): the stored colour, not composited over black (0x804020).
        assertPixels(
                ImagePreparation.IMAGENET.toChw(read),
                new int[][] {{255, 128, 64}, {16, 32, 48}, {10, 11, 12}});
    }

    @Test
    void rgbJpegGivesItsDecodedSamples() throws IOException {
        BufferedImage rgb = new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                rgb.setRGB(x, y, (x * 30) << 16 | (y * 30) << 8 | 90);
            }
        }
        BufferedImage read = roundTrip(rgb, "jpeg");
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, read.getType());
        // JPEG is lossy: the expectation is the decoded raster (its bands are R, G, B).
        int[] samples = read.getRaster().getPixels(0, 0, 8, 8, (int[]) null);
        int[][] expected = new int[64][];
        for (int i = 0; i < 64; i++) {
            expected[i] = new int[] {samples[3 * i], samples[3 * i + 1], samples[3 * i + 2]};
        }
        assertPixels(ImagePreparation.IMAGENET.toChw(read), expected);
        assertSame(read, ImagePreparation.toBgr(read), "a plain BGR image is used as it is");
    }

    @Test
    void intRgbAndBgrSubImagesConvertExactly() {
        BufferedImage rgb = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(1, 1, 0x123456);
        rgb.setRGB(2, 1, 0xFEDCBA);
        assertPixels(
                ImagePreparation.IMAGENET.toChw(rgb.getSubimage(1, 1, 2, 1)),
                new int[][] {{0x12, 0x34, 0x56}, {0xFE, 0xDC, 0xBA}});
        BufferedImage bgr = new BufferedImage(4, 2, BufferedImage.TYPE_3BYTE_BGR);
        bgr.setRGB(3, 0, 0x0A0B0C);
        assertPixels(
                ImagePreparation.IMAGENET.toChw(bgr.getSubimage(3, 0, 1, 1)),
                new int[][] {{10, 11, 12}});
    }

    @Test
    void arraysBuffersAndNdArraysHoldTheSameFloats() {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
        img.setRGB(0, 0, 0xFF8000);
        img.setRGB(2, 1, 0x00FF7F);
        float[] chw = ImagePreparation.IMAGENET.toChw(img);
        float[] batch = new float[5 + chw.length];
        ImagePreparation.IMAGENET.toChw(img, batch, 5);
        for (int i = 0; i < chw.length; i++) {
            assertEquals(chw[i], batch[5 + i], 0f);
        }
        byte[] bytes = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        FloatBuffer buffer = FloatBuffer.allocate(2 + chw.length);
        ImagePreparation.IMAGENET.normaliseBgr(bytes, buffer, 2);
        for (int i = 0; i < chw.length; i++) {
            assertEquals(chw[i], buffer.get(2 + i), 0f);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = ImagePreparation.IMAGENET.toNDArray(m, img);
            assertEquals(new Shape(3, 2, 3), x.getShape());
            assertArrayEquals(chw, x.toFloatArray(), 0f);
        }
        assertEquals(expected(0, 255), chw[0], 0f);
        assertEquals(expected(1, 128), chw[6], 0f);
    }

    @Test
    void blackIsMinusMeanOverStd() {
        float[] black = ImagePreparation.IMAGENET.black();
        for (int c = 0; c < 3; c++) {
            assertEquals(-MEAN[c] / STD[c], black[c], 1e-6f);
            assertEquals(expected(c, 0), black[c], 0f);
        }
        ImagePreparation half =
                ImagePreparation.of(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.25f, 1f});
        assertArrayEquals(new float[] {-1f, -2f, -0.5f}, half.black(), 0f);
        BufferedImage white = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        white.setRGB(0, 0, 0xFFFFFF);
        assertArrayEquals(new float[] {1f, 2f, 0.5f}, half.toChw(white), 0f);
    }

    @Test
    void theImageNetStatisticsAreOneInstance() {
        assertArrayEquals(MEAN, ImagePreparation.IMAGENET.mean(), 0f);
        assertArrayEquals(STD, ImagePreparation.IMAGENET.std(), 0f);
        assertSame(ImagePreparation.IMAGENET, ImagePreparation.of(MEAN.clone(), STD.clone()));
        // Accessors hand out copies.
        ImagePreparation.IMAGENET.mean()[0] = 9f;
        assertEquals(0.485f, ImagePreparation.IMAGENET.mean()[0], 0f);
    }

    @Test
    void badStatisticsAreRefusedNamingTheValues() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ImagePreparation.of(new float[] {0.5f, 0.5f}, STD));
        assertTrue(e.getMessage().contains("[0.5, 0.5]"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ImagePreparation.of(MEAN, new float[] {0.2f, 0f, 0.2f}));
        assertTrue(e.getMessage().contains("std") && e.getMessage().contains("0.0"));
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ImagePreparation.of(new float[] {Float.NaN, 0f, 0f}, STD));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
