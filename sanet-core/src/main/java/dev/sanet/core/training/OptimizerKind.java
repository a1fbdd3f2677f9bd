package dev.sanet.core.training;

/** The optimizers {@link SANetTrainer} offers. */
public enum OptimizerKind {
    /** SGD with momentum: the paper's recipe (docs/paper-reading.md section 4), the default. */
    SGD,
    /**
     * Adam (L2 weight decay): converges much faster than SGD when training from scratch on small
     * data, which is what the CPU demo does; not the paper's recipe.
     */
    ADAM
}
