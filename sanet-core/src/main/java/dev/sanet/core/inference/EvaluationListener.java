package dev.sanet.core.inference;

/**
 * Receives the progress of an {@link Evaluation}: one call after each image. The command line's
 * progress bar and the trainer's validation progress are listeners. Calls come on the evaluating
 * thread, so an implementation must be cheap.
 */
@FunctionalInterface
public interface EvaluationListener {

    /** A listener that ignores every call. */
    EvaluationListener NONE = (done, total) -> {};

    /**
     * Called after an image has been counted.
     *
     * @param done images evaluated so far, 1 to {@code total}
     * @param total images in the dataset
     */
    void onImage(long done, long total);
}
