package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.jspecify.annotations.Nullable;

/**
 * The squeeze-and-excitation gate inside an {@link MBConvBlock}: {@code x * sigmoid(W2 silu(W1
 * avgpool(x)))}, with W1 and W2 1x1 convolutions with bias ({@code conv_reduce}: C -&gt; r, {@code
 * conv_expand}: r -&gt; C), r a quarter of the block's input channels. Unlike {@link
 * SqueezeExcitation} (the paper's FCN-SE module) it has no residual term. Input and output (N, C,
 * H, W).
 */
public final class MBConvSqueeze extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final SafeConv2d reduce;
    private final SafeConv2d expand;

    /**
     * Creates the gate.
     *
     * @param channels C, the channels of the gated map
     * @param squeeze r, the bottleneck width
     */
    public MBConvSqueeze(int channels, int squeeze) {
        super(VERSION);
        this.channels = channels;
        this.reduce = addChildBlock("conv_reduce", SafeConv2d.of(squeeze, 1, 1, 1, 1, true));
        this.expand = addChildBlock("conv_expand", SafeConv2d.of(channels, 1, 1, 1, 1, true));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps,
            NDList inputs,
            boolean training,
            @Nullable PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        // DJL's global pooling flattens the 1x1 map; the convolutions want it back.
        NDArray s = Pool.globalAvgPool2d(x).reshape(x.getShape().get(0), channels, 1, 1);
        s = MBConvBlock.silu(Layers.run(reduce, ps, s, training, params));
        NDArray gate = Activation.sigmoid(Layers.run(expand, ps, s, training, params));
        return new NDList(x.mul(gate));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape pooled = new Shape(inputShapes[0].get(0), channels, 1, 1);
        reduce.initialize(manager, dataType, pooled);
        expand.initialize(manager, dataType, Layers.out(reduce, pooled));
    }
}
