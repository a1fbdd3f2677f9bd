package dev.sanet.core.training;

import ai.djl.training.tracker.ParameterTracker;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The poly learning-rate schedule {@code lr(t) = base * (1 - t / T)^power} over T total iterations,
 * with the head's parameters at {@code headMultiplier} times the backbone's rate
 * (docs/paper-reading.md section 4: power 0.9, head x10, as PyTorch-Encoding).
 *
 * <p>The iteration t is the schedule's own counter, set by the trainer before each optimizer step
 * ({@link #setIteration}), not DJL's per-parameter update count: a resumed run then continues at
 * exactly the rate an uninterrupted run would use. Thread-safe.
 */
public final class PolySchedule implements ParameterTracker, RateSchedule {

    private final double baseRate;
    private volatile long totalIterations;
    private final double power;
    private final double headMultiplier;
    private final Set<String> headParameterIds;
    private final AtomicInteger iteration = new AtomicInteger();

    /**
     * Creates the schedule.
     *
     * @param baseRate the backbone's rate at iteration 0, > 0
     * @param totalIterations T, the iterations of the whole run, >= 1
     * @param power the poly exponent, 0.9 in the paper
     * @param headMultiplier the head's rate relative to the backbone's, 10 in the paper
     * @param headParameterIds the DJL parameter ids ({@code Parameter.getId()}) of the head
     */
    public PolySchedule(
            double baseRate,
            long totalIterations,
            double power,
            double headMultiplier,
            Set<String> headParameterIds) {
        if (!(baseRate > 0) || Double.isInfinite(baseRate)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + baseRate);
        }
        if (totalIterations < 1) {
            throw new IllegalArgumentException(
                    "total iterations must be >= 1, got " + totalIterations);
        }
        if (!(power >= 0)) {
            throw new IllegalArgumentException("poly power must be >= 0, got " + power);
        }
        if (!(headMultiplier > 0)) {
            throw new IllegalArgumentException(
                    "head learning-rate multiplier must be > 0, got " + headMultiplier);
        }
        this.baseRate = baseRate;
        this.totalIterations = totalIterations;
        this.power = power;
        this.headMultiplier = headMultiplier;
        this.headParameterIds = Set.copyOf(headParameterIds);
    }

    /**
     * The backbone's rate at an iteration.
     *
     * @param t the iteration, 0-based; values past T give 0
     * @return the learning rate
     */
    @Override
    public double rate(long t) {
        double progress = Math.min(Math.max(t, 0), totalIterations) / (double) totalIterations;
        return baseRate * Math.pow(1 - progress, power);
    }

    /**
     * The rate of one parameter at an iteration.
     *
     * @param parameterId a DJL parameter id
     * @param t the iteration
     * @return the backbone rate, times the head multiplier for head parameters
     */
    @Override
    public double rate(String parameterId, long t) {
        double r = rate(t);
        return headParameterIds.contains(parameterId) ? r * headMultiplier : r;
    }

    /**
     * Sets the iteration the next optimizer step uses.
     *
     * @param t the 0-based iteration
     */
    @Override
    public void setIteration(int t) {
        iteration.set(t);
    }

    /**
     * The iteration the next optimizer step uses.
     *
     * @return the 0-based iteration
     */
    @Override
    public int iteration() {
        return iteration.get();
    }

    /**
     * Re-plans the run's length, e.g. when a time budget allows fewer epochs than planned. The rate
     * then follows the new T from the current iteration on.
     *
     * @param total the new T, >= 1
     */
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

    /**
     * DJL's hook: the rate for a parameter at the schedule's current iteration; DJL's own update
     * count is ignored (see the class comment).
     *
     * @param parameterId a DJL parameter id
     * @param numUpdate DJL's update count (unused)
     * @return the learning rate
     */
    @Override
    public float getNewValue(String parameterId, int numUpdate) {
        return (float) rate(parameterId, iteration.get());
    }
}
