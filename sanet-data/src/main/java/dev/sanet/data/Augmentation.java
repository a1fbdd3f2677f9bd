package dev.sanet.data;

import dev.sanet.core.data.EpochSeeded;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The random training augmentation of a dataset's items and how it is seeded: item {@code i}'s k-th
 * read draws from a seed mixed of the dataset's seed (re-mixed with the run's seed and the epoch by
 * {@link #seedEpoch}), {@code i} and k, so the crops, scales and flips do not depend on thread
 * scheduling nor on the epochs this process read before, and a resumed run draws what an
 * uninterrupted one did.
 */
final class Augmentation implements EpochSeeded {

    private final JointTransform joint;
    private final long seed;

    /** The seed of the items' random sources: {@code seed}, or the epoch's once it is set. */
    private volatile long augmentationSeed;

    /** How many times each item was read since the last {@link #seedEpoch}. */
    private final AtomicIntegerArray draws;

    /**
     * Creates the augmentation of a dataset's items.
     *
     * @param joint the joint transform
     * @param seed the dataset's seed
     * @param items the number of items
     */
    Augmentation(JointTransform joint, long seed, int items) {
        this.joint = joint;
        this.seed = seed;
        this.augmentationSeed = seed;
        this.draws = new AtomicIntegerArray(items);
    }

    /** The joint transform applied. */
    JointTransform joint() {
        return joint;
    }

    /**
     * Seeds the training augmentation of an epoch (the trainer calls it before each epoch).
     *
     * @param runSeed the run's seed
     * @param epoch the 1-based epoch
     */
    @Override
    public void seedEpoch(long runSeed, int epoch) {
        augmentationSeed = mix(seed, runSeed, epoch);
        for (int i = 0; i < draws.length(); i++) {
            draws.set(i, 0);
        }
    }

    /** Applies the random crop to an item's next read. */
    LabeledImage apply(LabeledImage li, long index) {
        return joint.apply(li, nextRandom(index));
    }

    /**
     * Applies the random crop to an item's next read and writes the normalised image and the label
     * straight into (direct) batch buffers.
     */
    void renderInto(
            LabeledImage li,
            long index,
            FloatBuffer images,
            int offset,
            IntBuffer labels,
            int labelOffset) {
        Random random = nextRandom(index);
        joint.renderNormalized(
                li,
                joint.sample(li.width(), li.height(), random),
                images,
                offset,
                labels,
                labelOffset);
    }

    private Random nextRandom(long index) {
        int draw = draws.getAndIncrement((int) index);
        return new Random(mix(augmentationSeed, index, draw));
    }

    /** A seed for item {@code index} at its {@code draw}-th use (SplitMix64 finaliser). */
    static long mix(long seed, long index, long draw) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1) + 0xD1B54A32D192ED03L * (draw + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
