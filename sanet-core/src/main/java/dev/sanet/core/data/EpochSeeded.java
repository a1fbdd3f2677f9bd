package dev.sanet.core.data;

/**
 * A training split whose random augmentation the trainer seeds once per epoch, so that the samples
 * of an epoch depend on the seed, the epoch and the item alone, not on how many epochs this process
 * has run before. That is what makes a resumed run draw the same crops, scales and flips as an
 * uninterrupted one, and two runs with the same seed the same samples.
 *
 * <p>The trainer ({@code dev.sanet.core.training.SANetTrainer}) calls {@link #seedEpoch} on its
 * training split before each epoch, on the training thread, before it asks the split for the
 * epoch's batches. sanet-data's segmentation datasets implement it; a dataset without random
 * augmentation does not need to.
 */
public interface EpochSeeded {

    /**
     * Seeds the augmentation of the epoch about to start.
     *
     * @param seed the run's seed (the training configuration's seed)
     * @param epoch the 1-based epoch
     */
    void seedEpoch(long seed, int epoch);
}
