package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The classifier head of torchvision's {@code ResNet}: global average pooling of stage 4 ({@code
 * avgpool}) and one dense layer to the class scores, {@code fc} (weight (K, C), bias (K)).
 */
public final class ResNetClassifierHead implements ClassifierHead {

    private final Linear fc;
    private final int numClasses;

    /**
     * Creates the head.
     *
     * @param numClasses K, already checked by the classifier
     */
    ResNetClassifierHead(int numClasses) {
        this.numClasses = numClasses;
        this.fc = Linear.builder().setUnits(numClasses).optBias(true).build();
    }

    @Override
    public Map<String, Block> layers() {
        return Map.of("fc", fc);
    }

    @Override
    public Block fc() {
        return fc;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape lastStage) {
        fc.initialize(manager, dataType, new Shape(lastStage.get(0), lastStage.get(1)));
    }

    @Override
    public NDArray forward(
            ParameterStore ps,
            NDArray lastStage,
            boolean training,
            @Nullable PairList<String, Object> params) {
        return ClassifierHead.poolAndClassify(lastStage, fc, 0, ps, training, params);
    }
}
