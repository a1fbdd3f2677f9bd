package dev.sanet.data;

import dev.sanet.core.inference.ImagePreparation;
import dev.sanet.core.settings.SettingException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * The random joint image + label augmentation of the training recipe (docs/paper-reading.md section
 * 4, docs/pascal-data.md section 5.1, Encoding's, with the section 5.6 change that labels are
 * padded with ignore).
 *
 * <p>In order, with every random draw taken from the {@link Random} passed in, so a seeded source
 * reproduces the same crop:
 *
 * <ol>
 *   <li>horizontal flip with probability 0.5 (if enabled);
 *   <li>resize so that the longer side is a uniform random integer in [{@code minScale * base},
 *       {@code maxScale * base}] (default [260, 1040]) keeping the aspect ratio (the other side is
 *       {@code (int) (side * long / longer + 0.5)}); the image bilinearly (pixel centres aligned,
 *       edge pixels clamped), the label by nearest neighbour on the indices;
 *   <li>pad right and bottom up to {@code crop x crop} where smaller: image black, label ignore;
 *   <li>crop {@code crop x crop} at a uniform random offset.
 * </ol>
 *
 * <p>Only the pixels of the final crop are computed: the resize, pad, crop and flip are fused into
 * one pass over the output, so the cost depends on the crop size, not on the random scale.
 * Normalisation to floats is separate, {@link #toChw(BufferedImage)}, and belongs to the core
 * library: {@link ImagePreparation#IMAGENET}, the constants and arithmetic that inference uses too.
 */
public final class JointTransform {

    private final int baseSize;
    private final int cropSize;
    private final double minScale;
    private final double maxScale;
    private final boolean flip;
    private final int ignoreIndex;

    private JointTransform(Builder b) {
        this.baseSize = b.baseSize;
        this.cropSize = b.cropSize;
        this.minScale = b.minScale;
        this.maxScale = b.maxScale;
        this.flip = b.flip;
        this.ignoreIndex = b.ignoreIndex;
    }

    /**
     * A builder with the paper's defaults: base 520, crop 480, scale [0.5, 2.0], flip on, ignore
     * 255.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The crop size: every output is {@code crop x crop}.
     *
     * @return the crop size in pixels
     */
    public int cropSize() {
        return cropSize;
    }

    /**
     * The base size the random scale multiplies.
     *
     * @return the base size in pixels
     */
    public int baseSize() {
        return baseSize;
    }

    /**
     * Whether items are flipped horizontally with probability 0.5.
     *
     * @return true when the flip is on
     */
    public boolean flip() {
        return flip;
    }

    /**
     * The random choices for one item, drawn in a fixed order: flip, long side, crop x, crop y.
     *
     * @param width the source width
     * @param height the source height
     * @param random the random source
     * @return the geometry of the crop
     */
    public Geometry sample(int width, int height, Random random) {
        boolean flipped = flip && random.nextBoolean();
        int lo = (int) Math.round(minScale * baseSize);
        int hi = (int) Math.round(maxScale * baseSize);
        int longSide = lo + random.nextInt(hi - lo + 1);
        int ow;
        int oh;
        if (width >= height) {
            ow = longSide;
            oh = Math.max(1, (int) ((double) height * longSide / width + 0.5));
        } else {
            oh = longSide;
            ow = Math.max(1, (int) ((double) width * longSide / height + 0.5));
        }
        int pw = Math.max(ow, cropSize);
        int ph = Math.max(oh, cropSize);
        int x = random.nextInt(pw - cropSize + 1);
        int y = random.nextInt(ph - cropSize + 1);
        return new Geometry(width, height, ow, oh, x, y, flipped, cropSize);
    }

    /**
     * Applies the random augmentation to an image and its label.
     *
     * @param in the original image and label
     * @param random the random source (e.g. {@code new Random(seed)})
     * @return a new {@code crop x crop} image ({@code TYPE_3BYTE_BGR}) and label
     */
    public LabeledImage apply(LabeledImage in, Random random) {
        return render(in, sample(in.width(), in.height(), random));
    }

    /**
     * Renders a given crop geometry: resize, flip, pad and crop in one pass.
     *
     * @param in the original image and label
     * @param g the geometry, normally from {@link #sample(int, int, Random)}
     * @return a new {@code g.cropSize() x g.cropSize()} image ({@code TYPE_3BYTE_BGR}) and label
     * @throws IllegalArgumentException if the geometry was drawn for another source size
     */
    public LabeledImage render(LabeledImage in, Geometry g) {
        int c = g.cropSize();
        BufferedImage outImage = new BufferedImage(c, c, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) outImage.getRaster().getDataBuffer()).getData();
        int[] dstLabel = new int[c * c];
        renderBytes(in, g, dst, dstLabel);
        return new LabeledImage(outImage, dstLabel);
    }

    /**
     * Renders a crop straight into (direct) buffers: ImageNet-normalised CHW floats and int labels,
     * through per-thread scratch arrays, so a loader thread allocates nothing per item.
     */
    void renderNormalized(
            LabeledImage in,
            Geometry g,
            FloatBuffer out,
            int offset,
            IntBuffer labels,
            int labelOffset) {
        int c = g.cropSize();
        Scratch s = SCRATCH.get();
        if (s.bgr.length != 3 * c * c) {
            s = new Scratch(c);
            SCRATCH.set(s);
        }
        renderBytes(in, g, s.bgr, s.label);
        ImagePreparation.IMAGENET.normaliseBgr(s.bgr, out, offset);
        labels.put(labelOffset, s.label);
    }

    private static final ThreadLocal<Scratch> SCRATCH =
            ThreadLocal.withInitial(() -> new Scratch(0));

    /** Per-thread buffers of one crop. */
    private static final class Scratch {
        final byte[] bgr;
        final int[] label;

        Scratch(int c) {
            bgr = new byte[3 * c * c];
            label = new int[c * c];
        }
    }

    /** Writes every pixel of the crop (padding included) into {@code dst} and {@code dstLabel}. */
    private void renderBytes(LabeledImage in, Geometry g, byte[] dst, int[] dstLabel) {
        int w = in.width();
        int h = in.height();
        if (g.sourceWidth() != w || g.sourceHeight() != h) {
            throw new IllegalArgumentException(
                    "geometry for "
                            + g.sourceWidth()
                            + "x"
                            + g.sourceHeight()
                            + ", image "
                            + w
                            + "x"
                            + h);
        }
        byte[] src = bgrBytes(in.image());
        int[] srcLabel = in.label();
        int c = g.cropSize();
        int ow = g.scaledWidth();
        int oh = g.scaledHeight();
        int validW = Math.max(0, Math.min(c, ow - g.cropX()));
        int validH = Math.max(0, Math.min(c, oh - g.cropY()));
        double sxScale = (double) w / ow;
        double syScale = (double) h / oh;

        // Per-column source taps (bilinear, 8-bit fixed-point weights) and nearest index, flip
        // folded in.
        int[] x0 = new int[validW];
        int[] x1 = new int[validW];
        int[] wx = new int[validW];
        int[] xn = new int[validW];
        for (int ox = 0; ox < validW; ox++) {
            double sx = g.cropX() + ox;
            double u = (sx + 0.5) * sxScale - 0.5;
            int nearest = Math.min(w - 1, (int) ((sx + 0.5) * sxScale));
            if (g.flip()) {
                u = (w - 1) - u;
                nearest = w - 1 - nearest;
            }
            u = Math.max(0, Math.min(w - 1, u));
            int a = (int) u;
            x0[ox] = a * 3;
            x1[ox] = Math.min(a + 1, w - 1) * 3;
            wx[ox] = (int) Math.round((u - a) * 256);
            xn[ox] = nearest;
        }
        for (int oy = 0; oy < c; oy++) {
            int outRow = oy * c * 3;
            int outLabelRow = oy * c;
            if (oy >= validH) {
                Arrays.fill(dst, outRow, outRow + 3 * c, (byte) 0);
                Arrays.fill(dstLabel, outLabelRow, outLabelRow + c, ignoreIndex);
                continue;
            }
            double sy = g.cropY() + oy;
            double v = Math.max(0, Math.min(h - 1, (sy + 0.5) * syScale - 0.5));
            int y0 = (int) v;
            int y1 = Math.min(y0 + 1, h - 1);
            int wy = (int) Math.round((v - y0) * 256);
            int yn = Math.min(h - 1, (int) ((sy + 0.5) * syScale));
            int row0 = y0 * w * 3;
            int row1 = y1 * w * 3;
            int labelRow = yn * w;
            for (int ox = 0; ox < validW; ox++) {
                int a = x0[ox];
                int b = x1[ox];
                int fx = wx[ox];
                int o = outRow + ox * 3;
                for (int ch = 0; ch < 3; ch++) {
                    int top =
                            (src[row0 + a + ch] & 0xFF) * (256 - fx)
                                    + (src[row0 + b + ch] & 0xFF) * fx;
                    int bottom =
                            (src[row1 + a + ch] & 0xFF) * (256 - fx)
                                    + (src[row1 + b + ch] & 0xFF) * fx;
                    dst[o + ch] = (byte) ((top * (256 - wy) + bottom * wy + 32768) >> 16);
                }
                dstLabel[outLabelRow + ox] = srcLabel[labelRow + xn[ox]];
            }
            if (validW < c) {
                Arrays.fill(dst, outRow + 3 * validW, outRow + 3 * c, (byte) 0);
                Arrays.fill(dstLabel, outLabelRow + validW, outLabelRow + c, ignoreIndex);
            }
        }
    }

    /**
     * ImageNet normalisation into a CHW float array ({@link ImagePreparation#IMAGENET}): channel
     * order R, G, B; value {@code (v / 255 - mean[c]) / std[c]} with mean (0.485, 0.456, 0.406) and
     * std (0.229, 0.224, 0.225).
     *
     * @param image an image, converted to 8-bit sRGB by {@link ImagePreparation#toBgr}
     * @return a new array of length {@code 3 * height * width}, layout (3, H, W)
     */
    public static float[] toChw(BufferedImage image) {
        return ImagePreparation.IMAGENET.toChw(image);
    }

    /**
     * The interleaved B, G, R bytes of an image, converting when it is not {@code TYPE_3BYTE_BGR}.
     */
    static byte[] bgrBytes(BufferedImage image) {
        return ((DataBufferByte) ImagePreparation.toBgr(image).getRaster().getDataBuffer())
                .getData();
    }

    /**
     * The random choices for one training crop.
     *
     * @param sourceWidth the width of the original image
     * @param sourceHeight the height of the original image
     * @param scaledWidth the width after the random resize
     * @param scaledHeight the height after the random resize
     * @param cropX the left edge of the crop in the resized (and padded) image
     * @param cropY the top edge of the crop in the resized (and padded) image
     * @param flip whether the image is mirrored left-right before resizing
     * @param cropSize the side of the square output
     */
    public record Geometry(
            int sourceWidth,
            int sourceHeight,
            int scaledWidth,
            int scaledHeight,
            int cropX,
            int cropY,
            boolean flip,
            int cropSize) {}

    /** Builder of {@link JointTransform}; defaults follow docs/paper-reading.md section 4. */
    public static final class Builder {
        private int baseSize = 520;
        private int cropSize = 480;
        private double minScale = 0.5;
        private double maxScale = 2.0;
        private boolean flip = true;
        private int ignoreIndex = 255;

        private Builder() {}

        /**
         * Sets the base size (default 520).
         *
         * @param baseSize the size the random scale multiplies, positive
         * @return this builder
         */
        public Builder optBaseSize(int baseSize) {
            this.baseSize = baseSize;
            return this;
        }

        /**
         * Sets the crop size (default 480).
         *
         * @param cropSize the side of the square output, positive
         * @return this builder
         */
        public Builder optCropSize(int cropSize) {
            this.cropSize = cropSize;
            return this;
        }

        /**
         * Sets the range of the random scale of the long side (default [0.5, 2.0]).
         *
         * @param min the smallest factor, positive
         * @param max the largest factor, at least {@code min}
         * @return this builder
         */
        public Builder optScaleRange(double min, double max) {
            this.minScale = min;
            this.maxScale = max;
            return this;
        }

        /**
         * Enables or disables the random horizontal flip (default on).
         *
         * @param flip whether to flip with probability 0.5
         * @return this builder
         */
        public Builder optFlip(boolean flip) {
            this.flip = flip;
            return this;
        }

        /**
         * Sets the label value used for padding (default 255).
         *
         * @param ignoreIndex the ignore index
         * @return this builder
         */
        public Builder optIgnoreIndex(int ignoreIndex) {
            this.ignoreIndex = ignoreIndex;
            return this;
        }

        /**
         * Builds the transform.
         *
         * @return the transform
         * @throws SettingException naming {@code baseSize} or {@code cropSize} when not positive,
         *     {@code scaleRange} when not {@code 0 < min <= max} or when the smallest scale of the
         *     base rounds to 0 pixels
         */
        public JointTransform build() {
            if (baseSize < 1) {
                throw new SettingException("baseSize", baseSize, ">= 1");
            }
            if (cropSize < 1) {
                throw new SettingException("cropSize", cropSize, ">= 1");
            }
            String range = "[" + minScale + ", " + maxScale + "]";
            if (!(minScale > 0) || !(maxScale >= minScale)) {
                throw new SettingException("scaleRange", range, "factors with 0 < min <= max");
            }
            if (Math.round(minScale * baseSize) < 1) {
                throw new SettingException(
                        "scaleRange",
                        range,
                        "a range whose smallest factor x base " + baseSize + " is >= 1 pixel");
            }
            return new JointTransform(this);
        }
    }
}
