package dev.sanet.examples.cli;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Keeps {@code sanet predict}'s memory bounded by a setting rather than by the input: an image
 * whose long side exceeds a limit is segmented at a copy scaled down to the limit, and the class
 * map is scaled back up to the image's size by nearest neighbour.
 */
final class LargeImages {
    private LargeImages() {}

    /**
     * The image itself when its long side is at most {@code maxSide} (or {@code maxSide} is 0),
     * otherwise an 8-bit BGR copy scaled to {@code maxSide} on the long side (the short side
     * rounded, at least 1), by repeated halving and a final bilinear step so that no detail
     * aliases.
     *
     * @param image the decoded image
     * @param maxSide the limit, or 0 for none
     * @return the image or its scaled copy
     */
    static BufferedImage bounded(BufferedImage image, int maxSide) {
        int w = image.getWidth();
        int h = image.getHeight();
        int longSide = Math.max(w, h);
        if (maxSide <= 0 || longSide <= maxSide) {
            return image;
        }
        int tw = Math.max(1, (int) Math.round((double) w * maxSide / longSide));
        int th = Math.max(1, (int) Math.round((double) h * maxSide / longSide));
        BufferedImage current = image;
        int cw = w;
        int ch = h;
        while (cw / 2 >= tw && ch / 2 >= th) {
            cw /= 2;
            ch /= 2;
            current = draw(current, cw, ch);
        }
        return draw(current, tw, th);
    }

    private static BufferedImage draw(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * A class map scaled to {@code height x width} by nearest neighbour (pixel centres), or the map
     * itself when it has that size already.
     *
     * @param map the class map, {@code [rows][columns]}
     * @param height the target rows
     * @param width the target columns
     * @return the scaled map
     */
    static int[][] upscaleNearest(int[][] map, int height, int width) {
        int h = map.length;
        int w = h == 0 ? 0 : map[0].length;
        if (h == height && w == width) {
            return map;
        }
        int[] xs = new int[width];
        for (int x = 0; x < width; x++) {
            xs[x] = Math.min(w - 1, (int) ((x + 0.5) * w / width));
        }
        int[][] out = new int[height][width];
        for (int y = 0; y < height; y++) {
            int[] src = map[Math.min(h - 1, (int) ((y + 0.5) * h / height))];
            int[] dst = out[y];
            for (int x = 0; x < width; x++) {
                dst[x] = src[xs[x]];
            }
        }
        return out;
    }
}
