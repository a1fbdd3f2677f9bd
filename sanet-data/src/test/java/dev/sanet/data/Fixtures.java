package dev.sanet.data;

import dev.sanet.core.io.Palette;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sink;
import us.hebi.matlab.mat.types.Sinks;
import us.hebi.matlab.mat.types.Struct;

/**
 * Test fixtures written with the JDK's ImageIO and MFL directly (docs/pascal-data.md section 7),
 * independent of sanet's own writers.
 */
final class Fixtures {

    private Fixtures() {}

    /** The settings that open a split under a root: evaluation transform, defaults elsewhere. */
    static DatasetOptions at(Path root, String split) {
        return DatasetOptions.builder().root(root).split(split).build();
    }

    /** {@link #at} with the default split, {@code train}. */
    static DatasetOptions at(Path root) {
        return DatasetOptions.builder().root(root).build();
    }

    /** {@link #at} dropping the items that fail validation. */
    static DatasetOptions skippingBad(Path root, String split) {
        return DatasetOptions.builder().root(root).split(split).skipBad(true).build();
    }

    /** A simple RGB pattern image of the given size. */
    static BufferedImage pattern(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 7 + seed * 31) & 0xFF;
                int g = (y * 5 + seed * 17) & 0xFF;
                int b = ((x + y) * 3 + seed) & 0xFF;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    static void jpeg(Path file, int w, int h, int seed) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(pattern(w, h, seed), "jpg", file.toFile());
    }

    /** The bitget VOC palette computed independently of {@link Palette}. */
    static IndexColorModel vocModel() {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            int c = i;
            int rr = 0;
            int gg = 0;
            int bb = 0;
            for (int j = 0; j < 8; j++) {
                rr |= ((c >> 0) & 1) << (7 - j);
                gg |= ((c >> 1) & 1) << (7 - j);
                bb |= ((c >> 2) & 1) << (7 - j);
                c >>= 3;
            }
            r[i] = (byte) rr;
            g[i] = (byte) gg;
            b[i] = (byte) bb;
        }
        return new IndexColorModel(8, 256, r, g, b);
    }

    /** An 8-bit palette PNG holding the given indices. */
    static void palettePng(Path file, int w, int h, int[] values) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, vocModel());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, values[y * w + x]);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    /** An 8-bit grayscale PNG holding the given values. */
    static void grayPng(Path file, int w, int h, int[] values) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, values[y * w + x]);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    /** SBD cls/*.mat: struct GTcls with Segmentation (uint8), Boundaries, CategoriesPresent. */
    static void sbdMat(Path file, int w, int h, int[] values, boolean compressed)
            throws IOException {
        Matrix seg = Mat5.newMatrix(new int[] {h, w}, MatlabType.UInt8);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                seg.setInt(y, x, values[y * w + x]);
            }
        }
        Cell boundaries = Mat5.newCell(20, 1);
        Struct gt = Mat5.newStruct();
        gt.set("Segmentation", seg);
        gt.set("Boundaries", boundaries);
        gt.set("CategoriesPresent", Mat5.newScalar(1));
        writeMat(file, Mat5.newMatFile().addArray("GTcls", gt), compressed);
    }

    /** Context trainval/*.mat: uint16 LabelMap. */
    static void contextMat(Path file, int w, int h, int[] values, boolean compressed)
            throws IOException {
        Matrix m = Mat5.newMatrix(new int[] {h, w}, MatlabType.UInt16);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                m.setInt(y, x, values[y * w + x]);
            }
        }
        writeMat(file, Mat5.newMatFile().addArray("LabelMap", m), compressed);
    }

    private static void writeMat(
            Path file, us.hebi.matlab.mat.types.MatFile mat, boolean compressed)
            throws IOException {
        Files.createDirectories(file.getParent());
        if (compressed) {
            Mat5.writeToFile(mat, file.toFile());
        } else {
            File f = file.toFile();
            try (Sink sink = Sinks.newStreamingFile(f)) {
                Mat5.newWriter(sink).setDeflateLevel(Deflater.NO_COMPRESSION).writeMat(mat);
            }
        }
    }

    static void lines(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    /** The type of the first data element after the 128-byte MAT header. */
    static int firstElementType(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        return (b[128] & 0xFF) | (b[129] & 0xFF) << 8;
    }

    /** An asymmetric label pattern with values from {@code classes}, plus a 255 band. */
    static int[] labels(int w, int h, int[] classes) {
        int[] v = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c;
                if (x < w / 3) {
                    c = classes[0];
                } else if (y < h / 2) {
                    c = classes[1 % classes.length];
                } else {
                    c = classes[2 % classes.length];
                }
                if (x == w / 3) {
                    c = 255;
                }
                v[y * w + x] = c;
            }
        }
        v[w * h - 1] = classes[classes.length - 1];
        return v;
    }

    static long count(int[] values, int v) {
        long n = 0;
        for (int x : values) {
            n += x == v ? 1 : 0;
        }
        return n;
    }
}
