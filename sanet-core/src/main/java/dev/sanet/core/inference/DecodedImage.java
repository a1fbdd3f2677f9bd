package dev.sanet.core.inference;

import java.awt.image.BufferedImage;

/**
 * An input as the prediction route decoded it: the image, subsampled while decoding when the file
 * is much larger than the route needs ({@link Protocol#subsampling()}), and the file's own size,
 * which the mask is scaled back up to.
 *
 * @param image the decoded image
 * @param width the file's own width (from its header)
 * @param height the file's own height
 */
public record DecodedImage(BufferedImage image, int width, int height) {

    /**
     * An image decoded at its own size.
     *
     * @param image the image
     * @return the decoded image, its size the image's
     */
    public static DecodedImage of(BufferedImage image) {
        return new DecodedImage(image, image.getWidth(), image.getHeight());
    }

    /**
     * Whether the image was subsampled while decoding.
     *
     * @return true when it is smaller than the file's own size
     */
    public boolean subsampled() {
        return image.getWidth() != width || image.getHeight() != height;
    }
}
