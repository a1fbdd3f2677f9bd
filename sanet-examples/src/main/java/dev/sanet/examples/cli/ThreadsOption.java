package dev.sanet.examples.cli;

import picocli.CommandLine.Option;

/**
 * {@code --threads N}: the threads that read and decode the data (the engines' own threads are
 * {@code OMP_NUM_THREADS}'s). The upper bound is the command line's sanity bound (the library takes
 * any count of at least 1): a typo stops here before it starts a thousand threads.
 */
final class ThreadsOption {

    /** The largest number of threads accepted. */
    static final int MAX = 1024;

    @Option(names = "--threads", description = "Data loader threads (default: ${DEFAULT-VALUE}).")
    int threads;

    /** Threads flag defaulting to one per processor. */
    ThreadsOption() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Threads flag with a command's default.
     *
     * @param defaultThreads the count without {@code --threads}
     */
    ThreadsOption(int defaultThreads) {
        this.threads = defaultThreads;
    }

    /**
     * The thread count, checked.
     *
     * @return the {@code --threads} value or the default
     * @throws UserException naming the flag when outside 1..{@value #MAX}
     */
    int count() {
        return Ranges.check("--threads", threads, 1, MAX);
    }
}
