package dev.sanet.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sanet.core.inference.ImagePreparation;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict decoding: truncated files are refused, unusual colour models decode to their colours. */
class ImageDecodingTest {

    @TempDir Path tmp;

    private static BufferedImage noise(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(0xFFFFFF));
            }
        }
        return img;
    }

    private Path cut(Path file, double keep) throws IOException {
        byte[] all = Files.readAllBytes(file);
        Path out = tmp.resolve("cut-" + file.getFileName());
        Files.write(out, Arrays.copyOf(all, (int) (all.length * keep)));
        return out;
    }

    @Test
    void aWholeJpegDecodesAndATruncatedOneIsRefusedNamingTheDamage() throws Exception {
        Path jpg = tmp.resolve("a.jpg");
        assertTrue(ImageIO.write(noise(96, 64, 1), "jpg", jpg.toFile()));
        BufferedImage whole = ImageDecoding.read(jpg);
        assertEquals(96, whole.getWidth());
        Path half = cut(jpg, 0.5);
        // The JDK's own reader returns a picture for it: the damage is only a warning.
        assertTrue(ImageIO.read(half.toFile()) != null);
        IOException e = assertThrows(IOException.class, () -> ImageDecoding.read(half));
        assertTrue(e.getMessage().startsWith("truncated or corrupt"), e.getMessage());
    }

    @Test
    void aTruncatedPngIsRefused() throws Exception {
        Path png = tmp.resolve("a.png");
        assertTrue(ImageIO.write(noise(96, 64, 2), "png", png.toFile()));
        Path half = cut(png, 0.6);
        IOException e = assertThrows(IOException.class, () -> ImageDecoding.read(half));
        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
    }

    @Test
    void garbageAndMissingFilesAreRefused() throws Exception {
        Path txt = Files.writeString(tmp.resolve("x.jpg"), "not an image");
        IOException e = assertThrows(IOException.class, () -> ImageDecoding.read(txt));
        assertTrue(e.getMessage().contains("not a JPEG, PNG"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> ImageDecoding.read(tmp.resolve("none.jpg")));
    }

    @Test
    void aGreyJpegKeepsItsGreyLevels() throws Exception {
        BufferedImage grey = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        Arrays.fill(px, (byte) 149);
        Path jpg = tmp.resolve("grey.jpg");
        assertTrue(ImageIO.write(grey, "jpg", jpg.toFile()));
        BufferedImage bgr = ImagePreparation.toBgr(ImageDecoding.read(jpg));
        int rgb = bgr.getRGB(16, 16);
        assertEquals(149, (rgb >> 16) & 0xFF, 2);
        assertEquals(149, rgb & 0xFF, 2);
    }

    @Test
    void aCmykJpegDecodesToItsColours() throws Exception {
        // A four-component JPEG with an Adobe APP14 marker (transform 0: CMYK stored inverted),
        // as Photoshop writes them.
        int w = 32;
        int h = 32;
        WritableRaster cmyk = Raster.createInterleavedRaster(0, w, h, 4, null);
        // Inverted CMYK of pure red: C=0, M=255, Y=255, K=0 -> stored 255, 0, 0, 255.
        int[] pixel = {255, 0, 0, 255};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                cmyk.setPixel(x, y, pixel);
            }
        }
        Path jpg = tmp.resolve("cmyk.jpg");
        ImageWriter writer = null;
        for (var it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter candidate = it.next();
            if (candidate.getClass().getName().startsWith("com.sun.")) {
                writer = candidate;
            }
        }
        assertTrue(writer != null, "the JDK's JPEG writer");
        try (ImageOutputStream out = ImageIO.createImageOutputStream(jpg.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(cmyk, null, null), null);
        } finally {
            writer.dispose();
        }
        // The JDK writes no APP14 marker for a raster: add Adobe's, transform 0 = CMYK.
        byte[] plain = Files.readAllBytes(jpg);
        byte[] adobe = {
            (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0
        };
        byte[] withMarker = new byte[plain.length + adobe.length];
        System.arraycopy(plain, 0, withMarker, 0, 2);
        System.arraycopy(adobe, 0, withMarker, 2, adobe.length);
        System.arraycopy(plain, 2, withMarker, 2 + adobe.length, plain.length - 2);
        Files.write(jpg, withMarker);
        // Without the plugin the JDK's reader refuses this file ("Unsupported Image Type").
        BufferedImage img = ImageDecoding.read(jpg);
        BufferedImage bgr = ImagePreparation.toBgr(img);
        int rgb = bgr.getRGB(16, 16);
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        assertTrue(r > 150 && g < 110 && b < 110, "expected a red, got " + r + "," + g + "," + b);
        assertFalse(img.getColorModel().hasAlpha());
    }
}
