package dev.sanet.core.inference;

import java.awt.image.BufferedImage;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the prediction route ({@link ImagePredictor}) gives for one image.
 *
 * @param source the file or name the image came from ({@code ""} for an image passed in memory)
 * @param image the decoded image (what an overlay is drawn on): at its own size, or, for a large
 *     file, the copy subsampled while decoding ({@link Protocol#subsampling()})
 * @param width the image's own width (its header's), the width of {@code classes}
 * @param height the image's own height
 * @param classes the class of every pixel at the image's own size, {@code [H][W]}
 * @param classNames K class names, in class-id order
 * @param segmentedWidth the width the network saw: the image's, or the bounded width
 * @param segmentedHeight the height the network saw
 * @param scores the class scores at the segmented size, or null when not asked for
 */
public record Segmentation(
        String source,
        BufferedImage image,
        int width,
        int height,
        int[][] classes,
        List<String> classNames,
        int segmentedWidth,
        int segmentedHeight,
        @Nullable ClassScores scores) {

    /**
     * A segmentation of an image decoded at its own size.
     *
     * @param source the file or name the image came from
     * @param image the decoded image at its own size
     * @param classes the class of every pixel, {@code [H][W]}
     * @param classNames K class names
     * @param segmentedWidth the width the network saw
     * @param segmentedHeight the height the network saw
     * @param scores the class scores at the segmented size, or null
     */
    public Segmentation(
            String source,
            BufferedImage image,
            int[][] classes,
            List<String> classNames,
            int segmentedWidth,
            int segmentedHeight,
            @Nullable ClassScores scores) {
        this(
                source,
                image,
                image.getWidth(),
                image.getHeight(),
                classes,
                classNames,
                segmentedWidth,
                segmentedHeight,
                scores);
    }

    /**
     * Whether the image was segmented at a smaller copy ({@link Protocol#maxSide()}) and its
     * classes scaled back up.
     *
     * @return true when bounded
     */
    public boolean bounded() {
        return segmentedWidth != width || segmentedHeight != height;
    }

    /**
     * The number of pixels of each class.
     *
     * @return K counts, in class-id order
     */
    public long[] classCounts() {
        long[] counts = new long[classNames.size()];
        for (int[] row : classes) {
            for (int c : row) {
                counts[c]++;
            }
        }
        return counts;
    }
}
