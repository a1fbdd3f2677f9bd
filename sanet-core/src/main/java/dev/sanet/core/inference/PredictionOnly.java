package dev.sanet.core.inference;

import ai.djl.util.PairList;
import org.jspecify.annotations.Nullable;

/**
 * The forward parameter by which the prediction route asks a network for its prediction logits
 * alone: a SANet block given it in inference computes only the heads its prediction reads (the mask
 * path skips the dense head and the categorical layer, the dense path skips SA heads 1-3 and the
 * mask convolution) and returns {@code [logits]}, which every prediction selector reads as the
 * prediction. Without it (and always in training) the block computes all its outputs. A block that
 * does not know the key ignores it, so {@link Segmenter} passes it to any network.
 */
public final class PredictionOnly {

    /** The key of the forward parameter; its value is {@link Boolean#TRUE}. */
    public static final String KEY = "sanet.predictionOnly";

    private PredictionOnly() {}

    /**
     * Fresh forward parameters that ask for the prediction alone (DJL's parameter lists are
     * mutable, so each call gets its own).
     *
     * @return {@code [(KEY, TRUE)]}
     */
    public static PairList<String, Object> params() {
        PairList<String, Object> p = new PairList<>(1);
        p.add(KEY, Boolean.TRUE);
        return p;
    }

    /**
     * Whether forward parameters ask for the prediction alone.
     *
     * @param params a block's forward parameters, possibly null
     * @return true when {@link #KEY} maps to {@link Boolean#TRUE}
     */
    public static boolean requested(@Nullable PairList<String, Object> params) {
        return params != null && Boolean.TRUE.equals(params.get(KEY));
    }
}
