package dev.sanet.core.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;

/**
 * A K x K confusion matrix of pixel counts (rows = ground truth, columns = prediction), accumulated
 * across a whole split, never averaged per image (docs/paper-reading.md section 5).
 *
 * <p>Pixels whose label lies outside {@code [0, K)} (the ignore label 255 in particular) are not
 * counted. A labelled pixel whose prediction lies outside {@code [0, K)} is counted as wrong: it is
 * a miss of its true class (in that class's union and in the labelled pixels), kept apart in {@link
 * #outOfRangePredictions()}. Counting runs as NDArray work on any engine (one-hot encodings of K +
 * 1 columns, the last one collecting out-of-range ids, and one matrix product per chunk of pixels);
 * only the small result crosses into Java. Not thread-safe: give each thread its own matrix and
 * {@link #merge} them.
 */
public final class ConfusionMatrix {

    /** Pixels per chunk: keeps the one-hot tensors at a few tens of MiB for 60 classes. */
    private static final long CHUNK = 1L << 18;

    private final int numClasses;
    private final long[] counts;
    private final long[] outOfRange;
    private long badLabels;

    /**
     * Creates an empty matrix.
     *
     * @param numClasses K, at least 1
     */
    public ConfusionMatrix(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        this.numClasses = numClasses;
        this.counts = new long[numClasses * numClasses];
        this.outOfRange = new long[numClasses];
    }

    /**
     * The class count.
     *
     * @return K
     */
    public int numClasses() {
        return numClasses;
    }

    /**
     * Adds the pixels of a batch.
     *
     * @param labels ground-truth class ids of any shape, e.g. {@code (N, H, W)}; ids outside {@code
     *     [0, K)} are ignored
     * @param predictions predicted class ids of the same shape; ids outside {@code [0, K)} count as
     *     wrong
     * @throws IllegalArgumentException when the shapes differ
     */
    public void add(NDArray labels, NDArray predictions) {
        if (!labels.getShape().equals(predictions.getShape())) {
            throw new IllegalArgumentException(
                    "labels "
                            + labels.getShape()
                            + " and predictions "
                            + predictions.getShape()
                            + " must have the same shape");
        }
        try (NDManager scope = labels.getManager().newSubManager()) {
            labels.tempAttach(scope);
            predictions.tempAttach(scope);
            NDArray l = labels.flatten().toType(DataType.INT32, false);
            NDArray p = predictions.flatten().toType(DataType.INT32, false);
            long size = l.size();
            for (long start = 0; start < size; start += CHUNK) {
                long end = Math.min(size, start + CHUNK);
                // Each chunk's one-hot matrices are freed before the next chunk: memory stays
                // that of one chunk whatever the image's size.
                try (NDManager chunk = scope.newSubManager()) {
                    NDArray ls = l.get(start + ":" + end);
                    NDArray ps = p.get(start + ":" + end);
                    ls.attach(chunk);
                    ps.attach(chunk);
                    addChunk(inRangeOrK(ls), inRangeOrK(ps));
                }
            }
        }
    }

    /** Counts one chunk of ids already mapped into {@code [0, K]}. */
    private void addChunk(NDArray lc, NDArray pc) {
        // Row K collects ignored labels (dropped), column K out-of-range predictions. Counts per
        // chunk stay below 2^24, so float32 products are exact.
        NDArray cm = lc.oneHot(numClasses + 1).transpose().matMul(pc.oneHot(numClasses + 1));
        float[] values = cm.toFloatArray();
        int width = numClasses + 1;
        for (int t = 0; t < numClasses; t++) {
            for (int q = 0; q < numClasses; q++) {
                counts[t * numClasses + q] += Math.round(values[t * width + q]);
            }
            outOfRange[t] += Math.round(values[t * width + numClasses]);
        }
    }

    /** Ids in {@code [0, K)} unchanged, every other id replaced by K (an int32 array). */
    private NDArray inRangeOrK(NDArray ids) {
        NDArray valid = ids.gte(0).logicalAnd(ids.lt(numClasses)).toType(DataType.INT32, false);
        // valid * id + (1 - valid) * K, in integer arithmetic on every engine.
        return ids.mul(valid).add(valid.neg().add(1).mul(numClasses));
    }

    /**
     * Adds pixel counts computed elsewhere, e.g. from label maps read with Java.
     *
     * @param truth the ground-truth class id
     * @param predicted the predicted class id
     * @param pixels the number of pixels
     */
    public void add(int truth, int predicted, long pixels) {
        if (truth < 0 || truth >= numClasses) {
            return;
        }
        if (predicted < 0 || predicted >= numClasses) {
            outOfRange[truth] += pixels;
            return;
        }
        counts[truth * numClasses + predicted] += pixels;
    }

