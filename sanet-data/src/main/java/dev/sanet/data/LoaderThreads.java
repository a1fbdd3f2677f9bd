package dev.sanet.data;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A dataset's own fixed-size pool of daemon loader threads ({@code sanet-loader-<pool>-<n>}),
 * started on the first {@code getData} that needs it and stopped by {@code close()}.
 */
final class LoaderThreads implements AutoCloseable {

    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final int count;
    private final Object lock = new Object();
    private @Nullable ExecutorService pool;

    /**
     * Creates the pool, started lazily.
     *
     * @param count the number of threads, at least 1
     */
    LoaderThreads(int count) {
        this.count = count;
    }

    /** The number of threads. */
    int count() {
        return count;
    }

    /** The pool, started on the first call. */
    ExecutorService pool() {
        synchronized (lock) {
            if (pool == null) {
                int id = POOL_IDS.incrementAndGet();
                AtomicInteger n = new AtomicInteger();
                ThreadFactory factory =
                        r -> {
                            Thread t =
                                    new Thread(r, "sanet-loader-" + id + "-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        };
                pool = Executors.newFixedThreadPool(count, factory);
            }
            return pool;
        }
    }

    /** Stops the threads, if any were started; a later {@link #pool()} starts new ones. */
    @Override
    public void close() {
        synchronized (lock) {
            if (pool != null) {
                pool.shutdownNow();
                pool = null;
            }
        }
    }
}
