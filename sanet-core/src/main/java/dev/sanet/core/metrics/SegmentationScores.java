package dev.sanet.core.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Segmentation metrics of a confusion matrix (docs/paper-reading.md section 5).
 *
 * <p>Two mean-IoU conventions: {@link #meanIoU()} averages over the classes with a non-zero union
 * (mmseg / FCN "nanmean"), {@link #meanIoUAllClasses()} counts a class absent from both labels and
 * predictions as 0 (PyTorch-Encoding). They differ only when some class never occurs.
 */
public final class SegmentationScores {

    private final double pixelAccuracy;
    private final double[] iou;
    private final long labelledPixels;

    /**
     * Creates the scores.
     *
     * @param pixelAccuracy correct / labelled pixels, NaN when nothing is labelled
     * @param iou per-class IoU, NaN for a class with zero union
     * @param labelledPixels the number of labelled pixels counted
     */
    public SegmentationScores(double pixelAccuracy, double[] iou, long labelledPixels) {
        this.pixelAccuracy = pixelAccuracy;
        this.iou = iou.clone();
        this.labelledPixels = labelledPixels;
    }

    /**
     * Pixel accuracy: correct / labelled pixels.
     *
     * @return a fraction in [0, 1], NaN when nothing was labelled
     */
    public double pixelAccuracy() {
        return pixelAccuracy;
    }

    /**
     * Per-class intersection over union.
     *
     * @return a copy; NaN for a class absent from both labels and predictions
     */
    public double[] iou() {
        return iou.clone();
    }

    /**
     * The number of classes.
     *
     * @return K
     */
    public int numClasses() {
        return iou.length;
    }

    /**
     * The number of labelled pixels counted.
     *
     * @return the pixel count
     */
    public long labelledPixels() {
        return labelledPixels;
    }

    /**
     * Mean IoU over the classes with a non-zero union.
     *
     * @return a fraction in [0, 1], NaN when no class occurs
     */
    public double meanIoU() {
        double sum = 0;
        int n = 0;
        for (double v : iou) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * Mean IoU over all K classes, an absent class counting as 0 (PyTorch-Encoding's convention).
     *
     * @return a fraction in [0, 1]
     */
    public double meanIoUAllClasses() {
        double sum = 0;
        for (double v : iou) {
            if (!Double.isNaN(v)) {
                sum += v;
            }
        }
        return sum / iou.length;
    }

    /**
     * PASCAL Context's 60-class figure from a 59-class result: the 59-class mean x 59/60, the
     * convention of the paper's Table 2 (background counted as a class with IoU 0).
     *
     * @param mIoU59 a 59-class mean IoU
     * @return the 60-class figure
     */
    public static double context60From59(double mIoU59) {
        return mIoU59 * 59.0 / 60.0;
    }

    /**
     * Per-class IoU by class name, null for a class absent from both sides (the JSON form of {@code
     * docs/cli.md}).
     *
     * @param classNames K names
     * @return an insertion-ordered map
     */
    public Map<String, @Nullable Double> perClass(List<String> classNames) {
        if (classNames.size() != iou.length) {
            throw new IllegalArgumentException(
                    "expected " + iou.length + " class names, got " + classNames.size());
        }
        Map<String, @Nullable Double> out = new LinkedHashMap<>();
        for (int k = 0; k < iou.length; k++) {
            out.put(classNames.get(k), Double.isNaN(iou[k]) ? null : iou[k]);
        }
        return out;
    }

    @Override
    public String toString() {
        return String.format(
                "pixAcc=%.4f mIoU=%.4f mIoU(all)=%.4f iou=%s",
                pixelAccuracy, meanIoU(), meanIoUAllClasses(), Arrays.toString(iou));
    }
}
