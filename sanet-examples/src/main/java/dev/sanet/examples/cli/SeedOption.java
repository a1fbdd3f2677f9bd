package dev.sanet.examples.cli;

import picocli.CommandLine.Option;

/**
 * {@code --seed S}, the one seed of a run: every random source of the command derives from it, so
 * the same seed, data and thread count repeat a run. Default {@value #DEFAULT}.
 */
final class SeedOption {

    /** The seed without {@code --seed}. */
    static final long DEFAULT = 42;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = DEFAULT;

    /**
     * The seed.
     *
     * @return the {@code --seed} value or {@value #DEFAULT}
     */
    long value() {
        return seed;
    }
}
