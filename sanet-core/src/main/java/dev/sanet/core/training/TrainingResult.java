package dev.sanet.core.training;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Training#run} produced: the run's summary and the model directory it wrote.
 *
 * @param summary what the training run did (epochs, iterations, seconds, history, interruption)
 * @param modelDir the model directory, loadable with {@code SANetModel.load}
 * @param engine the engine the model was trained on, DJL's name ({@code MXNet}, {@code PyTorch})
 */
public record TrainingResult(TrainingSummary summary, Path modelDir, String engine) {

    /**
     * The last epoch's record, with its validation metrics.
     *
     * @return the record, or null when no epoch has completed
     */
    public @Nullable EpochRecord last() {
        return summary.last();
    }
}
