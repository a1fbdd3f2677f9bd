package dev.sanet.core.training;

import dev.sanet.core.progress.ConsoleProgressBar;
import java.util.Map;

/**
 * Receives progress from a {@link SANetTrainer}: one call per training step and one per finished
 * epoch. Implementations must be cheap; they run on the training thread.
 */
public interface TrainingProgress {

    /** A listener that ignores everything. */
    TrainingProgress NONE = new TrainingProgress() {};

    /**
     * A listener drawing on a console progress bar: each step, validation and epoch.
     *
     * @param bar the bar
     * @return the listener
     */
    static TrainingProgress console(ConsoleProgressBar bar) {
        return new TrainingProgress() {
            @Override
            public void onStep(
                    int epoch,
                    int epochs,
                    long step,
                    long steps,
                    Map<String, Double> terms,
                    double learningRate) {
                bar.onStep(epoch, epochs, step, steps, terms, learningRate);
            }

            @Override
            public void onValidation(int epoch, long done, long total) {
                bar.onValidation(epoch, done, total);
            }

            @Override
            public void onEpoch(EpochRecord r) {
                bar.onEpoch(r.epoch(), r.loss(), r.pixAcc(), r.mIoU(), r.seconds());
            }
        };
    }

    /**
     * A listener drawing on a progress bar on standard error ({@link TrainingProgress#stderr()}).
     *
     * @return the listener
     */
    static TrainingProgress stderr() {
        return console(ConsoleProgressBar.stderr());
    }

    /**
     * Called after each optimizer step.
     *
     * @param epoch the 1-based epoch
     * @param epochs the total epochs of the run
     * @param step the 1-based step within the epoch
     * @param steps the steps of the epoch
     * @param terms the step's unweighted loss terms and {@code loss} (the weighted total)
     * @param learningRate the backbone's learning rate of the step
     */
    default void onStep(
            int epoch,
            int epochs,
            long step,
            long steps,
            Map<String, Double> terms,
            double learningRate) {}

    /**
     * Called while validating.
     *
     * @param epoch the 1-based epoch
     * @param done images validated so far
     * @param total images to validate
     */
    default void onValidation(int epoch, long done, long total) {}

    /**
     * Called when an epoch ends (after validation).
     *
     * @param record what the epoch did
     */
    default void onEpoch(EpochRecord record) {}
}
