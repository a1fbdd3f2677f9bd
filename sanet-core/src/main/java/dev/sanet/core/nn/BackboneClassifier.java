package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sanet.core.settings.SettingException;
import org.jspecify.annotations.Nullable;

/**
 * An ImageNet-style classifier on a {@link ResNetV1s}: the backbone's stage-4 output, global
 * average pooling and one dense layer to the class scores, as torchvision's {@code ResNet} ends
 * ({@code avgpool}, {@code fc}). Input (N, 3, H, W); output the unnormalised class scores (N, K).
 *
 * <p>Children: {@code backbone} and {@code fc} (a {@link Linear} with bias, weight of shape (K, C),
 * C the backbone's stage-4 channels: torchvision's {@code fc.weight} layout). {@code sanet
 * pretrain} trains it and keeps the backbone.
 */
public final class BackboneClassifier extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ResNetV1s backbone;
    private final Block fc;
    private final int numClasses;

    /**
     * Creates the classifier.
     *
     * @param backbone the backbone, uninitialised (output stride 32 for ImageNet-style training)
     * @param numClasses K, the number of classes, &gt;= 2
     * @throws SettingException naming {@code numClasses} when it is below 2
     */
    public BackboneClassifier(ResNetV1s backbone, int numClasses) {
        super(VERSION);
        if (numClasses < 2) {
            throw new SettingException("numClasses", numClasses, ">= 2");
        }
        this.numClasses = numClasses;
        this.backbone = addChildBlock("backbone", backbone);
        this.fc = addChildBlock("fc", Linear.builder().setUnits(numClasses).optBias(true).build());
    }

    /**
     * The backbone.
     *
     * @return the backbone this classifier trains
     */
    public ResNetV1s backbone() {
        return backbone;
    }

    /**
     * The dense layer to the class scores.
     *
     * @return the {@code fc} block (weight (K, C), bias (K))
     */
    public Block fc() {
        return fc;
    }

    /**
     * The number of classes.
     *
     * @return K
     */
    public int numClasses() {
        return numClasses;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps,
            NDList inputs,
            boolean training,
            @Nullable PairList<String, Object> params) {
        NDList stages = backbone.forward(ps, inputs, training, params);
        NDArray c4 = stages.get(3);
        // Global average pooling over H and W: (N, C, h, w) -> (N, C, h*w) -> (N, C); one axis at
        // a time, since DJL's PyTorch engine reduces a mean over one axis only.
        Shape s = c4.getShape();
        NDArray pooled = c4.reshape(s.get(0), s.get(1), -1).mean(new int[] {2});
        return fc.forward(ps, new NDList(pooled), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numClasses)};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes[0]);
        Shape c4 = backbone.getOutputShapes(new Shape[] {inputShapes[0]})[3];
        fc.initialize(manager, dataType, new Shape(c4.get(0), c4.get(1)));
    }
}
