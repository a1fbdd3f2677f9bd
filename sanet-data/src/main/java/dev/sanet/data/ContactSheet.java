package dev.sanet.data;

import dev.sanet.core.io.Palette;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One picture to judge a model by eye: a grid with one row per image (the input, the true mask, the
 * predicted mask, the prediction over the input) and the legend of class colours and names below.
 * Small images are scaled up to at least {@value #MIN_CELL} pixels a side, masks by nearest
 * neighbour so that their edges stay sharp, the input smoothly. Colours are {@link
 * MaskImages#colorize}'s and {@link MaskImages#overlay}'s, as in {@link PredictionWriter}'s files;
 * pixels of the ignore index (255) show in its palette colour.
 */
public final class ContactSheet {

    /** The smallest side of a cell in pixels. */
    public static final int MIN_CELL = 256;

    private static final int GAP = 6;
    private static final int HEADER = 24;
    private static final List<String> COLUMNS = List.of("input", "truth", "prediction", "overlay");

    private final List<String> classNames;
    private final Palette palette;
    private final List<BufferedImage[]> rows = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    /**
     * An empty sheet.
     *
     * @param classNames the class names, index = class id, for the legend
     * @param palette the class colours
     */
    public ContactSheet(List<String> classNames, Palette palette) {
        this.classNames = List.copyOf(classNames);
        this.palette = palette;
    }

    /**
     * Adds a row.
     *
     * @param name the image's name, drawn above its row
     * @param image the input image
     * @param truth its true classes, {@code [H][W]} at the image's size
     * @param prediction the predicted classes, {@code [H][W]} at the image's size
     * @throws IllegalArgumentException when a mask's size is not the image's
     */
    public void add(String name, BufferedImage image, int[][] truth, int[][] prediction) {
        int w = image.getWidth();
        int h = image.getHeight();
        for (int[][] m : List.of(truth, prediction)) {
            if (m.length != h || (h > 0 && m[0].length != w)) {
                throw new IllegalArgumentException(
                        name + ": a mask is not the image's size " + w + "x" + h);
            }
        }
        int scale = Math.max(1, (MIN_CELL + Math.min(w, h) - 1) / Math.max(1, Math.min(w, h)));
        rows.add(
                new BufferedImage[] {
                    scaled(image, scale, true),
                    scaled(MaskImages.colorize(truth, palette), scale, false),
                    scaled(MaskImages.colorize(prediction, palette), scale, false),
                    scaled(MaskImages.overlay(image, prediction, palette, 0.5), scale, false)
                });
        names.add(name);
    }

    /**
     * The rows added so far.
     *
     * @return the count
     */
    public int size() {
        return rows.size();
    }

    /**
     * Draws the sheet: a header naming the columns, the rows, the legend.
     *
     * @return an RGB image
     */
    public BufferedImage draw() {
        int cellW = rows.stream().mapToInt(r -> r[0].getWidth()).max().orElse(MIN_CELL);
        int cellH = rows.stream().mapToInt(r -> r[0].getHeight()).max().orElse(MIN_CELL);
        BufferedImage legend = MaskImages.legend(classNames, palette);
        int width = Math.max(COLUMNS.size() * (cellW + GAP) + GAP, legend.getWidth() + 2 * GAP);
        int height = rows.size() * (cellH + HEADER) + HEADER + legend.getHeight() + 2 * GAP;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.setColor(Color.BLACK);
            for (int c = 0; c < COLUMNS.size(); c++) {
                g.drawString(COLUMNS.get(c), GAP + c * (cellW + GAP), HEADER - 7);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            int y = HEADER;
            for (int r = 0; r < rows.size(); r++) {
                g.setColor(Color.DARK_GRAY);
                g.drawString(names.get(r), GAP, y + HEADER - 8);
                for (int c = 0; c < COLUMNS.size(); c++) {
                    g.drawImage(rows.get(r)[c], GAP + c * (cellW + GAP), y + HEADER, null);
                }
                y += cellH + HEADER;
            }
            g.drawImage(legend, GAP, y + GAP, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Draws the sheet and writes it as a PNG.
     *
     * @param png the file
     * @throws IOException when it cannot be written
     */
    public void write(Path png) throws IOException {
        MaskImages.writePng(draw(), png);
    }

    private static BufferedImage scaled(BufferedImage src, int scale, boolean smooth) {
        if (scale == 1) {
            return src;
        }
        int w = src.getWidth() * scale;
        int h = src.getHeight() * scale;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION,
                    smooth
                            ? RenderingHints.VALUE_INTERPOLATION_BILINEAR
                            : RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            Image source = src;
            g.drawImage(source, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
