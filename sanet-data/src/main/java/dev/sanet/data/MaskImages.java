package dev.sanet.data;

import dev.sanet.core.io.AtomicWrite;
import dev.sanet.core.io.Palette;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Pictures of segmentation masks: the index PNG (VOC palette, pixel value = class id), a colour
 * PNG, an overlay of image and mask, and a legend of class names and colours. All at the mask's
 * resolution. Per-pixel loops here are image I/O, not math.
 */
public final class MaskImages {

    private MaskImages() {}

    /**
     * A mask as the bytes of the 8-bit palette PNG {@link #writeIndexPng} writes: pixel values are
     * the class ids. For masks kept in memory or in a table (a Spark column) rather than a file.
     *
     * @param mask class ids, {@code mask[y][x]}, each 0..255
     * @return the PNG file's bytes
     * @throws IOException when the image cannot be encoded
     */
    public static byte[] indexPng(int[][] mask) throws IOException {
        int h = mask.length;
        int w = h == 0 ? 0 : mask[0].length;
        int[] flat = new int[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(mask[y], 0, flat, y * w, w);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // In memory: ImageIO.write(image, format, OutputStream) would go through a temporary file.
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            if (!ImageIO.write(LabelFiles.paletteImage(flat, w, h), "png", stream)) {
                throw new IOException("no PNG writer");
            }
        }
        return out.toByteArray();
    }

    /**
     * Writes a mask as an 8-bit palette PNG whose pixel values are the class ids (what VOC label
     * files are, so any PASCAL tool reads it back).
     *
     * @param mask class ids, {@code mask[y][x]}, each 0..255
     * @param path the PNG file
     * @throws IOException when the file cannot be written
     */
    public static void writeIndexPng(int[][] mask, Path path) throws IOException {
        int h = mask.length;
        int w = h == 0 ? 0 : mask[0].length;
        int[] flat = new int[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(mask[y], 0, flat, y * w, w);
        }
        createParent(path);
        LabelFiles.writePalettePng(flat, w, h, path);
    }

    /**
     * Colours a mask with a palette.
     *
     * @param mask class ids, {@code mask[y][x]}
     * @param palette the colours
     * @return an RGB image of the mask's size
     */
    public static BufferedImage colorize(int[][] mask, Palette palette) {
        int h = mask.length;
        int w = h == 0 ? 0 : mask[0].length;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                row[x] = palette.rgb(mask[y][x]);
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    /**
     * Blends an image with its coloured mask; background (class 0) pixels keep the image.
     *
     * @param image the image: the size of the mask, or smaller (a large input subsampled while
     *     decoding), then drawn at the mask's size first
     * @param mask class ids, {@code mask[y][x]}
     * @param palette the colours
     * @param opacity the mask's weight in [0, 1], e.g. 0.5
     * @return a new RGB image
     */
    public static BufferedImage overlay(
            BufferedImage image, int[][] mask, Palette palette, double opacity) {
        int h = mask.length;
        int w = h == 0 ? 0 : mask[0].length;
        if (image.getWidth() > w || image.getHeight() > h) {
            throw new IllegalArgumentException(
                    "image is "
                            + image.getWidth()
                            + "x"
                            + image.getHeight()
                            + " but the mask is "
                            + w
                            + "x"
                            + h);
        }
        if (image.getWidth() != w || image.getHeight() != h) {
            // A large input subsampled while decoding: drawn back at the mask's size.
            image = scaled(image, w, h);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] src = image.getRGB(0, 0, w, h, null, 0, w);
        int[] dst = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int k = mask[y][x];
                if (k == 0) {
                    dst[i] = src[i] & 0xFFFFFF;
                    continue;
                }
                int c = palette.rgb(k);
                dst[i] =
                        (blend(src[i] >> 16, c >> 16, opacity) << 16)
                                | (blend(src[i] >> 8, c >> 8, opacity) << 8)
                                | blend(src[i], c, opacity);
            }
        }
        out.setRGB(0, 0, w, h, dst, 0, w);
        return out;
    }

    private static BufferedImage scaled(BufferedImage image, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(
                    java.awt.RenderingHints.KEY_INTERPOLATION,
                    java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Draws a legend: one row per class with its colour swatch and name.
     *
     * @param classNames the class names, index = class id
     * @param palette the colours
     * @return an RGB image
     */
    public static BufferedImage legend(List<String> classNames, Palette palette) {
        int rowH = 22;
        int width = 16 + 24 + 10 + 9 * classNames.stream().mapToInt(String::length).max().orElse(8);
        BufferedImage out =
                new BufferedImage(
                        Math.max(160, width),
                        rowH * classNames.size() + 12,
                        BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            for (int k = 0; k < classNames.size(); k++) {
                int y = 6 + k * rowH;
                g.setColor(new Color(palette.rgb(k)));
                g.fillRect(8, y, 24, rowH - 6);
                g.setColor(Color.DARK_GRAY);
                g.drawRect(8, y, 24, rowH - 6);
                g.setColor(Color.BLACK);
                g.drawString(k + " " + classNames.get(k), 40, y + rowH - 10);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Writes an image as PNG, creating the parent folder.
     *
     * @param image the image
     * @param path the PNG file
     * @throws IOException when the file cannot be written
     */
    public static void writePng(BufferedImage image, Path path) throws IOException {
        // Whole or not at all: a full disk or a kill leaves no truncated PNG under its name.
        AtomicWrite.writeImage(path, image, "png");
    }

    private static int blend(int a, int b, double t) {
        return (int) Math.round((a & 0xFF) * (1 - t) + (b & 0xFF) * t);
    }

    private static void createParent(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
