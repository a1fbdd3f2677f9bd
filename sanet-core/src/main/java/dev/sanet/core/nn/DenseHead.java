package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.jspecify.annotations.Nullable;

/**
 * The dense (FCN) head on stage 4 (paper section 3.3, docs/paper-reading.md section 2.3): 3x3
 * convolution C -&gt; C/4 (no bias), BN, ReLU, dropout, 1x1 convolution C/4 -&gt; K (with bias). It
 * gives Y_den at the stage-4 resolution: input (N, C, h, w), output (N, K, h, w).
 *
 * <p>Children: {@code conv}, {@code bn}, {@code dropout}, {@code classifier}.
 */
public final class DenseHead extends AbstractBlock implements BatchNormFolding.Foldable {

    private static final byte VERSION = 1;

    private final Block conv;
    private final Block bn;
    private final Block dropout;
    private final Block classifier;

    /**
     * Creates the head.
     *
     * @param inChannels C, the stage-4 channels (2048 for ResNet50/101), divisible by 4
     * @param numClasses K
     * @param dropoutRate the dropout rate before the classifier (0.1 in the paper's recipe)
     * @throws IllegalArgumentException if a size is out of range
     */
    public DenseHead(int inChannels, int numClasses, double dropoutRate) {
        super(VERSION);
        if (inChannels < 4 || inChannels % 4 != 0 || numClasses < 1) {
            throw new IllegalArgumentException(
                    "inChannels must be a multiple of 4 and numClasses >= 1, got "
                            + inChannels
                            + " and "
                            + numClasses);
        }
        this.conv = addChildBlock("conv", SafeConv2d.of(inChannels / 4, 3, 1, 1, 1, false));
        this.bn = addChildBlock("bn", Layers.bn());
        this.dropout =
                addChildBlock("dropout", Dropout.builder().optRate((float) dropoutRate).build());
        this.classifier = addChildBlock("classifier", SafeConv2d.of(numClasses, 1, 1, 1, 1, true));
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
                            NDArray y = Layers.run(conv, ps, x, training, params);
                            y = Activation.relu(Layers.run(bn, ps, y, training, params));
                            y = Layers.run(dropout, ps, y, training, params);
                            return Layers.run(classifier, ps, y, training, params);
                        }));
    }

    @Override
    public int foldBatchNorms() {
        return BatchNormFolding.pair(conv, bn);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {Layers.out(classifier, Layers.out(conv, inputShapes[0]))};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes[0]);
        Shape mid = Layers.out(conv, inputShapes[0]);
        bn.initialize(manager, dataType, mid);
        dropout.initialize(manager, dataType, mid);
        classifier.initialize(manager, dataType, mid);
    }
}
