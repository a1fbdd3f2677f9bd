package dev.sanet.core.training;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The part of a run that belongs to its task, segmentation training or backbone pretraining; the
 * rest (epochs, seeds, schedule, checkpoints and resume, time budget, interrupts, progress) is
 * {@link TrainingLoop}'s, shared.
 */
interface LoopTask {

    /**
     * Refuses a checkpoint this run must not continue (another network or dataset).
     *
     * @param cp the newest checkpoint of the run folder
     * @throws IncompatibleCheckpointException naming what differs
     */
    default void checkResumable(Checkpoint cp) {}

    /**
     * Completes an epoch's record: segmentation validates when due; pretraining has nothing to add.
     *
     * @param trained the epoch's record from its training steps (no validation metrics)
     * @param validationDue whether this epoch validates
     * @return the epoch's record
     * @throws IOException when the validation data cannot be read
     */
    EpochRecord finishEpoch(EpochRecord trained, boolean validationDue) throws IOException;

    /**
     * What a checkpoint stores besides epoch and iteration.
     *
     * @param history every epoch so far
     * @return a new object with the task's settings and the history
     */
    JsonObject checkpointState(List<EpochRecord> history);

    /**
     * The history a checkpoint of this task stores.
     *
     * @param state the checkpoint's state
     * @return the epochs, in order
     */
    List<EpochRecord> readHistory(JsonObject state);

    /**
     * Writes the run folder's reports after an epoch.
     *
     * @param outputDir the run folder
     * @param history every epoch so far
     * @throws IOException when writing fails
     */
    void writeReports(Path outputDir, List<EpochRecord> history) throws IOException;
}
