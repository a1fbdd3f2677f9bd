package dev.sanet.core.inference;

import dev.sanet.core.io.ImageDecoding;
import dev.sanet.core.settings.SettingException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An evaluation protocol (docs/paper-reading.md section 5; PyTorch-Encoding's {@code
 * MultiEvalModule}): the scales of a base size an image is resized to, whether the horizontally
 * flipped prediction is added, and the crop size above which a resized image runs as a sliding
 * window. {@link Segmenter} carries it out; its class comment has the arithmetic.
 *
 * <ul>
 *   <li>{@code scales}: factors of the base size, each finite and positive; the per-scale scores
 *       are summed.
 *   <li>{@code baseSize}: the long side at scale 1.0 in pixels, or 0 for each image's own long
 *       side.
 *   <li>{@code cropSize}: the side of a square window in pixels, or 0 for no window; a resized
 *       image with a side above it is padded to at least the crop and covered by windows with a
 *       stride of {@link #windowStride()}.
 *   <li>{@code maxSide}: the bound on the work per image, in pixels, or 0 for none: an image whose
 *       long side exceeds it is segmented at a copy scaled to it on the long side, and its classes
 *       are scaled back up (nearest) to the image's own size, so memory follows this setting and
 *       not the input. Default {@value #DEFAULT_MAX_SIDE}.
 *   <li>{@code maxPixels}: the most pixels an input may declare in its header; a larger one is
 *       refused before any pixel is decoded. Default {@value #DEFAULT_MAX_PIXELS} (100 megapixels).
 *       Under it, an image whose long side is at least four times {@code maxSide} is decoded
 *       subsampled, straight to between two and four times {@code maxSide} ({@link
 *       #subsampling()}), so the decoded copy follows {@code maxSide}, not the file.
 * </ul>
 *
 * <p>{@link #SINGLE_SCALE} is the default: one forward pass at the image's own size, the figure
 * training's validation reports. {@link #PAPER_MULTI_SCALE} is the paper's multi-scale setting
 * (section 4.1): scales 0.5 to 1.75 with flip on a base of 520 and a 480 window. Immutable.
 */
public final class Protocol {

    /** The paper's scales: 0.5, 0.75, 1.0, 1.25, 1.5 and 1.75. */
    public static final List<Double> PAPER_SCALES = List.of(0.5, 0.75, 1.0, 1.25, 1.5, 1.75);

    /** The paper's base size, the long side at scale 1.0 (docs/paper-reading.md section 4). */
    public static final int PAPER_BASE_SIZE = 520;

    /** The paper's crop size, the training crop and the sliding-window side. */
    public static final int PAPER_CROP_SIZE = 480;

    /** Scale 1.0 of each image's own size, no flip, no window: the plain forward pass. */
    public static final Protocol SINGLE_SCALE = builder().build();

    /** The paper's multi-scale evaluation: {@link #PAPER_SCALES}, flip, base 520, crop 480. */
    public static final Protocol PAPER_MULTI_SCALE =
            builder()
                    .scales(PAPER_SCALES)
                    .flip(true)
                    .baseSize(PAPER_BASE_SIZE)
                    .cropSize(PAPER_CROP_SIZE)
                    .build();

    /** The default bound on an image's long side: a 4000 x 3000 photo then peaks under 2 GiB. */
    public static final int DEFAULT_MAX_SIDE = 1024;

    /** The default of {@code maxPixels}: 100 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = ImageDecoding.DEFAULT_MAX_PIXELS;

    /** The largest base size, crop size or bound accepted: a typo stops before it allocates. */
    public static final int MAX_SIZE = 16384;

    /** The largest scale accepted (a scale of 100 is a typo that would allocate gigabytes). */
    public static final double MAX_SCALE = 4;

    private final List<Double> scales;
    private final boolean flip;
    private final int baseSize;
    private final int cropSize;
    private final int maxSide;
    private final long maxPixels;

    private Protocol(Builder b) {
        this.scales = List.copyOf(b.scales);
        this.flip = b.flip;
        this.baseSize = b.baseSize;
        this.cropSize = b.cropSize;
        this.maxSide = b.maxSide;
        this.maxPixels = b.maxPixels;
    }

    /**
     * Starts a builder with the defaults of {@link #SINGLE_SCALE}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this protocol's settings, to change some of them.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .scales(scales)
                .flip(flip)
                .baseSize(baseSize)
                .cropSize(cropSize)
                .maxSide(maxSide)
                .maxPixels(maxPixels);
    }

    /**
     * This protocol with another base and crop size, e.g. those of the model being evaluated.
     *
     * @param baseSize the long side at scale 1.0, or 0 for each image's own
     * @param cropSize the window side, or 0 for no window
     * @return the new protocol
     * @throws IllegalArgumentException naming a negative size
     */
    public Protocol withSizes(int baseSize, int cropSize) {
        return toBuilder().baseSize(baseSize).cropSize(cropSize).build();
    }

    /**
     * The scales of the base size.
     *
     * @return an unmodifiable, non-empty list
     */
    public List<Double> scales() {
        return scales;
    }

    /**
     * Whether the horizontally flipped prediction is added.
     *
     * @return true with flip
     */
    public boolean flip() {
        return flip;
    }

    /**
     * The long side at scale 1.0.
     *
     * @return pixels, or 0 for each image's own long side
     */
    public int baseSize() {
        return baseSize;
    }

    /**
     * The sliding-window side.
     *
     * @return pixels, or 0 for no window
     */
    public int cropSize() {
        return cropSize;
    }

    /**
     * The bound on the work per image.
     *
     * @return the largest long side segmented at full size, or 0 for no bound
     */
    public int maxSide() {
        return maxSide;
    }

    /**
     * The most pixels an input may declare.
     *
     * @return pixels, at least 1
     */
    public long maxPixels() {
        return maxPixels;
    }

    /**
     * How the route decodes an input under this protocol: refused over {@link #maxPixels()};
     * subsampled while decoding when its long side is at least four times {@link #maxSide()}, to no
     * less than twice {@code maxSide} (the final reduction of {@link ImageScaling#bounded} then
     * still averages); every pixel when {@code maxSide} is 0.
     *
     * @return the decoding policy
     */
    public ImageDecoding.Subsampling subsampling() {
        return ImageDecoding.Subsampling.bounded(maxPixels, maxSide);
    }

    /**
     * The size an image of {@code width x height} is segmented at under {@link #maxSide()}: the
     * image's own size when its long side is within the bound (or there is none), else the size
     * scaled to the bound on the long side, the short side rounded and at least 1. Every route
     * (prediction, evaluation, the translator, Spark) bounds with this one rule.
     *
     * @param width the image's width
     * @param height the image's height
     * @return {@code {width, height}} to segment at
     */
    public int[] boundedSize(int width, int height) {
        int longSide = Math.max(width, height);
        if (maxSide == 0 || longSide <= maxSide) {
            return new int[] {width, height};
        }
        return new int[] {
            Math.max(1, (int) Math.round((double) width * maxSide / longSide)),
            Math.max(1, (int) Math.round((double) height * maxSide / longSide))
        };
    }

    /**
     * The step between windows: two thirds of the crop, as in PyTorch-Encoding (320 for 480).
     *
     * @return {@code max(1, cropSize * 2 / 3)}, or 0 without a window
     */
    public int windowStride() {
        return cropSize == 0 ? 0 : strideFor(cropSize);
    }

    /**
     * The step between windows of a given side (the rule of {@link #windowStride()}, also applied
     * per axis to the windows of a {@link FixedSizeNetwork}).
     *
     * @param window the window's side in pixels, at least 1
     * @return {@code max(1, window * 2 / 3)}
     */
    public static int strideFor(int window) {
        return Math.max(1, window * 2 / 3);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Protocol p
                && scales.equals(p.scales)
                && flip == p.flip
                && baseSize == p.baseSize
                && cropSize == p.cropSize
                && maxSide == p.maxSide
                && maxPixels == p.maxPixels;
    }

    @Override
    public int hashCode() {
        return Objects.hash(scales, flip, baseSize, cropSize, maxSide, maxPixels);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "Protocol[scales=%s, flip=%s, baseSize=%d, cropSize=%d, maxSide=%d,"
                        + " maxPixels=%d]",
                scales,
                flip,
                baseSize,
                cropSize,
                maxSide,
                maxPixels);
    }

    /** Settings of a {@link Protocol}; {@link #build()} checks them. */
    public static final class Builder {
        private List<Double> scales = List.of(1.0);
        private boolean flip;
        private int baseSize;
        private int cropSize;
        private int maxSide = DEFAULT_MAX_SIDE;
        private long maxPixels = DEFAULT_MAX_PIXELS;

        private Builder() {}

        /**
         * Sets the scales (default {@code [1.0]}).
         *
         * @param scales finite positive factors of the base size, at least one
         * @return this builder
         */
        public Builder scales(List<Double> scales) {
            this.scales = List.copyOf(scales);
            return this;
        }

        /**
         * Sets the scales (default {@code 1.0}).
         *
         * @param scales finite positive factors of the base size, at least one
         * @return this builder
         */
        public Builder scales(double... scales) {
            Double[] boxed = new Double[scales.length];
            for (int i = 0; i < scales.length; i++) {
                boxed[i] = scales[i];
            }
            return scales(List.of(boxed));
        }

        /**
         * Sets whether the horizontally flipped prediction is added (default false).
         *
         * @param flip true to add it
         * @return this builder
         */
        public Builder flip(boolean flip) {
            this.flip = flip;
            return this;
        }

        /**
         * Sets the long side at scale 1.0 (default 0: each image's own long side).
         *
         * @param baseSize pixels, or 0
         * @return this builder
         */
        public Builder baseSize(int baseSize) {
            this.baseSize = baseSize;
            return this;
        }

        /**
         * Sets the sliding-window side (default 0: no window).
         *
         * @param cropSize pixels, or 0
         * @return this builder
         */
        public Builder cropSize(int cropSize) {
            this.cropSize = cropSize;
            return this;
        }

        /**
         * Sets the bound on the work per image (default {@value #DEFAULT_MAX_SIDE}; see the class
         * comment).
         *
         * @param maxSide pixels, at least 8, or 0 for no bound
         * @return this builder
         */
        public Builder maxSide(int maxSide) {
            this.maxSide = maxSide;
            return this;
        }

        /**
         * Sets the most pixels an input may declare (default {@value #DEFAULT_MAX_PIXELS}; see the
         * class comment).
         *
         * @param maxPixels pixels, at least 1
         * @return this builder
         */
        public Builder maxPixels(long maxPixels) {
            this.maxPixels = maxPixels;
            return this;
        }

        /**
         * Checks the settings and creates the protocol.
         *
         * @return the protocol
         * @throws SettingException naming the setting and its bad value: no scale, a scale outside
         *     (0, {@value #MAX_SCALE}], a base, crop or bound size out of range
         */
        public Protocol build() {
            if (scales.isEmpty()) {
                throw new SettingException("scales", scales, "at least one scale");
            }
            for (double s : scales) {
                if (!(s > 0) || s > MAX_SCALE) {
                    throw new SettingException(
                            "scales",
                            s,
                            "in (0, " + (int) MAX_SCALE + "] (got it in " + scales + ")");
                }
            }
            if (baseSize < 0 || baseSize > MAX_SIZE) {
                throw new SettingException(
                        "baseSize",
                        baseSize,
                        "in 0.." + MAX_SIZE + " (0: each image's own long side)");
            }
            if (cropSize < 0 || cropSize > MAX_SIZE) {
                throw new SettingException(
                        "cropSize", cropSize, "in 0.." + MAX_SIZE + " (0: no sliding window)");
            }
            if (maxSide != 0 && (maxSide < 8 || maxSide > MAX_SIZE)) {
                throw new SettingException("maxSide", maxSide, "0 (no bound) or in 8.." + MAX_SIZE);
            }
            if (maxPixels < 1) {
                throw new SettingException("maxPixels", maxPixels, "at least 1");
            }
            return new Protocol(this);
        }
    }
}
