package dev.sanet.examples.cli.reproduce;

import com.google.gson.JsonObject;
import dev.sanet.data.SegmentationDataset;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The one way the reproductions train: a row's network on the setup's training split, validated
 * every epoch, checkpointed in the row's folder, the model saved in {@code runDir/model}. The
 * command line supplies the implementation.
 */
@FunctionalInterface
public interface RowTrainer {

    /**
     * Trains one row.
     *
     * @param row the network and its loss
     * @param setup the recipe: batch, epochs, learning rate, optimizer, head factor, time cap,
     *     devices, engine, pretrained weights
     * @param train the training split (TRAIN transform, shuffled batches)
     * @param val the validation split (EVAL transform, batch 1)
     * @param runDir the row's folder: checkpoints, metrics, curve; the model in {@code
     *     runDir/model}
     * @param config what goes into the checkpoints and the model's summary, compared on resume
     * @param resume whether to continue from the newest checkpoint in {@code runDir}
     * @return the scores of the last validation, the epochs, the time and the model folder
     * @throws IOException when data or outputs fail
     */
    TrainedRow train(
            Row row,
            Setup setup,
            SegmentationDataset train,
            SegmentationDataset val,
            Path runDir,
            JsonObject config,
            boolean resume)
            throws IOException;
}
