import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Test images for scripts/reliability.sh, written with the JDK alone (run as a single-file
 * program: {@code java scripts/ReliabilityImages.java KIND FILE [W H]}).
 *
 * <ul>
 *   <li>{@code big FILE W H}: a W x H RGB JPEG of smooth colour gradients and noise;
 *   <li>{@code cmyk FILE}: a 64 x 48 pure-red CMYK JPEG with Adobe's APP14 marker (transform 0);
 *   <li>{@code grey FILE}: a 64 x 48 8-bit grey JPEG of level 149;
 *   <li>{@code fill FILE REF V}: a grey PNG of REF's size with every pixel V (a prediction or a
 *       label map of one value);
 *   <li>{@code gradient FILE W H}: a W x H RGB PNG of smooth gradients, written row by row (never
 *       held whole, so 20000 x 20000 takes no memory to make; about 1 MB on disk as PNG's Up
 *       filter leaves mostly zeros to compress).
 * </ul>
 */
public final class ReliabilityImages {
    public static void main(String[] args) throws Exception {
        String kind = args[0];
        File file = new File(args[1]);
        switch (kind) {
            case "big" -> {
                int w = Integer.parseInt(args[2]);
                int h = Integer.parseInt(args[3]);
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
                Random r = new Random(7);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int red = (x * 255 / w + r.nextInt(16)) & 0xFF;
                        int green = (y * 255 / h + r.nextInt(16)) & 0xFF;
                        int blue = ((x + y) * 255 / (w + h)) & 0xFF;
                        img.setRGB(x, y, (red << 16) | (green << 8) | blue);
                    }
                }
                ImageIO.write(img, "jpg", file);
            }
            case "grey" -> {
                BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
                WritableRaster r = img.getRaster();
                for (int y = 0; y < 48; y++) {
                    for (int x = 0; x < 64; x++) {
                        r.setSample(x, y, 0, 149);
                    }
                }
                ImageIO.write(img, "jpg", file);
            }
            case "cmyk" -> {
                WritableRaster cmyk = Raster.createInterleavedRaster(0, 64, 48, 4, null);
                for (int y = 0; y < 48; y++) {
                    for (int x = 0; x < 64; x++) {
                        // Adobe stores CMYK inverted: C=0 M=255 Y=255 K=0 (red) is 255 0 0 255.
                        cmyk.setPixel(x, y, new int[] {255, 0, 0, 255});
                    }
                }
                ImageWriter writer = null;
                for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
                        it.hasNext(); ) {
                    ImageWriter w = it.next();
                    if (w.getClass().getName().startsWith("com.sun.")) {
                        writer = w;
                    }
                }
                try (ImageOutputStream out = ImageIO.createImageOutputStream(file)) {
                    writer.setOutput(out);
                    writer.write(null, new IIOImage(cmyk, null, null), null);
                }
                byte[] plain = Files.readAllBytes(file.toPath());
                byte[] adobe = {
                    (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0
                };
                byte[] out = new byte[plain.length + adobe.length];
                System.arraycopy(plain, 0, out, 0, 2);
                System.arraycopy(adobe, 0, out, 2, adobe.length);
                System.arraycopy(plain, 2, out, 2 + adobe.length, plain.length - 2);
                Files.write(file.toPath(), out);
            }
            case "fill" -> {
                BufferedImage ref = ImageIO.read(new File(args[2]));
                int v = Integer.parseInt(args[3]);
                BufferedImage img =
                        new BufferedImage(
                                ref.getWidth(), ref.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
                WritableRaster r = img.getRaster();
                for (int y = 0; y < ref.getHeight(); y++) {
                    for (int x = 0; x < ref.getWidth(); x++) {
                        r.setSample(x, y, 0, v);
                    }
                }
                ImageIO.write(img, "png", file);
            }
            case "gradient" -> gradientPng(file, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default ->
                    throw new IllegalArgumentException(
                            "kind: big, grey, cmyk, fill or gradient, got " + kind);
        }
    }

    /** Streams a PNG: signature, IHDR, one zlib IDAT stream of Up-filtered rows, IEND. */
    private static void gradientPng(File file, int w, int h) throws Exception {
        try (java.io.DataOutputStream out =
                new java.io.DataOutputStream(
                        new java.io.BufferedOutputStream(new java.io.FileOutputStream(file)))) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            java.io.ByteArrayOutputStream ihdr = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream d = new java.io.DataOutputStream(ihdr);
            d.writeInt(w);
            d.writeInt(h);
            d.write(new byte[] {8, 2, 0, 0, 0}); // 8-bit RGB, deflate, adaptive filter, no interlace
            chunk(out, "IHDR", ihdr.toByteArray());
            java.io.ByteArrayOutputStream idat = new java.io.ByteArrayOutputStream();
            try (java.util.zip.DeflaterOutputStream z =
                    new java.util.zip.DeflaterOutputStream(
                            idat, new java.util.zip.Deflater(6), 1 << 16)) {
                byte[] prev = new byte[3 * w];
                byte[] cur = new byte[3 * w];
                byte[] row = new byte[1 + 3 * w];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        cur[3 * x] = (byte) ((long) x * 255 / Math.max(1, w - 1));
                        cur[3 * x + 1] = (byte) ((long) y * 255 / Math.max(1, h - 1));
                        cur[3 * x + 2] = (byte) (255 - (long) x * 255 / Math.max(1, w - 1));
                    }
                    // Up: each byte minus the one above (the first row: above is zero).
                    row[0] = 2;
                    for (int i = 0; i < cur.length; i++) {
                        row[1 + i] = (byte) (cur[i] - prev[i]);
                    }
                    z.write(row);
                    byte[] t = prev;
                    prev = cur;
                    cur = t;
                }
            }
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
        }
    }

    private static void chunk(java.io.DataOutputStream out, String type, byte[] data)
            throws java.io.IOException {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }
}
