package dev.sanet.core.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.jspecify.annotations.Nullable;

/**
 * The average pooling that opens an {@code avg_down} projection shortcut (ResNet-D, "Bag of
 * Tricks"; GluonCV {@code avg_down}, mmcv {@code ResNetV1d}, timm {@code resnet*d}): kernel =
 * stride = the block's stride, ceil mode, windows cut by the border averaged over the cells inside
 * ({@code count_include_pad=False}). With stride 1 (stage 1, and dilated stages) it is the
 * identity, as GluonCV's and mmseg's 1x1 pool and timm's {@code Identity} are. It has no
 * parameters; it sits at position 0 of the shortcut so that the convolution and batch norm are
 * {@code downsample.1} and {@code downsample.2}, the names those libraries give them.
 */
public final class ShortcutPool extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int stride;

    /**
     * Creates the pool.
     *
     * @param stride the block's stride, 1 or 2
     */
    ShortcutPool(int stride) {
        super(VERSION);
        this.stride = stride;
    }

    /**
     * The pool's kernel and stride (the residual block's stride); 1 is the identity.
     *
     * @return 1 or 2
     */
    public int stride() {
        return stride;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps,
            NDList inputs,
            boolean training,
            @Nullable PairList<String, Object> params) {
        if (stride == 1) {
            return inputs;
        }
        Shape k = new Shape(stride, stride);
        return new NDList(
                Pool.avgPool2d(inputs.singletonOrThrow(), k, k, new Shape(0, 0), true, false));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        // Ceil mode: a last, partial window still gives an output cell.
        return new Shape[] {
            new Shape(
                    s.get(0),
                    s.get(1),
                    (s.get(2) + stride - 1) / stride,
                    (s.get(3) + stride - 1) / stride)
        };
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        // No children, no parameters.
    }
}
