package dev.sanet.core.inference;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * The two resamplings of the prediction route's size bound ({@link Protocol#maxSide()}): an image
 * whose long side exceeds the bound is scaled down before it is prepared, and its class map is
 * scaled back up to the image's own size. Both routes to a mask, {@link ImagePredictor} and the DJL
 * translator, call these, so they agree pixel for pixel.
 */
public final class ImageScaling {
    private ImageScaling() {}

    /**
     * The image itself when the protocol keeps its size ({@link Protocol#boundedSize}), otherwise
     * an 8-bit BGR copy at that size, made by repeated halving and a final bilinear step so that no
     * detail aliases.
     *
     * @param image the decoded image
     * @param protocol the protocol whose {@code maxSide} bounds it
     * @return the image or its scaled copy
     */
    public static BufferedImage bounded(BufferedImage image, Protocol protocol) {
        return bounded(DecodedImage.of(image), protocol);
    }

    /**
     * The size bound applied to an image that may have been subsampled while decoding: the target
     * size is the one the file's own size gives ({@link Protocol#boundedSize}), so a subsampled
     * decode is segmented at the same size as a full one.
     *
     * @param decoded the decoded image and the file's own size
     * @param protocol the protocol whose {@code maxSide} bounds it
     * @return the image itself when it has the target size, otherwise its scaled copy
     */
    public static BufferedImage bounded(DecodedImage decoded, Protocol protocol) {
        BufferedImage image = decoded.image();
        int w = image.getWidth();
        int h = image.getHeight();
        int[] size = protocol.boundedSize(decoded.width(), decoded.height());
        int tw = size[0];
        int th = size[1];
        if (tw == w && th == h) {
            return image;
        }
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
     * itself when it has that size already. Output preparation: it copies int rows, no arithmetic
     * on scores.
     *
     * @param map the class map, {@code [rows][columns]}
     * @param height the target rows
     * @param width the target columns
     * @return the scaled map
     */
    public static int[][] upscaleNearest(int[][] map, int height, int width) {
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
