package dev.sanet.core.training;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cosine learning-rate schedule {@code lr(t) = base * (1 + cos(pi * t / T)) / 2} over T total
 * iterations, one rate for every parameter: the usual ImageNet recipe (SGDR without restarts), used
 * by {@code sanet pretrain}. The iteration is the schedule's own counter, set by the trainer before
 * each step, as {@link PolySchedule}'s. Thread-safe.
 */
public final class CosineSchedule implements RateSchedule {

    private final double baseRate;
    private volatile long totalIterations;
    private final AtomicInteger iteration = new AtomicInteger();

    /**
     * Creates the schedule.
     *
     * @param baseRate the rate at iteration 0, &gt; 0 and finite
     * @param totalIterations T, the iterations of the whole run, &gt;= 1
     * @throws IllegalArgumentException naming the bad value
     */
    public CosineSchedule(double baseRate, long totalIterations) {
        if (!(baseRate > 0) || Double.isInfinite(baseRate)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + baseRate);
        }
        if (totalIterations < 1) {
            throw new IllegalArgumentException(
                    "total iterations must be >= 1, got " + totalIterations);
        }
        this.baseRate = baseRate;
        this.totalIterations = totalIterations;
    }

    @Override
    public double rate(long t) {
        double progress = Math.min(Math.max(t, 0), totalIterations) / (double) totalIterations;
        return baseRate * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    public double rate(String parameterId, long t) {
        return rate(t);
    }

    @Override
    public void setIteration(int t) {
        iteration.set(t);
    }

    @Override
    public int iteration() {
        return iteration.get();
    }

    @Override
    public void setTotalIterations(long total) {
        if (total < 1) {
            throw new IllegalArgumentException("total iterations must be >= 1, got " + total);
        }
        this.totalIterations = total;
    }

    /**
     * The total iterations T.
     *
     * @return T
     */
    public long totalIterations() {
        return totalIterations;
    }
}
