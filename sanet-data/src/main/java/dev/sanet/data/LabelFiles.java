package dev.sanet.data;

import dev.sanet.core.io.AtomicWrite;
import dev.sanet.core.io.ImageDecoding;
import dev.sanet.core.io.Palette;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/**
 * Reading and writing label maps as raw indices: palette and grayscale PNGs through ImageIO raster
 * samples (never colours, docs/pascal-data.md section 4), SBD {@code GTcls.Segmentation} and
 * Context {@code LabelMap} MAT files through MFL (compressed or not).
 */
final class LabelFiles {

    private LabelFiles() {}

    /** A decoded label map before class mapping. */
    record RawLabel(int width, int height, int[] values) {}

    /** How a label file is stored. */
    enum Format {
        /** Palette or grayscale PNG (or a true-colour PNG with a colour table). */
        PNG,
        /** SBD {@code cls/<id>.mat}: struct {@code GTcls}, field {@code Segmentation}. */
        SBD_MAT,
        /** PASCAL Context {@code trainval/<id>.mat}: uint16 matrix {@code LabelMap}. */
        CONTEXT_MAT
    }

    /**
     * Reads a label file.
     *
     * @param colors for true-colour PNGs only: packed 0xRRGGBB to index; null when not allowed
     * @throws ItemException when the file is missing or cannot be decoded
     */
    static RawLabel read(Path path, Format format, @Nullable Map<Integer, Integer> colors)
            throws ItemException {
        if (!Files.isRegularFile(path)) {
            throw new ItemException(path, "missing label", null);
        }
        return switch (format) {
            case PNG -> readPng(path, colors);
            case SBD_MAT -> readMat(path, "GTcls", "Segmentation");
            case CONTEXT_MAT -> readMat(path, null, "LabelMap");
        };
    }

    static RawLabel readPng(Path path, @Nullable Map<Integer, Integer> colors)
            throws ItemException {
        return readPng(path, colors, "label");
    }

