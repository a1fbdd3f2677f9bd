package dev.sanet.core.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sanet.core.io.HostArrays;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * How an image becomes the network's input: 8-bit sRGB R, G, B scaled to [0, 1] and normalised per
 * channel, {@code (v / 255 - mean[c]) / std[c]}, laid out as a {@code (3, H, W)} float32 array
 * (docs/paper-reading.md section 4; the ImageNet statistics of the pretrained backbone by default,
 * {@link #IMAGENET}). The one place that owns these constants and this arithmetic: the data
 * loaders, the translator of {@code SANetModel.newPredictor()}, {@code sanet predict} and the
 * sliding window's padding all go through it, so training and inference see the same floats.
 *
 * <p>Any {@link BufferedImage} is accepted; {@link #toBgr} first brings it to 8-bit sRGB:
 *
 * <ul>
 *   <li>grey images (a grey colour space, 1 to 16 bits) repeat their value in R, G and B, scaled to
 *       8 bits ({@code round(v * 255 / max)}): grey PNG and JPEG samples are gamma-encoded like
 *       sRGB, so they are not converted as if they were linear, which the JDK's {@code getRGB} does
 *       (it turns 128 into 188);
 *   <li>palette images take the RGB of their palette entry;
 *   <li>an alpha channel is dropped, the colour kept as stored (what PIL's {@code convert("RGB")}
 *       does in the paper's PyTorch pipeline), not composited over black;
 *   <li>every other colour model (16-bit RGB, ICC-tagged colour spaces) goes through its {@link
 *       ColorModel} conversion to sRGB.
 * </ul>
 *
 * <p>Values are computed once per channel and byte value (a 3 x 256 table), so every path gives
 * bit-identical floats. Instances are immutable and thread-safe.
 */
public final class ImagePreparation {

    /** The mean and standard deviation of ImageNet, on RGB in [0, 1]: the default. */
    public static final ImagePreparation IMAGENET =
            new ImagePreparation(
                    new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    private final float[] mean;
    private final float[] std;

    /** {@code table[c][v]}: the normalised value of byte value {@code v} in channel {@code c}. */
    private final float[][] table;

    private ImagePreparation(float[] mean, float[] std) {
        this.mean = mean.clone();
        this.std = std.clone();
        this.table = new float[3][256];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                // Float arithmetic in this order is the data pipeline's since its first version.
                table[c][v] = (v / 255f - this.mean[c]) / this.std[c];
            }
        }
    }

    /**
     * A preparation with the given statistics.
     *
     * @param mean the mean of R, G, B in [0, 1], three finite values
     * @param std the standard deviation of R, G, B in [0, 1], three finite positive values
     * @return the preparation
     * @throws IllegalArgumentException naming the bad array or value
     */
    public static ImagePreparation of(float[] mean, float[] std) {
        if (mean.length != 3) {
            throw new IllegalArgumentException(
                    "mean needs 3 values (R, G, B), got " + Arrays.toString(mean));
        }
        if (std.length != 3) {
            throw new IllegalArgumentException(
                    "std needs 3 values (R, G, B), got " + Arrays.toString(std));
        }
        for (int c = 0; c < 3; c++) {
            if (!Float.isFinite(mean[c])) {
                throw new IllegalArgumentException(
                        "mean values must be finite, got " + Arrays.toString(mean));
            }
            if (!(std[c] > 0) || Float.isInfinite(std[c])) {
                throw new IllegalArgumentException(
                        "std values must be finite and positive, got " + Arrays.toString(std));
            }
        }
        if (Arrays.equals(mean, IMAGENET.mean) && Arrays.equals(std, IMAGENET.std)) {
            return IMAGENET;
        }
        return new ImagePreparation(mean, std);
    }

    /**
     * The per-channel mean.
     *
     * @return a copy: R, G, B in [0, 1]
     */
    public float[] mean() {
        return mean.clone();
    }

    /**
     * The per-channel standard deviation.
     *
     * @return a copy: R, G, B in [0, 1]
     */
    public float[] std() {
        return std.clone();
    }

    /**
     * The normalised value of a black pixel, {@code -mean / std} per channel: what padding is in
     * the normalised space (the sliding window pads with it, training crops pad with black bytes).
     *
     * @return a new array {@code {r, g, b}}
     */
    public float[] black() {
        return new float[] {table[0][0], table[1][0], table[2][0]};
    }

    /**
     * The normalised image as a new array.
     *
     * @param image any image (see the class comment for the conversion)
     * @return {@code 3 * H * W} floats, layout {@code (3, H, W)}, channels R, G, B
     */
    public float[] toChw(BufferedImage image) {
        float[] out = new float[3 * image.getWidth() * image.getHeight()];
        toChw(image, out, 0);
        return out;
    }

    /**
     * The normalised image written into part of a larger array, e.g. one item of an {@code (N, 3,
     * H, W)} batch.
     *
     * @param image any image
     * @param out the destination
     * @param offset where channel R of pixel (0, 0) goes; {@code 3 * H * W} entries are written
     */
    public void toChw(BufferedImage image, float[] out, int offset) {
        byte[] bgr = bgrBytes(image);
        int plane = image.getWidth() * image.getHeight();
        float[] lr = table[0];
        float[] lg = table[1];
        float[] lb = table[2];
        int r = offset;
        int g = offset + plane;
        int b = offset + 2 * plane;
        for (int i = 0, p = 0; i < plane; i++, p += 3) {
            out[b + i] = lb[bgr[p] & 0xFF];
            out[g + i] = lg[bgr[p + 1] & 0xFF];
            out[r + i] = lr[bgr[p + 2] & 0xFF];
        }
    }

    /**
     * Normalises interleaved B, G, R bytes (the raster layout of {@code TYPE_3BYTE_BGR}) into part
     * of a (direct) float buffer, layout {@code (3, H, W)}; a loader thread fills batch buffers
     * with it without allocating.
     *
     * @param bgr {@code 3 * pixels} bytes: B, G, R of each pixel in row-major order
     * @param out the destination; its position is not used or changed
     * @param offset where channel R of the first pixel goes; {@code bgr.length} entries are written
     * @throws IllegalArgumentException when {@code bgr.length} is not a multiple of 3
     */
    public void normaliseBgr(byte[] bgr, FloatBuffer out, int offset) {
        if (bgr.length % 3 != 0) {
            throw new IllegalArgumentException(
                    "expected B, G, R triples, got " + bgr.length + " bytes");
        }
        int plane = bgr.length / 3;
        float[] lr = table[0];
        float[] lg = table[1];
        float[] lb = table[2];
        int r = offset;
        int g = offset + plane;
        int b = offset + 2 * plane;
        for (int i = 0, p = 0; i < plane; i++, p += 3) {
            out.put(b + i, lb[bgr[p] & 0xFF]);
            out.put(g + i, lg[bgr[p + 1] & 0xFF]);
            out.put(r + i, lr[bgr[p + 2] & 0xFF]);
        }
    }

    /**
     * The normalised image as an array of the given manager (its engine and device).
     *
     * @param manager where the array is created, e.g. a sub-manager of the model's manager
     * @param image any image
     * @return a {@code (3, H, W)} float32 array attached to {@code manager}
     */
    public NDArray toNDArray(NDManager manager, BufferedImage image) {
        return HostArrays.floats(
                manager, toChw(image), new Shape(3, image.getHeight(), image.getWidth()));
    }

    /**
     * The image as 8-bit sRGB in {@code TYPE_3BYTE_BGR}: the image itself when it is one already (a
     * plain raster), otherwise a converted copy (grey repeated, palette looked up, alpha dropped,
     * other colour models converted to sRGB; see the class comment).
     *
     * @param image any image
     * @return an opaque {@code TYPE_3BYTE_BGR} image of the same size
     */
    public static BufferedImage toBgr(BufferedImage image) {
        Raster raster = image.getRaster();
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
                && raster.getDataBuffer().getNumBanks() == 1
                && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0
                && raster.getParent() == null) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        ColorModel cm = image.getColorModel();
        int[] row = new int[w];
        int type = raster.getDataBuffer().getDataType();
        if (!(cm instanceof IndexColorModel)
                && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && (type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT)) {
            // Band 0 is the grey value whatever the bit depth; a second band is alpha.
            int max = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0, p = 3 * y * w; x < w; x++, p += 3) {
                    byte v = (byte) ((row[x] * 255L + max / 2) / max);
                    dst[p] = v;
                    dst[p + 1] = v;
                    dst[p + 2] = v;
                }
            }
            return out;
        }
        for (int y = 0; y < h; y++) {
            // Non-premultiplied sRGB through the colour model; the alpha byte is ignored.
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0, p = 3 * y * w; x < w; x++, p += 3) {
                int argb = row[x];
                dst[p] = (byte) argb;
                dst[p + 1] = (byte) (argb >> 8);
                dst[p + 2] = (byte) (argb >> 16);
            }
        }
        return out;
    }

    private static byte[] bgrBytes(BufferedImage image) {
        return ((DataBufferByte) toBgr(image).getRaster().getDataBuffer()).getData();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ImagePreparation p
                && Arrays.equals(mean, p.mean)
                && Arrays.equals(std, p.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "ImagePreparation[mean="
                + Arrays.toString(mean)
                + ", std="
                + Arrays.toString(std)
                + "]";
    }
}
