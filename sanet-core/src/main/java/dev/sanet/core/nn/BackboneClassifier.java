package dev.sanet.core.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sanet.core.settings.SettingException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An ImageNet-style classifier on a backbone: the backbone's last stage and its family's {@link
 * ClassifierHead}. Input (N, 3, H, W); output the unnormalised class scores (N, K). {@code sanet
 * pretrain} trains it and keeps the backbone.
 *
 * <ul>
 *   <li>On a {@link ResNetV1s}: global average pooling of stage 4 and one dense layer, as
 *       torchvision's {@code ResNet} ends ({@code avgpool}, {@code fc}); children {@code backbone}
 *       and {@code fc} (weight (K, C), torchvision's {@code fc.weight} layout).
 *   <li>On an {@link EfficientNet}: the 1x1 head convolution, batch norm, SiLU, global average
 *       pooling, dropout and a dense layer ({@link EfficientNetClassifierHead}); children {@code
 *       backbone}, {@code conv_head}, {@code bn2} and {@code classifier}, timm's names.
 * </ul>
 */
public final class BackboneClassifier extends AbstractBlock {

    private static final byte VERSION = 1;

    private final SegmentationBackbone backbone;
    private final ClassifierHead head;

    /**
     * Creates the classifier of a ResNet.
     *
     * @param backbone the backbone, uninitialised (output stride 32 for ImageNet-style training)
     * @param numClasses K, the number of classes, &gt;= 2
     * @throws SettingException naming {@code numClasses} when it is below 2
     */
    public BackboneClassifier(ResNetV1s backbone, int numClasses) {
        this(backbone, new ResNetClassifierHead(checked(numClasses)));
    }

    /**
     * Creates the classifier of an EfficientNet, with the head of its scale and conventions.
     *
     * @param backbone the backbone, uninitialised (output stride 32 for ImageNet-style training)
     * @param numClasses K, the number of classes, &gt;= 2
     * @throws SettingException naming {@code numClasses} when it is below 2
     */
    public BackboneClassifier(EfficientNet backbone, int numClasses) {
        this(
                backbone,
                new EfficientNetClassifierHead(
                        backbone.scale(), backbone.convention(), checked(numClasses)));
    }

    private BackboneClassifier(SegmentationBackbone backbone, ClassifierHead head) {
        super(VERSION);
        this.backbone = addChildBlock("backbone", backbone);
        this.head = head;
        for (Map.Entry<String, Block> e : head.layers().entrySet()) {
            addChildBlock(e.getKey(), e.getValue());
        }
    }

    private static int checked(int numClasses) {
        if (numClasses < 2) {
            throw new SettingException("numClasses", numClasses, ">= 2");
        }
        return numClasses;
    }

    /**
     * The backbone.
     *
     * @return the backbone this classifier trains: a {@link ResNetV1s} or an {@link EfficientNet}
     */
    public SegmentationBackbone backbone() {
        return backbone;
    }

    /**
     * The family's head on the backbone.
     *
     * @return a {@link ResNetClassifierHead} or an {@link EfficientNetClassifierHead}
     */
    public ClassifierHead head() {
        return head;
    }

    /**
     * The dense layer to the class scores.
     *
     * @return the {@code fc} (ResNet) or {@code classifier} (EfficientNet) block: weight (K, C),
     *     bias (K)
     */
    public Block fc() {
        return head.fc();
    }

    /**
     * The number of classes.
     *
     * @return K
     */
    public int numClasses() {
        return head.numClasses();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps,
            NDList inputs,
            boolean training,
            @Nullable PairList<String, Object> params) {
        NDList stages = backbone.forward(ps, inputs, training, params);
        return new NDList(head.forward(ps, stages.get(3), training, params));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), head.numClasses())};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes[0]);
        Shape c4 = backbone.getOutputShapes(new Shape[] {inputShapes[0]})[3];
        head.initialize(manager, dataType, c4);
    }
}