    /**
     * Adds the pixels of label and prediction maps held in Java, e.g. decoded PNGs: the counting of
     * {@link #add(NDArray, NDArray)} without an engine.
     *
     * @param labels ground-truth class ids, one per pixel; ids outside {@code [0, K)} and ids equal
     *     to {@code ignoreLabel} are not counted, the former kept apart in {@link
     *     #outOfRangeLabels()}
     * @param predictions predicted class ids, one per pixel; ids outside {@code [0, K)} count as
     *     wrong ({@link #outOfRangePredictions()})
     * @param ignoreLabel a label value skipped even inside {@code [0, K)}, or -1 for none
     * @throws IllegalArgumentException when the arrays differ in length
     */
    public void addPixels(int[] labels, int[] predictions, int ignoreLabel) {
        if (labels.length != predictions.length) {
            throw new IllegalArgumentException(
                    labels.length
                            + " labels and "
                            + predictions.length
                            + " predictions: one of each per pixel is needed");
        }
        for (int i = 0; i < labels.length; i++) {
            int t = labels[i];
            if (t == ignoreLabel) {
                continue;
            }
            if (t < 0 || t >= numClasses) {
                badLabels++;
                continue;
            }
            int p = predictions[i];
            if (p < 0 || p >= numClasses) {
                outOfRange[t]++;
            } else {
                counts[t * numClasses + p]++;
            }
        }
    }

    /**
     * An independent matrix with the same counts.
     *
     * @return a copy
     */
    public ConfusionMatrix copy() {
        ConfusionMatrix out = new ConfusionMatrix(numClasses);
        out.merge(this);
        return out;
    }

    /**
     * Adds another matrix's counts to this one.
     *
     * @param other a matrix with the same class count
     */
    public void merge(ConfusionMatrix other) {
        if (other.numClasses != numClasses) {
            throw new IllegalArgumentException(
                    "cannot merge a " + other.numClasses + "-class matrix into " + numClasses);
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        for (int i = 0; i < outOfRange.length; i++) {
            outOfRange[i] += other.outOfRange[i];
        }
        badLabels += other.badLabels;
    }

    /** Clears every count. */
    public void reset() {
        Arrays.fill(counts, 0);
        Arrays.fill(outOfRange, 0);
        badLabels = 0;
    }

    /**
     * The label pixels given to {@link #addPixels} whose value lay outside {@code [0, K)} and was
     * not the ignore label: not counted in any metric. A non-zero count usually means a wrong class
     * count or ignore value, so callers should report it rather than score silently.
     *
     * @return the total so far
     */
    public long outOfRangeLabels() {
        return badLabels;
    }

    /**
     * The labelled pixels whose prediction was outside {@code [0, K)}, all counted as wrong.
     *
     * @return the total over all classes
     */
    public long outOfRangePredictions() {
        long total = 0;
        for (long c : outOfRange) {
            total += c;
        }
        return total;
    }

    /**
     * The count of pixels with ground truth {@code truth} predicted as {@code predicted}.
     *
     * @param truth the ground-truth class id
     * @param predicted the predicted class id
     * @return the pixel count
     */
    public long get(int truth, int predicted) {
        return counts[truth * numClasses + predicted];
    }

    /**
     * A copy of the counts, rows = ground truth.
     *
     * @return a K x K array
     */
    public long[][] toArray() {
        long[][] out = new long[numClasses][numClasses];
        for (int t = 0; t < numClasses; t++) {
            System.arraycopy(counts, t * numClasses, out[t], 0, numClasses);
        }
        return out;
    }

    /**
     * The metrics of the counts so far.
     *
     * @return pixel accuracy, per-class IoU and both mean IoUs
     */
    public SegmentationScores scores() {
        long labelled = 0;
        long correct = 0;
        long[] rowSum = new long[numClasses];
        long[] colSum = new long[numClasses];
        for (int t = 0; t < numClasses; t++) {
            for (int p = 0; p < numClasses; p++) {
                long c = counts[t * numClasses + p];
                labelled += c;
                rowSum[t] += c;
                colSum[p] += c;
                if (t == p) {
                    correct += c;
                }
            }
        }
        for (int t = 0; t < numClasses; t++) {
            // Out-of-range predictions are misses of the true class: labelled, never correct.
            labelled += outOfRange[t];
            rowSum[t] += outOfRange[t];
        }
        double[] iou = new double[numClasses];
        for (int k = 0; k < numClasses; k++) {
            long inter = counts[k * numClasses + k];
            long union = rowSum[k] + colSum[k] - inter;
            iou[k] = union == 0 ? Double.NaN : (double) inter / union;
        }
        double pixAcc = labelled == 0 ? Double.NaN : (double) correct / labelled;
        return new SegmentationScores(pixAcc, iou, labelled);
    }
}
