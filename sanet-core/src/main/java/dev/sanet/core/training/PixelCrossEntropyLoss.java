package dev.sanet.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import dev.sanet.core.nn.Scalars;

/**
 * Pixel-wise softmax cross-entropy with an ignore label, averaged over the labelled pixels only
 * (SANet's L_mask and L_den, paper Eq. 7 and 9).
 *
 * <p>Predictions are logits {@code (N, K, H, W)} at index {@code predIndex} of the prediction list;
 * labels are class ids {@code (N, H, W)} (any numeric type) at index 0 of the label list. A pixel
 * whose label lies outside {@code [0, K)} (the ignore label 255 in particular) contributes nothing.
 * A batch without a single labelled pixel yields 0, never NaN. DJL's own {@code
 * SoftmaxCrossEntropyLoss} has no ignore label, hence this class.
 */
public final class PixelCrossEntropyLoss extends Loss {

    private final int predIndex;
    private final float weight;

    /**
     * Creates the loss.
     *
     * @param name the name reported by DJL's evaluator machinery, e.g. {@code "mask"}
     * @param weight the factor applied to the mean loss (1 for L_mask, beta for L_den)
     * @param predIndex the index of the logits in the prediction list
     */
    public PixelCrossEntropyLoss(String name, float weight, int predIndex) {
        super(name);
        if (predIndex < 0) {
            throw new IllegalArgumentException("predIndex must be >= 0, got " + predIndex);
        }
        this.weight = weight;
        this.predIndex = predIndex;
    }

    /**
     * Returns the weighted mean cross-entropy over labelled pixels.
     *
     * @param labels {@code [labels (N, H, W)]}
     * @param predictions the model outputs; {@code predictions.get(predIndex)} is {@code (N, K, H,
     *     W)}
     * @return a scalar
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray loss = crossEntropy(predictions.get(predIndex), labels.get(0));
        return weight == 1f ? loss : Scalars.mul(loss, weight);
    }

    /**
     * The unweighted mean cross-entropy of logits against labels over labelled pixels.
     *
     * @param logits {@code (N, K, H, W)} class scores
     * @param labels {@code (N, H, W)} class ids; ids outside {@code [0, K)} are ignored
     * @return a scalar; 0 when no pixel is labelled
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        long numClasses = logits.getShape().get(1);
        NDArray lab = labels.toType(DataType.FLOAT32, false);
        NDArray valid = lab.gte(0).logicalAnd(lab.lt(numClasses)).toType(DataType.FLOAT32, false);
        // Ignored pixels pick class 0 harmlessly; their term is multiplied by 0 below.
        NDArray safe = lab.mul(valid).toType(DataType.INT32, false);
        NDArray logp = logits.logSoftmax(1);
        NDArray picked =
                logp.get(new NDIndex().addAllDim().addPickDim(safe.expandDims(1)))
                        .reshape(lab.getShape());
        NDArray count = valid.sum().maximum(1f);
        return picked.mul(valid).sum().neg().div(count);
    }
}
