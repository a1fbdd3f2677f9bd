package dev.sanet.core.nn;

import ai.djl.nn.Block;

/**
 * Folds every batch norm of a network into the convolution before it, for inference: the
 * convolution's weight is scaled per output channel and gains the batch norm's shift as its bias,
 * and the batch norm becomes the identity. The outputs stay the same (within float rounding, tested
 * to 1e-4) and one memory pass over every activation disappears.
 *
 * <p>Inference only, and in place: after folding, a training pass or saving the parameters throws;
 * load the model again to train or save it. Works on any engine.
 */
public final class BatchNormFolding {

    private BatchNormFolding() {}

    /**
     * A block that knows which of its convolutions feed which of its batch norms.
     *
     * <p>Implemented by the blocks of this package; a custom block that wants its batch norms
     * folded implements it too.
     */
    public interface Foldable {
        /**
         * Folds each batch norm of this block into the convolution that feeds it.
         *
         * @return the number of batch norms folded
         */
        int foldBatchNorms();
    }

    /**
     * Folds every batch norm of a block tree that a {@link Foldable} block declares.
     *
     * @param root an initialised block, e.g. a SANet block
     * @return the number of batch norms folded
     * @throws IllegalStateException if the block is not initialised or is folded already
     */
    public static int fold(Block root) {
        if (root instanceof Foldable f) {
            return f.foldBatchNorms();
        }
        int n = 0;
        for (Block child : root.getChildren().values()) {
            n += fold(child);
        }
        return n;
    }

    /**
     * Folds the batch norm at position {@code bn} of a sequential-like child list into the
     * convolution at position {@code conv}.
     *
     * @param conv the convolution
     * @param bn the batch norm reading its output
     * @return 1
     */
    static int pair(Block conv, Block bn) {
        ((SafeConv2d) conv).foldIn((BatchNorm2d) bn);
        return 1;
    }
}
