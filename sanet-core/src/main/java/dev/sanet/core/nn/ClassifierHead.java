package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The ImageNet classifier head of a backbone family: the layers from the backbone's last stage (N,
 * C, h, w) to the class scores (N, K), as the family's reference networks end. {@link
 * BackboneClassifier} registers {@link #layers()} as its own children, beside {@code backbone}, so
 * that the stable names of a classifier are those of the family's ImageNet files ({@code fc.weight}
 * for a ResNet; {@code conv_head.weight}, {@code bn2.*}, {@code classifier.weight} for an
 * EfficientNet, timm's names).
 *
 * <p>One implementation per family: {@link ResNetClassifierHead} and {@link
 * EfficientNetClassifierHead}.
 */
public sealed interface ClassifierHead permits ResNetClassifierHead, EfficientNetClassifierHead {

    /**
     * The head's layers with parameters, in forward order, under the child names the classifier
     * gives them.
     *
     * @return an unmodifiable, insertion-ordered map from child name to block
     */
    Map<String, Block> layers();

    /**
     * The dense layer to the class scores.
     *
     * @return a {@link ai.djl.nn.core.Linear} with bias: weight (K, C'), bias (K)
     */
    Block fc();

    /**
     * The number of classes.
     *
     * @return K
     */
    int numClasses();

    /**
     * Initialises the layers for the backbone's last stage.
     *
     * @param manager the manager of the parameters
     * @param dataType the parameters' type
     * @param lastStage the shape (N, C, h, w) of the backbone's last stage
     */
    void initialize(NDManager manager, DataType dataType, Shape lastStage);

    /**
     * The class scores of a batch.
     *
     * @param ps the parameter store
     * @param lastStage the backbone's last stage, (N, C, h, w)
     * @param training whether this is a training pass
     * @param params the forward parameters, passed on
     * @return the unnormalised scores (N, K)
     */
    NDArray forward(
            ParameterStore ps,
            NDArray lastStage,
            boolean training,
            @Nullable PairList<String, Object> params);

    /**
     * Global average pooling over H and W: (N, C, h, w) to (N, C). One axis at a time, since DJL's
     * PyTorch engine reduces a mean over one axis only.
     *
     * @param x the feature map
     * @return the per-channel means
     */
    static NDArray globalAveragePool(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), -1).mean(new int[] {2});
    }

    /**
     * The end every family's head shares: global average pooling of the features, dropout in
     * training when the rate is above 0, and the dense layer to the class scores.
     *
     * @param features the head's last feature map, (N, C, h, w)
     * @param fc the dense layer, as {@link #fc()}
     * @param dropoutRate the dropout rate before the dense layer; 0 for none
     * @param ps the parameter store
     * @param training whether this is a training pass
     * @param params the forward parameters, passed on
     * @return the unnormalised scores (N, K)
     */
    static NDArray poolAndClassify(
            NDArray features,
            Block fc,
            float dropoutRate,
            ParameterStore ps,
            boolean training,
            @Nullable PairList<String, Object> params) {
        NDArray y = globalAveragePool(features);
        if (training && dropoutRate > 0) {
            y = Dropout.dropout(y, dropoutRate, true).singletonOrThrow();
        }
        return fc.forward(ps, new NDList(y), training, params).singletonOrThrow();
    }
}
