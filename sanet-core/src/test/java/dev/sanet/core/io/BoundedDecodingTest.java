package dev.sanet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sanet.core.inference.DecodedImage;
import dev.sanet.core.inference.ImagePredictor;
import dev.sanet.core.inference.ImageScaling;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.inference.UnreadableImageException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decoding bounded by settings (issue 26): the size comes from the header, an image over the pixel
 * limit is refused before any pixel is decoded, a much larger one than the route needs is
 * subsampled while decoding (strips too), and running out of memory is said as such.
 */
class BoundedDecodingTest {

    @TempDir Path tmp;

    private Path png(String name, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x * 7) & 0xFF) << 16 | ((y * 5) & 0xFF) << 8 | 0x40);
            }
        }
        Path f = tmp.resolve(name);
        assertTrue(ImageIO.write(img, "png", f.toFile()));
        return f;
    }

    @Test
    void theSizeComesFromTheHeader() throws Exception {
        Path f = png("a.png", 120, 70);
        assertArrayEquals(new int[] {120, 70}, ImageDecoding.size(f));
        // A header cut after IHDR still gives the size: no pixel data is needed.
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(f), 40);
        Path cut = Files.write(tmp.resolve("head.png"), head);
        assertArrayEquals(new int[] {120, 70}, ImageDecoding.size(cut));
    }

    @Test
    void anImageOverThePixelLimitIsRefusedNamingItsSize() throws Exception {
        Path f = png("big.png", 200, 150);
        ImageTooLargeException e =
                assertThrows(
                        ImageTooLargeException.class,
                        () -> ImageDecoding.read(f, ImageDecoding.Subsampling.none(29_999)));
        assertEquals("200x150 (30000 pixels) is over the limit of 29999 pixels", e.getMessage());
        assertEquals(200, e.width());
        assertFalse(e.outOfMemory());
        // Exactly at the limit is fine.
        assertEquals(200, ImageDecoding.read(f, ImageDecoding.Subsampling.none(30_000)).getWidth());
        // Through the route, the message names the file and the size, never "corrupt".
        Protocol p = Protocol.builder().maxPixels(29_999).build();
        UnreadableImageException u =
                assertThrows(UnreadableImageException.class, () -> ImagePredictor.decode(f, p));
        assertTrue(u.getMessage().startsWith(f + ": 200x150 ("), u.getMessage());
        assertFalse(u.getMessage().contains("corrupt"), u.getMessage());
        assertEquals(150, u.tooLarge().height());
    }

    @Test
    void megapixelsAreWrittenPlainly() {
        assertEquals("400 megapixels", ImageTooLargeException.pixels(400_000_000L));
        assertEquals(
                "100 megapixels", ImageTooLargeException.pixels(ImageDecoding.DEFAULT_MAX_PIXELS));
        assertEquals("1.5 megapixels", ImageTooLargeException.pixels(1_500_000));
        assertEquals("500000 pixels", ImageTooLargeException.pixels(500_000));
    }

    @Test
    void aMuchLargerImageIsSubsampledWhileDecodingAndSegmentedAtTheSameSize() throws Exception {
        Path f = png("wide.png", 400, 100);
        Protocol p = Protocol.builder().maxSide(50).build();
        DecodedImage d = ImagePredictor.decode(f, p);
        // 400 / (2 * 50) = 4: every 4th pixel of every 4th row.
        assertEquals(100, d.image().getWidth());
        assertEquals(25, d.image().getHeight());
        assertEquals(400, d.width());
        assertEquals(100, d.height());
        assertTrue(d.subsampled());
        BufferedImage full = ImageIO.read(f.toFile());
        assertEquals(full.getRGB(8, 4), d.image().getRGB(2, 1));
        // The network sees the size the file's own size gives, as without subsampling.
        BufferedImage work = ImageScaling.bounded(d, p);
        assertEquals(50, work.getWidth());
        assertEquals(13, work.getHeight());
        // Under four times the bound nothing is subsampled (the 4000x3000 photo of the docs).
        DecodedImage small = ImagePredictor.decode(png("s.png", 199, 20), p);
        assertFalse(small.subsampled());
    }

    @Test
    void aStripIsBoundedTooAndKeepsASideOfOnePixel() throws Exception {
        Path f = png("strip.png", 1, 5000);
        Protocol p = Protocol.builder().maxSide(16).build();
        DecodedImage d = ImagePredictor.decode(f, p);
        assertEquals(1, d.image().getWidth());
        // 5000 / 32 = 156; ceil(5000 / 156) = 33 rows decoded, not 5000.
        assertEquals(33, d.image().getHeight());
        BufferedImage work = ImageScaling.bounded(d, p);
        assertEquals(1, work.getWidth());
        assertEquals(16, work.getHeight());
    }

    @Test
    void runningOutOfMemoryIsSaidAsSuchNamingTheFileAndItsSize() {
        ImageTooLargeException oom =
                new ImageTooLargeException(20000, 20000, 0, new OutOfMemoryError("Java heap"));
        assertTrue(oom.outOfMemory());
        UnreadableImageException u = UnreadableImageException.of("/data/huge.png", oom);
        assertEquals("out of memory decoding /data/huge.png (20000x20000)", u.getMessage());
        assertFalse(u.getMessage().contains("corrupt"));
    }

    @Test
    void theLimitIsASettingOfTheProtocol() {
        assertEquals(100_000_000L, Protocol.SINGLE_SCALE.maxPixels());
        dev.sanet.core.settings.SettingException e =
                assertThrows(
                        dev.sanet.core.settings.SettingException.class,
                        () -> Protocol.builder().maxPixels(0).build());
        assertTrue(e.getMessage().contains("maxPixels"), e.getMessage());
    }
}
