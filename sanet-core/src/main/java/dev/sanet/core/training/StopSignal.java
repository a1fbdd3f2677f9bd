package dev.sanet.core.training;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interrupt handling of a run: a stop request (from {@link SANetTrainer#requestStop()} or from an
 * interrupt, Ctrl-C or SIGTERM, through a JVM shutdown hook) makes the loop finish its current step
 * and write a partial checkpoint. The hook waits up to two minutes for that checkpoint before it
 * lets the JVM exit.
 */
final class StopSignal {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);
    private static final long WAIT_SECONDS = 120;

    /** The installed hook; closing it removes it. */
    interface Hook extends AutoCloseable {
        @Override
        void close();
    }

    private volatile boolean requested;
    private final CountDownLatch finished = new CountDownLatch(1);

    /** Asks the run to stop after its current step. Safe from any thread. */
    void request() {
        requested = true;
    }

    /**
     * Whether a stop was asked for.
     *
     * @return true once requested
     */
    boolean requested() {
        return requested;
    }

    /**
     * Installs the shutdown hook for the duration of a run.
     *
     * @return closing it (after the run, checkpoint written) releases a waiting hook and removes it
     */
    Hook install() {
        Thread hook = new Thread(this::onShutdown, "sanet-checkpoint-on-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook is running and waited for us.
            }
        };
    }

    private void onShutdown() {
        if (finished.getCount() == 0) {
            return;
        }
        requested = true;
        try {
            // Give the training thread time to finish its step and write the checkpoint.
            if (!finished.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("No checkpoint was written within {} s of the interrupt", WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
