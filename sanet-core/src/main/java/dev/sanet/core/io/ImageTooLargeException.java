package dev.sanet.core.io;

import java.io.IOException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An image that {@link ImageDecoding} will not or could not hold: its header declares more pixels
 * than the limit it was given (refused before any pixel is decoded), or the decoder ran out of
 * memory. It names the size so that a caller can say what to change; it is never reported as a
 * corrupt file.
 */
public final class ImageTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The image's width from its header, in pixels. */
    private final int width;

    /** The image's height from its header, in pixels. */
    private final int height;

    /** The pixel limit it exceeded. */
    private final long maxPixels;

    /**
     * Creates the exception.
     *
     * @param width the width the header declares
     * @param height the height
     * @param maxPixels the limit it exceeds, or 0 when memory ran out instead
     * @param cause the {@code OutOfMemoryError}, or null
     */
    public ImageTooLargeException(
            int width, int height, long maxPixels, @Nullable Throwable cause) {
        super(describe(width, height, maxPixels), cause);
        this.width = width;
        this.height = height;
        this.maxPixels = maxPixels;
    }

    private static String describe(int width, int height, long maxPixels) {
        return maxPixels == 0
                ? String.format(Locale.ROOT, "out of memory decoding it (%dx%d)", width, height)
                : String.format(
                        Locale.ROOT,
                        "%dx%d (%s) is over the limit of %s",
                        width,
                        height,
                        pixels((long) width * height),
                        pixels(maxPixels));
    }

    /**
     * A pixel count as a person reads it: in megapixels from one million on (a decimal only when it
     * is not whole), else in pixels.
     *
     * @param pixels the count
     * @return e.g. {@code "400 megapixels"}, {@code "1.5 megapixels"} or {@code "30000 pixels"}
     */
    public static String pixels(long pixels) {
        if (pixels < 1_000_000) {
            return pixels + " pixels";
        }
        if (pixels % 1_000_000 == 0) {
            return pixels / 1_000_000 + " megapixels";
        }
        return String.format(Locale.ROOT, "%.1f megapixels", pixels / 1e6);
    }

    /**
     * The width the header declares.
     *
     * @return pixels
     */
    public int width() {
        return width;
    }

    /**
     * The height the header declares.
     *
     * @return pixels
     */
    public int height() {
        return height;
    }

    /**
     * The limit the image exceeds.
     *
     * @return pixels, or 0 when the image was within the limit and memory ran out decoding it
     */
    public long maxPixels() {
        return maxPixels;
    }

    /**
     * Whether memory ran out decoding it (rather than the limit refusing it).
     *
     * @return true for an {@code OutOfMemoryError}
     */
    public boolean outOfMemory() {
        return maxPixels == 0;
    }
}
