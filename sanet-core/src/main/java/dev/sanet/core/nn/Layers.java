package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
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
     * The elementwise sum of two arrays of one shape (a residual add). On MXNet outside training it
     * runs the legacy {@code elemwise_add}, which adds MKL-DNN's blocked layout as it is; the
     * NumPy-style add that {@link NDArray#add(NDArray)} calls first reorders both inputs to the
     * plain layout, which made the 21 adds of a ResNet50 SANet pass cost as much as a third of its
     * convolutions (profile in docs/performance.md). The sum is the same on every engine.
     *
     * @param a the first summand
     * @param b the second summand, of {@code a}'s shape
     * @param training whether this is a training pass (then the engine's ordinary add)
     * @return {@code a + b}, attached to {@code a}'s manager
     */
    static NDArray add(NDArray a, NDArray b, boolean training) {
        if (!training
                && a.getShape().equals(b.getShape())
                && a.getDataType() == b.getDataType()
                && "MXNet".equals(a.getManager().getEngine().getEngineName())) {
            return a.getManager().invoke("elemwise_add", new NDList(a, b), null).singletonOrThrow();
        }
        return a.add(b);
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
     * Runs the children of a sequential block one after the other. In inference each intermediate
     * output is closed as soon as the next child has read it, so a stage of residual blocks holds
     * one block's output at a time instead of all of them until the pass ends (for ResNet50 at
     * 512x512, output stride 8, about 270 MB of block outputs). In training every intermediate is
     * kept for the backward pass, as {@link #run} does.
     *
     * @param seq the sequential block, each child with a single input and a single output
     * @param ps the parameter store
     * @param x the input, never closed here
     * @param training whether this is a training pass
     * @param params the extra forward parameters, passed through
     * @return the last child's output
     */
    static NDArray chain(
            SequentialBlock seq,
            ParameterStore ps,
            NDArray x,
            boolean training,
            @Nullable PairList<String, Object> params) {
        if (training) {
            return run(seq, ps, x, true, params);
        }
        NDArray y = x;
        for (Pair<String, Block> child : seq.getChildren()) {
            NDArray next = run(child.getValue(), ps, y, false, params);
            if (y != x && next != y) {
                y.close();
            }
            y = next;
        }
        return y;
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
