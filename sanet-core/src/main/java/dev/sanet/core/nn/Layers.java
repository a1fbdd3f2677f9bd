package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
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
