package dev.sanet.core.inference;

import dev.sanet.core.metrics.ConfusionMatrix;
import dev.sanet.core.metrics.SegmentationScores;

/**
 * What an {@link Evaluation} found: one confusion matrix over the whole dataset (never an average
 * of per-image scores, docs/paper-reading.md section 5), its scores, the number of images and the
 * protocol. Immutable: {@link #confusion()} returns a copy.
 */
public final class EvaluationResult {

    private final ConfusionMatrix confusion;
    private final SegmentationScores scores;
    private final long images;
    private final Protocol protocol;

    /**
     * Creates the result.
     *
     * @param confusion the counts over every image; copied
     * @param images the number of images counted, at least 0
     * @param protocol the protocol they were evaluated with
     * @throws IllegalArgumentException when {@code images} is negative
     */
    public EvaluationResult(ConfusionMatrix confusion, long images, Protocol protocol) {
        if (images < 0) {
            throw new IllegalArgumentException("images must be >= 0, got " + images);
        }
        this.confusion = confusion.copy();
        this.scores = confusion.scores();
        this.images = images;
        this.protocol = protocol;
    }

    /**
     * The K x K pixel counts, rows = ground truth.
     *
     * @return a copy, free to change
     */
    public ConfusionMatrix confusion() {
        return confusion.copy();
    }

    /**
     * Pixel accuracy, per-class IoU and both mean IoUs of the counts.
     *
     * @return the scores
     */
    public SegmentationScores scores() {
        return scores;
    }

    /**
     * The number of images evaluated.
     *
     * @return the image count
     */
    public long images() {
        return images;
    }

    /**
     * The protocol of the evaluation.
     *
     * @return the protocol
     */
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public String toString() {
        return "EvaluationResult[images=" + images + ", " + protocol + ", " + scores + "]";
    }
}
