package dev.sanet.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.translate.TranslateException;
import dev.sanet.core.nn.BackboneClassifier;
import java.io.IOException;

/**
 * The top-1 accuracy of a classifier on a held-out image folder: the fraction of its images whose
 * highest score is their class, with the network in inference mode (batch norms use their running
 * statistics). Each batch is scored in its own sub-manager, closed before the next.
 */
final class Top1 {

    private Top1() {}

    /**
     * Scores every image of a dataset once.
     *
     * @param net the classifier
     * @param manager the model's manager (batches live in sub-managers of it)
     * @param data (N, 3, S, S) images and class indices
     * @return the fraction of images classified right, NaN when there are none
     * @throws IOException when an image cannot be read (an {@code ItemException} names it)
     */
    static double of(BackboneClassifier net, NDManager manager, RandomAccessDataset data)
            throws IOException {
        long right = 0;
        long total = 0;
        try (NDManager scope = manager.newSubManager()) {
            for (Batch b : data.getData(scope)) {
                try (b) {
                    NDArray logits =
                            net.forward(
                                            new ParameterStore(b.getManager(), false),
                                            b.getData(),
                                            false)
                                    .head();
                    NDArray predicted = logits.argMax(1).toType(DataType.INT64, false);
                    NDArray labels = b.getLabels().head().reshape(-1).toType(DataType.INT64, false);
                    right += predicted.eq(labels).sum().toType(DataType.INT64, false).getLong();
                    total += labels.size();
                }
            }
        } catch (TranslateException e) {
            throw new IOException("validation data: " + e.getMessage(), e);
        }
        return total == 0 ? Double.NaN : (double) right / total;
    }
}