    /**
     * Reads a PNG of class indices.
     *
     * @param colors for true-colour PNGs only: packed 0xRRGGBB to index; null when not allowed
     * @param what what the file is, for problems ({@code label}, {@code prediction PNG}, ...)
     * @throws ItemException when the file cannot be decoded, or is true-colour without a table
     */
    static RawLabel readPng(Path path, @Nullable Map<Integer, Integer> colors, String what)
            throws ItemException {
        BufferedImage img;
        try {
            img = ImageDecoding.read(path);
        } catch (IOException | RuntimeException e) {
            throw new ItemException(
                    path, "unreadable " + what + " (" + ImageFiles.reason(e) + ")", e);
        }
        int w = img.getWidth();
        int h = img.getHeight();
        Raster raster = img.getRaster();
        int[] values = new int[w * h];
        if (raster.getNumBands() == 1) {
            Object data = raster.getDataElements(0, 0, w, h, null);
            if (data instanceof byte[] bytes && bytes.length == values.length) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = bytes[i] & 0xFF;
                }
            } else if (data instanceof short[] shorts && shorts.length == values.length) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = shorts[i] & 0xFFFF;
                }
            } else {
                raster.getSamples(0, 0, w, h, 0, values);
            }
            return new RawLabel(w, h, values);
        }
        if (colors == null) {
            // Only a dataset's labels can have a labelmap.txt with their colours.
            throw new ItemException(
                    path,
                    what
                            + " is a true-colour PNG; sanet reads class indices from palette or"
                            + " grayscale PNGs"
                            + (what.equals("label")
                                    ? " (or true-colour masks listed in a labelmap.txt)"
                                    : ""),
                    null);
        }
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < rgb.length; i++) {
            Integer v = colors.get(rgb[i] & 0xFFFFFF);
            values[i] = v == null ? UNKNOWN_COLOR : v;
        }
        return new RawLabel(w, h, values);
    }

    /** Raw value given to a true-colour pixel whose colour is not in the colour table. */
    static final int UNKNOWN_COLOR = -1;

    static RawLabel readMat(Path path, @Nullable String struct, String field) throws ItemException {
        String name = struct == null ? field : struct + "." + field;
        if (isMat73(path)) {
            throw new ItemException(
                    path,
                    "unreadable label (MAT v7.3/HDF5 is not supported: save it with -v7 or -v6)",
                    null);
        }
        try (Mat5File mat = Mat5.readFromFile(path.toFile())) {
            Array array;
            if (struct == null) {
                array = mat.getArray(field);
            } else {
                Struct s = mat.getStruct(struct);
                array = s.get(field);
            }
            if (!(array instanceof Matrix m) || array.getNumDimensions() != 2) {
                throw new ItemException(
                        path, "unreadable label (" + name + " is not a 2-D numeric matrix)", null);
            }
            int h = m.getNumRows();
            int w = m.getNumCols();
            int[] values = new int[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    values[y * w + x] = m.getInt(y, x);
                }
            }
            return new RawLabel(w, h, values);
        } catch (ItemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ItemException(
                    path, "unreadable label (no " + name + ": " + ImageFiles.reason(e) + ")", e);
        }
    }

    private static boolean isMat73(Path path) {
        byte[] head = new byte[20];
        try (InputStream in = Files.newInputStream(path)) {
            int n = in.readNBytes(head, 0, head.length);
            return new String(head, 0, n, StandardCharsets.US_ASCII).startsWith("MATLAB 7.3");
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes an 8-bit palette PNG (VOC palette) holding the given indices (0..255). */
    static void writePalettePng(int[] values, int width, int height, Path path) throws IOException {
        write(paletteImage(values, width, height), path);
    }

    /** An 8-bit image with the VOC palette whose pixel values are the given values. */
    static BufferedImage paletteImage(int[] values, int width, int height) {
        BufferedImage img =
                new BufferedImage(
                        width, height, BufferedImage.TYPE_BYTE_INDEXED, Palette.voc().colorModel());
        fill(img, values);
        return img;
    }

    /** Writes an 8-bit grayscale PNG holding the given values (0..255). */
    static void writeGrayPng(int[] values, int width, int height, Path path) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        fill(img, values);
        write(img, path);
    }

    private static void fill(BufferedImage img, int[] values) {
        DataBuffer buf = img.getRaster().getDataBuffer();
        byte[] data = ((DataBufferByte) buf).getData();
        if (data.length != values.length) {
            throw new IllegalArgumentException("values do not match the image size");
        }
        for (int i = 0; i < values.length; i++) {
            data[i] = (byte) values[i];
        }
    }

    private static void write(BufferedImage img, Path path) throws IOException {
        AtomicWrite.writeImage(path, img, "png");
    }

    /**
     * Writes an SBD-style {@code GTcls} struct (Segmentation uint8, Boundaries, CategoriesPresent).
     */
    static void writeSbdMat(
            int[] values, int width, int height, int numClasses, Path path, boolean compressed)
            throws IOException {
        Matrix seg = Mat5.newMatrix(new int[] {height, width}, MatlabType.UInt8);
        boolean[] present = new boolean[256];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = values[y * width + x];
                seg.setInt(y, x, v);
                present[v & 0xFF] = true;
            }
        }
        int foreground = Math.max(1, numClasses - 1);
        us.hebi.matlab.mat.types.Cell boundaries = Mat5.newCell(foreground, 1);
        for (int c = 1; c <= foreground; c++) {
            Matrix b = Mat5.newLogical(height, width);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int v = values[y * width + x];
                    if (v == c && isEdge(values, width, height, x, y)) {
                        b.setBoolean(y, x, true);
                    }
                }
            }
            boundaries.set(c - 1, 0, b);
        }
        int count = 0;
        for (int c = 1; c < 255; c++) {
            count += present[c] ? 1 : 0;
        }
        Matrix categories = Mat5.newMatrix(count, 1, MatlabType.UInt8);
        int k = 0;
        for (int c = 1; c < 255; c++) {
            if (present[c]) {
                categories.setInt(k++, 0, c);
            }
        }
        Struct gt = Mat5.newStruct();
        gt.set("Segmentation", seg);
        gt.set("Boundaries", boundaries);
        gt.set("CategoriesPresent", categories);
        writeMat(Mat5.newMatFile().addArray("GTcls", gt), path, compressed);
    }

    /** Writes a Context-style file: one uint16 matrix {@code LabelMap}. */
    static void writeContextMat(int[] values, int width, int height, Path path, boolean compressed)
            throws IOException {
        Matrix m = Mat5.newMatrix(new int[] {height, width}, MatlabType.UInt16);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                m.setInt(y, x, values[y * width + x]);
            }
        }
        writeMat(Mat5.newMatFile().addArray("LabelMap", m), path, compressed);
    }

    private static void writeMat(
            us.hebi.matlab.mat.types.MatFile file, Path path, boolean compressed)
            throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.deleteIfExists(path);
        try (us.hebi.matlab.mat.types.Sink sink =
                us.hebi.matlab.mat.types.Sinks.newStreamingFile(path.toFile())) {
            Mat5.newWriter(sink)
                    .setDeflateLevel(
                            compressed
                                    ? java.util.zip.Deflater.DEFAULT_COMPRESSION
                                    : java.util.zip.Deflater.NO_COMPRESSION)
                    .writeMat(file);
        }
    }

    private static boolean isEdge(int[] values, int w, int h, int x, int y) {
        int v = values[y * w + x];
        return (x > 0 && values[y * w + x - 1] != v)
                || (x < w - 1 && values[y * w + x + 1] != v)
                || (y > 0 && values[(y - 1) * w + x] != v)
                || (y < h - 1 && values[(y + 1) * w + x] != v);
    }
}
