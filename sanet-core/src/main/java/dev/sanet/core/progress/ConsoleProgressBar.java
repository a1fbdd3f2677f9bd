package dev.sanet.core.progress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * A text progress bar with ETA, written to a stream (standard error by convention): for training
 * runs ({@link #onStep}, {@link #onValidation}, {@link #onEpoch}; training's {@code
 * TrainingProgress.console} forwards to them) and for any counted job, such as reading, scoring or
 * evaluating a split ({@link #onItems}). On a terminal it redraws one line; otherwise (logs, CI) it
 * prints a line every few seconds so logs stay short.
 */
public final class ConsoleProgressBar {

    private static final int WIDTH = 24;

    /**
     * Steps timed before an ETA is shown: the first step (engine start, JIT, the loader filling) is
     * not counted, and the rate of two or three steps says little.
     */
    static final int ETA_STEPS = 3;

    /** Seconds of timed steps before an ETA is shown, for the same reason. */
    static final double ETA_SECONDS = 5;

    /** A counted job stays silent this long, so that short jobs (and tests) print nothing. */
    private static final long QUIET_NANOS = 1_000_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private long lastPrint;
    private long stepsDone;
    private long firstStepNanos;
    private boolean lineOpen;

    /**
     * Creates a bar.
     *
     * @param out where to draw, normally {@code System.err}
     * @param interactive true to redraw one line with carriage returns (a terminal)
     */
    public ConsoleProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /**
     * A bar on standard error, interactive when a console is attached.
     *
     * @return the bar
     */
    public static ConsoleProgressBar stderr() {
        return new ConsoleProgressBar(System.err, System.console() != null);
    }

    /**
     * Formats seconds as {@code m:ss} or {@code h:mm:ss}.
     *
     * @param seconds a duration
     * @return the text
     */
    public static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /**
     * Draws a bar of {@code done / total}.
     *
     * @param done units done
     * @param total units in all
     * @return the bar text, e.g. {@code [#####.....]}
     */
    public static String bar(long done, long total) {
        int filled = total <= 0 ? WIDTH : (int) Math.min(WIDTH, done * WIDTH / total);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
    }

    /**
     * Reports a training step.
     *
     * @param epoch the 1-based epoch
     * @param epochs the total epochs of the run
     * @param step the 1-based step within the epoch
     * @param steps the steps of the epoch
     * @param terms the step's loss terms by name, drawn in their order
     * @param learningRate the step's learning rate
     */
    public void onStep(
            int epoch,
            int epochs,
            long step,
            long steps,
            Map<String, Double> terms,
            double learningRate) {
        stepsDone++;
        long now = System.nanoTime();
        if (stepsDone == 1) {
            firstStepNanos = now;
        }
        boolean last = step == steps;
        if (!last && now - lastPrint < (interactive ? 200_000_000L : 10_000_000_000L)) {
            return;
        }
        lastPrint = now;
        double elapsed = (now - startNanos) / 1e9;
        long remainingSteps = (steps - step) + (long) (epochs - epoch) * steps;
        // The rate of the steps after the first: the time before the first step (data written,
        // engine loaded) and the first step itself made the first ETA read an hour for minutes.
        long timed = stepsDone - 1;
        double timedSeconds = (now - firstStepNanos) / 1e9;
        String eta =
                timed >= ETA_STEPS && timedSeconds >= ETA_SECONDS
                        ? clock(timedSeconds / timed * remainingSteps)
                        : "?";
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "epoch %d/%d %s %d/%d",
                        epoch,
                        epochs,
                        bar(step, steps),
                        step,
                        steps));
        for (Map.Entry<String, Double> e : terms.entrySet()) {
            sb.append(String.format(Locale.ROOT, " %s %.4f", e.getKey(), e.getValue()));
        }
        sb.append(
                String.format(
                        Locale.ROOT,
                        " lr %.2e elapsed %s ETA %s",
                        learningRate,
                        clock(elapsed),
                        eta));
        print(sb.toString(), last);
    }

    /**
     * Reports validation progress.
     *
     * @param epoch the 1-based epoch
     * @param done images validated so far
     * @param total images to validate
     */
    public void onValidation(int epoch, long done, long total) {
        long now = System.nanoTime();
        if (done != total && now - lastPrint < (interactive ? 200_000_000L : 10_000_000_000L)) {
            return;
        }
        lastPrint = now;
        print(
                String.format(
                        Locale.ROOT, "validate %d %s %d/%d", epoch, bar(done, total), done, total),
                done == total);
    }

    /**
     * Reports a finished epoch on its own line.
     *
     * @param epoch the 1-based epoch
     * @param loss its mean loss
     * @param pixAcc its validation pixel accuracy, NaN without validation
     * @param mIoU its validation mean IoU, NaN without validation (then neither is drawn)
     * @param seconds wall-clock seconds since the run started
     */
    public void onEpoch(int epoch, double loss, double pixAcc, double mIoU, double seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "epoch %d done: loss %.4f", epoch, loss));
        if (!Double.isNaN(mIoU)) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            ", val pixAcc %.2f%% mIoU %.2f%%",
                            100 * pixAcc,
                            100 * mIoU));
        }
        sb.append(String.format(Locale.ROOT, " (%s)", clock(seconds)));
        print(sb.toString(), true);
    }

    /**
     * Reports a counted job: {@code done} of {@code total} items. Nothing is drawn during the first
     * second after the bar was created, so short jobs leave no trace; then the bar redraws at most
     * five times a second on a terminal (every ten seconds in logs), and always for the last item.
     * Call {@link #finish()} when the job ends.
     *
     * @param label what is being done, e.g. {@code reading voc val}
     * @param done items done so far
     * @param total items in all
     */
    public void onItems(String label, long done, long total) {
        long now = System.nanoTime();
        double elapsed = (now - startNanos) / 1e9;
        boolean last = done >= total;
        if (now - startNanos < QUIET_NANOS
                || (!last && now - lastPrint < (interactive ? 200_000_000L : 10_000_000_000L))) {
            return;
        }
        lastPrint = now;
        String eta = done > 0 ? clock(elapsed * Math.max(0, total - done) / done) : "?";
        print(
                String.format(
                        Locale.ROOT,
                        "%s %s %d/%d %3.0f%% elapsed %s ETA %s",
                        label,
                        bar(done, total),
                        done,
                        total,
                        total <= 0 ? 100.0 : Math.min(100.0, 100.0 * done / total),
                        clock(elapsed),
                        eta),
                false);
    }

    /** Ends a line that {@link #onItems} left open on a terminal; otherwise does nothing. */
    public void finish() {
        if (lineOpen) {
            out.println();
            out.flush();
            lineOpen = false;
        }
    }

    private void print(String line, boolean end) {
        if (interactive) {
            out.print("\r\033[2K" + line + (end ? "\n" : ""));
            lineOpen = !end;
        } else {
            out.println(line);
        }
        out.flush();
    }
}
