package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The classifier head of EfficientNet (torchvision's {@code features.8} and {@code classifier},
 * timm's {@code conv_head}, {@code bn2} and {@code classifier}): a 1x1 convolution without bias to
 * {@link EfficientNetScale#headChannels()} (1280 for B0, 2560 for B7), batch norm with the family's
 * epsilon, SiLU, global average pooling, dropout at {@link EfficientNetScale#dropoutRate()} in
 * training, and a dense layer with bias to the class scores.
 *
 * <p>Layers, under timm's names: {@code conv_head} (weight (H, C, 1, 1)), {@code bn2} and {@code
 * classifier} (weight (K, H), bias (K)).
 */
public final class EfficientNetClassifierHead implements ClassifierHead {

    private final SafeConv2d conv;
    private final BatchNorm2d bn;
    private final Linear classifier;
    private final float dropoutRate;
    private final int numClasses;

    /**
     * Creates the head.
     *
     * @param scale the backbone's scale (head width and dropout rate)
     * @param convention the backbone's conventions (batch-norm epsilon)
     * @param numClasses K, already checked by the classifier
     */
    EfficientNetClassifierHead(
            EfficientNetScale scale, EfficientNetConvention convention, int numClasses) {
        this.numClasses = numClasses;
        this.dropoutRate = (float) scale.dropoutRate();
        this.conv = SafeConv2d.of(scale.headChannels(), 1, 1, 1, 1, false);
        this.bn = MBConvBlock.bn(convention.epsilon(scale));
        this.classifier = Linear.builder().setUnits(numClasses).optBias(true).build();
    }

    @Override
    public Map<String, Block> layers() {
        Map<String, Block> m = new LinkedHashMap<>();
        m.put("conv_head", conv);
        m.put("bn2", bn);
        m.put("classifier", classifier);
        return Collections.unmodifiableMap(m);
    }

    @Override
    public Block fc() {
        return classifier;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    /**
     * The dropout rate before the dense layer.
     *
     * @return e.g. 0.2 for B0
     */
    public double dropoutRate() {
        return dropoutRate;
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape lastStage) {
        conv.initialize(manager, dataType, lastStage);
        Shape head = Layers.out(conv, lastStage);
        bn.initialize(manager, dataType, head);
        classifier.initialize(manager, dataType, new Shape(head.get(0), head.get(1)));
    }

    @Override
    public NDArray forward(
            ParameterStore ps,
            NDArray lastStage,
            boolean training,
            @Nullable PairList<String, Object> params) {
        NDArray y = Layers.run(conv, ps, lastStage, training, params);
        y = MBConvBlock.silu(Layers.run(bn, ps, y, training, params));
        return ClassifierHead.poolAndClassify(y, classifier, dropoutRate, ps, training, params);
    }
}
