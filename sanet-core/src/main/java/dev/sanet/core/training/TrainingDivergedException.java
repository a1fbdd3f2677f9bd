package dev.sanet.core.training;

import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a training loss becomes NaN or infinite. The run stops before the optimizer step, so
 * the diverged state is never written: the newest checkpoint on disk is the last good one, and the
 * message names it.
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the epoch, iteration and loss value, and suggests a fix
     */
    public TrainingDivergedException(String message) {
        super(message);
    }

    /**
     * Stops the run when a step's loss is not finite.
     *
     * @param loss the step's total loss
     * @param epoch the 1-based epoch
     * @param iteration the 0-based global iteration of the step
     * @param lastCheckpoint the newest checkpoint written or resumed from, or null
     * @param learningRate the run's base learning rate, to suggest lowering it
     * @throws TrainingDivergedException when the loss is NaN or infinite
     */
    static void check(
            double loss,
            int epoch,
            long iteration,
            @Nullable Path lastCheckpoint,
            double learningRate) {
        if (Double.isFinite(loss)) {
            return;
        }
        throw new TrainingDivergedException(
                String.format(
                        Locale.ROOT,
                        "the loss became %s at epoch %d, iteration %d; the last good checkpoint"
                                + " is %s. Lower the learning rate (now %.2e) and resume.",
                        loss,
                        epoch,
                        iteration,
                        lastCheckpoint == null ? "none" : lastCheckpoint,
                        learningRate));
    }
}
