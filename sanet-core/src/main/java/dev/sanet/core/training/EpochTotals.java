package dev.sanet.core.training;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The running sums of one training epoch: the loss and each term over the steps it ran, the steps
 * it has passed (those a resumed epoch skips included, for progress and partial checkpoints) and
 * the learning rate of its last step.
 */
final class EpochTotals {

    private final Map<String, Double> sums = new LinkedHashMap<>();
    private long steps;
    private long stepsRun;
    private double learningRate;

    /**
     * Starts an epoch.
     *
     * @param learningRate the backbone's rate at the epoch's first iteration
     */
    EpochTotals(double learningRate) {
        this.learningRate = learningRate;
    }

    /** Counts a step a resumed run had already done before its interrupt. */
    void skipped() {
        steps++;
    }

    /**
     * Adds a step that ran.
     *
     * @param terms the step's {@code loss} and terms
     * @param lr the step's backbone learning rate
     */
    void add(Map<String, Double> terms, double lr) {
        steps++;
        stepsRun++;
        learningRate = lr;
        terms.forEach((k, v) -> sums.merge(k, v, Double::sum));
    }

    /** Steps passed in this epoch, skipped ones included (1-based index of the last). */
    long steps() {
        return steps;
    }

    /** The backbone's learning rate of the last step. */
    double learningRate() {
        return learningRate;
    }

    /** The mean total loss over the steps run, NaN when none ran. */
    double meanLoss() {
        @Nullable Double sum = sums.get("loss");
        return sum == null ? Double.NaN : sum / Math.max(1, stepsRun);
    }

    /** The mean of each unweighted term over the steps run, in the loss's order. */
    Map<String, Double> meanTerms() {
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach(
                (k, v) -> {
                    if (!"loss".equals(k)) {
                        means.put(k, v / Math.max(1, stepsRun));
                    }
                });
        return means;
    }
}
