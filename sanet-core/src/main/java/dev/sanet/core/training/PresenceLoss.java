package dev.sanet.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SigmoidBinaryCrossEntropyLoss;
import dev.sanet.core.nn.Scalars;

/**
 * SANet's categorical loss L_cat (paper Eq. 8): binary cross-entropy, on logits, between the
 * categorical head's output {@code (N, K)} and the per-image class-presence vector derived from the
 * labels (class c is present when at least one labelled pixel has label c).
 *
 * <p>Labels outside {@code [0, K)} (the ignore label 255 in particular) do not count as present.
 * Uses DJL's {@link SigmoidBinaryCrossEntropyLoss} with {@code fromSigmoid=false}, the numerically
 * stable logits path (its probability path has the wrong sign in DJL 0.36.0).
 */
public final class PresenceLoss extends Loss {

    private final int predIndex;
    private final float weight;
    private final SigmoidBinaryCrossEntropyLoss bce =
            new SigmoidBinaryCrossEntropyLoss("bce", 1f, false);

    /**
     * Creates the loss.
     *
     * @param name the name reported by DJL's evaluator machinery, e.g. {@code "cat"}
     * @param weight the factor applied to the mean loss (alpha in the paper)
     * @param predIndex the index of the {@code (N, K)} logits in the prediction list
     */
    public PresenceLoss(String name, float weight, int predIndex) {
        super(name);
        if (predIndex < 0) {
            throw new IllegalArgumentException("predIndex must be >= 0, got " + predIndex);
        }
        this.weight = weight;
        this.predIndex = predIndex;
    }

    /**
     * Returns the weighted binary cross-entropy averaged over images and classes.
     *
     * @param labels {@code [labels (N, H, W)]}
     * @param predictions the model outputs; {@code predictions.get(predIndex)} is {@code (N, K)}
     * @return a scalar
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.get(predIndex);
        NDArray target = presence(labels.get(0), (int) logits.getShape().get(1));
        NDArray loss = bce.evaluate(new NDList(target), new NDList(logits));
        return weight == 1f ? loss : Scalars.mul(loss, weight);
    }

    /**
     * The per-image class-presence vectors of a label batch.
     *
     * @param labels {@code (N, H, W)} class ids; ids outside {@code [0, K)} are ignored
     * @param numClasses K
     * @return {@code (N, K)} float32 of 0 and 1
     */
    public static NDArray presence(NDArray labels, int numClasses) {
        long n = labels.getShape().get(0);
        NDArray[] rows = new NDArray[(int) n];
        for (int i = 0; i < n; i++) {
            // One image at a time keeps the one-hot tensor at H*W*(K+1), not N*H*W*(K+1).
            NDArray flat = labels.get(i).flatten().toType(DataType.INT32, false);
            // Ignored ids go to an extra column K that is dropped: engines disagree on one-hot of
            // out-of-range ids (MXNet gives a zero row, PyTorch refuses), so none reaches it.
            NDArray valid =
                    flat.gte(0).logicalAnd(flat.lt(numClasses)).toType(DataType.INT32, false);
            NDArray safe = flat.mul(valid).add(valid.neg().add(1).mul(numClasses));
            rows[i] = safe.oneHot(numClasses + 1).max(new int[] {0}).get("0:" + numClasses);
        }
        return NDArrays.stack(new NDList(rows)).toType(DataType.FLOAT32, false);
    }
}
