package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** Small factories and helpers shared by the blocks of this package. */
final class Layers {
    private Layers() {}

    /**
     * Batch normalisation with the Gluon/PyTorch defaults (epsilon 1e-5, running-average momentum
     * 0.9 in MXNet's convention, i.e. PyTorch's 0.1), so that ImageNet statistics import as is, and
     * the same running statistics on every engine ({@link BatchNorm2d}).
     *
     * @return the block
     */
    static BatchNorm2d bn() {
        return new BatchNorm2d(1e-5f, 0.9f);
    }

    /**
     * Runs {@code body} on {@code x}; in inference, inside a sub-manager that is closed when the
     * body returns, so that every intermediate array is freed at once and only the result (moved to
     * {@code x}'s manager) survives. DJL otherwise keeps every intermediate until the caller's
     * manager closes, which holds a whole forward pass's activations at once. In training the
     * intermediates are what the backward pass reads, so nothing changes there.
     *
     * @param x the input, left attached to its own manager
     * @param training whether this is a training pass
     * @param body the computation
     * @return the body's result, attached to {@code x}'s manager
     */
    static NDArray scoped(NDArray x, boolean training, UnaryOperator<NDArray> body) {
        if (training) {
            return body.apply(x);
        }
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            x.tempAttach(scope);
            NDArray y = body.apply(x);
            y.attach(parent);
            return y;
        }
    }

    /**
     * Runs a single-input single-output block.
     *
     * @param block the block
     * @param ps the parameter store
     * @param x the input
     * @param training whether this is a training pass
     * @param params the extra forward parameters, passed through
     * @return the single output
     */
    static NDArray run(
            Block block,
            ParameterStore ps,
            NDArray x,
            boolean training,
            @Nullable PairList<String, Object> params) {
        return block.forward(ps, new NDList(x), training, params).singletonOrThrow();
    }

    /**
     * The single output shape of a block for one input shape.
     *
     * @param block the block
     * @param in the input shape
     * @return the output shape
     */
    static Shape out(Block block, Shape in) {
        return block.getOutputShapes(new Shape[] {in})[0];
    }
}
