package dev.sanet.data;

/**
 * How a {@link SegmentationDataset} turns a decoded item into the arrays it returns.
 *
 * <p>docs/paper-reading.md sections 4-5 and docs/pascal-data.md sections 5.1 and 5.6.
 */
public enum Transform {
    /**
     * Training: the random joint augmentation of {@link JointTransform} (flip, long side scaled to
     * a random size in [0.5, 2.0] x base 520, pad with black / ignore, random crop 480), then
     * ImageNet normalisation. Every item comes out {@code crop x crop}.
     */
    TRAIN,
    /** Evaluation: the image at its original size, ImageNet-normalised; the label unchanged. */
    EVAL
}
