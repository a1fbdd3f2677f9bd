package dev.sanet.core.training;

import ai.djl.engine.Engine;
import ai.djl.training.dataset.Dataset;
import dev.sanet.core.data.EpochSeeded;

/**
 * Every random source of a run, derived from the run's seed: the parameter initialisation, the data
 * order and augmentation of each epoch, and the engine's generator (dropout masks) of each step.
 *
 * <p>The engine's {@code setRandomSeed} seeds both the engine's native generators and DJL's {@code
 * RandomUtils} (from which DJL's {@code RandomSampler} shuffles an epoch when its batches are
 * requested). Seeding the data order per epoch and the engine per step, from the seed and the epoch
 * or iteration alone, makes a resumed run draw exactly what the uninterrupted run drew, and two
 * runs with the same seed, data and thread count compute the same losses.
 */
final class RunSeeds {

    private RunSeeds() {}

    /**
     * Seeds the engine before the parameters are initialised. A seed that fits an int is used as
     * is, so that runs seeded before this class existed initialise as they did.
     *
     * @param engine the engine name
     * @param seed the run's seed
     */
    static void initialization(String engine, long seed) {
        Engine.getEngine(engine).setRandomSeed(Long.hashCode(seed));
    }

    /**
     * Seeds the data order and the split's augmentation of an epoch; call it just before the
     * epoch's batches are requested.
     *
     * @param engine the engine name
     * @param train the training split
     * @param seed the run's seed
     * @param epoch the 1-based epoch
     */
    static void epoch(String engine, Dataset train, long seed, int epoch) {
        Engine.getEngine(engine).setRandomSeed(mix(seed, 1, epoch));
        if (train instanceof EpochSeeded s) {
            s.seedEpoch(seed, epoch);
        }
    }

    /**
     * Seeds the engine's generators (dropout) for one optimizer step.
     *
     * @param engine the engine name
     * @param seed the run's seed
     * @param iteration the 0-based global iteration
     */
    static void step(String engine, long seed, long iteration) {
        Engine.getEngine(engine).setRandomSeed(mix(seed, 2, iteration));
    }

    /** A well-mixed int from the seed, a stream id and a counter (SplitMix64's finaliser). */
    static int mix(long seed, long stream, long counter) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1) + 0xD1B54A32D192ED03L * (counter + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        // Non-negative, so that the same seed reads the same wherever an engine logs or widens it.
        return (int) (z & 0x7FFFFFFF);
    }
}
