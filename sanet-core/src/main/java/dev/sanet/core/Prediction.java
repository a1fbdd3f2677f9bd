package dev.sanet.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Which SANet output is the segmentation prediction at inference (docs/paper-reading.md section
 * 2.3).
 *
 * <p>The paper is ambiguous; all three readings are available. Networks that only have the dense
 * output (FCN, FCN-SE, or zero SA heads) always predict with it, whatever this setting says.
 */
public enum Prediction {
    /** The class-wise masks Y_mask from the concatenated SA heads. */
    MASK,
    /** The regularised dense prediction Y_den + Y_SA4 (the paper's section 3.3 wording). */
    DENSE,
    /** The sum of both logits, Y_mask + Y_den + Y_SA4. */
    SUM;

    /**
     * Picks the segmentation logits from a SANet block's outputs: {@code mask}, {@code dense} or
     * their sum. An output list holding only {@code dense} (FCN, FCN-SE, zero heads) yields {@code
     * dense} whatever this setting.
     *
     * @param outputs the block's forward outputs: {@code [mask, dense, cat]} or {@code [dense]}
     * @return the (N, K, H, W) logits; the sum for {@link #SUM} is a new array attached to the
     *     outputs' manager
     * @throws IllegalArgumentException if the list has neither one nor three arrays
     */
    public NDArray logits(NDList outputs) {
        if (outputs.size() == 1) {
            return outputs.get(0);
        }
        if (outputs.size() != 3) {
            throw new IllegalArgumentException(
                    "expected the outputs [mask, dense, cat] or [dense], got "
                            + outputs.size()
                            + " arrays");
        }
        return switch (this) {
            case MASK -> outputs.get(0);
            case DENSE -> outputs.get(1);
            case SUM -> outputs.get(0).add(outputs.get(1));
        };
    }
}
