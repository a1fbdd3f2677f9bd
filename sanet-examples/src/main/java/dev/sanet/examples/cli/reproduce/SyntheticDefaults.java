package dev.sanet.examples.cli.reproduce;

/**
 * The size of an experiment's synthetic run unless the flags say otherwise: the task's images and
 * their side, the batch, the learning rate (Adam), and the epochs and time cap per row. Each
 * experiment's is chosen so that it ends within 10 minutes on two CPU cores ({@link
 * Experiment#syntheticDefaults}).
 *
 * @param images images, train and val together (a fifth of them validate)
 * @param imageSize the images' side
 * @param batch the batch size
 * @param lr Adam's learning rate
 * @param epochs epochs per row (they bind, so that rows compare at equal training)
 * @param seconds the training time cap per row (a safety net)
 */
public record SyntheticDefaults(
        int images, int imageSize, int batch, double lr, int epochs, double seconds) {}
