package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A residual block of a ResNet-v1b/v1s stage: {@code relu(F(x) + shortcut(x))}, where F is a chain
 * of convolution + batch norm pairs with ReLU between them and the shortcut is the identity or a
 * 1x1 convolution + batch norm when the shape changes. {@link BasicBlock} and {@link
 * BottleneckBlock} fix the chain.
 */
public abstract class ResidualBlock extends AbstractBlock implements BatchNormFolding.Foldable {

    private final Block[] convs;
    private final Block[] bns;
    private final @Nullable SequentialBlock downsample;

    /**
     * Registers the children: {@code conv1, bn1, conv2, bn2, ...} then {@code downsample} (so the
     * DJL parameter names read {@code 01conv1_weight}, {@code 02bn1_gamma}, ...).
     *
     * @param convs the convolutions of F, in order
     * @param downsample the projection shortcut, or null for the identity
     */
    ResidualBlock(List<Block> convs, @Nullable SequentialBlock downsample) {
        this.convs = new Block[convs.size()];
        this.bns = new Block[convs.size()];
        for (int i = 0; i < convs.size(); i++) {
            this.convs[i] = addChildBlock("conv" + (i + 1), convs.get(i));
            this.bns[i] = addChildBlock("bn" + (i + 1), Layers.bn());
        }
        this.downsample = downsample == null ? null : addChildBlock("downsample", downsample);
    }

    /**
     * Builds the projection shortcut used when the stride or the channel count changes.
     *
     * @param filters output channels
     * @param stride the block's stride
     * @param avgDown false for a 1x1 convolution with the block's stride and a batch norm ({@code
     *     downsample.0}, {@code downsample.1}); true for an average pool with the block's stride, a
     *     1x1 convolution with stride 1 and a batch norm ({@code downsample.1}, {@code
     *     downsample.2}; ResNet-D's {@code avg_down})
     * @return the shortcut
     */
    static SequentialBlock projection(int filters, int stride, boolean avgDown) {
        SequentialBlock s = new SequentialBlock();
        if (avgDown) {
            s.add(new ShortcutPool(stride));
        }
        return s.add(SafeConv2d.of(filters, 1, avgDown ? 1 : stride, 1, 1, false)).add(Layers.bn());
    }

    /**
     * Whether the block has a projection shortcut.
     *
     * @return true when the shortcut is a 1x1 convolution + batch norm
     */
    public boolean hasDownsample() {
        return downsample != null;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps,
            NDList inputs,
            boolean training,
            @Nullable PairList<String, Object> params) {
        return new NDList(
                Layers.scoped(
                        inputs.singletonOrThrow(),
                        training,
                        x -> {
                            NDArray y = x;
                            for (int i = 0; i < convs.length; i++) {
                                y = Layers.run(convs[i], ps, y, training, params);
                                y = Layers.run(bns[i], ps, y, training, params);
                                if (i < convs.length - 1) {
                                    y = Activation.relu(y);
                                }
                            }
                            NDArray shortcut =
                                    downsample == null
                                            ? x
                                            : Layers.run(downsample, ps, x, training, params);
                            return Activation.relu(Layers.add(y, shortcut, training));
                        }));
    }

    @Override
    public int foldBatchNorms() {
        int n = 0;
        for (int i = 0; i < convs.length; i++) {
            n += BatchNormFolding.pair(convs[i], bns[i]);
        }
        if (downsample != null) {
            // The convolution and batch norm are the last two entries (an avg_down shortcut
            // starts with its pool).
            var d = downsample.getChildren();
            n +=
                    BatchNormFolding.pair(
                            d.get(d.size() - 2).getValue(), d.get(d.size() - 1).getValue());
        }
        return n;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        for (Block c : convs) {
            s = Layers.out(c, s);
        }
        return new Shape[] {s};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        for (int i = 0; i < convs.length; i++) {
            convs[i].initialize(manager, dataType, s);
            s = Layers.out(convs[i], s);
            bns[i].initialize(manager, dataType, s);
        }
        if (downsample != null) {
            downsample.initialize(manager, dataType, inputShapes[0]);
        }
    }
}
