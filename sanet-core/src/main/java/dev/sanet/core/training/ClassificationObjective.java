package dev.sanet.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import java.util.Map;

/**
 * Pretraining's objective: softmax cross-entropy of the classifier's scores against the class
 * index, reporting the share of images whose highest score is the right class as {@code top1}
 * (computed in double precision: the exact fraction right / n).
 */
final class ClassificationObjective implements Objective {

    private final Loss loss = Loss.softmaxCrossEntropyLoss();

    /**
     * The DJL loss the trainer is configured with.
     *
     * @return softmax cross-entropy
     */
    Loss loss() {
        return loss;
    }

    @Override
    public SANetLoss.Terms terms(NDList labels, NDList predictions) {
        NDArray value = loss.evaluate(labels, predictions);
        NDArray truth = labels.head().flatten().toType(DataType.INT64, false);
        long n = truth.getShape().get(0);
        NDArray right =
                predictions
                        .head()
                        .argMax(1)
                        .toType(DataType.INT64, false)
                        .eq(truth)
                        .sum()
                        .toType(DataType.FLOAT64, false);
        return new SANetLoss.Terms(Map.of("top1", right.div((double) n)), value);
    }
}
