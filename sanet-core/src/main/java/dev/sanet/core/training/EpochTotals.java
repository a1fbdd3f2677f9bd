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
    private double weights;
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
        add(terms, lr, 1);
    }

    /**
     * Adds a step that ran, weighted: the means are then over what the weights count (a
     * classifier's epoch loss and accuracy are means over images, a batch weighing its size).
     *
     * @param terms the step's {@code loss} and terms
     * @param lr the step's backbone learning rate
     * @param weight the step's weight, 1 for a mean over steps
     */
    void add(Map<String, Double> terms, double lr, double weight) {
        steps++;
        weights += weight;
        learningRate = lr;
        terms.forEach((k, v) -> sums.merge(k, weight == 1 ? v : v * weight, Double::sum));
    }

    /** Steps passed in this epoch, skipped ones included (1-based index of the last). */
    long steps() {
        return steps;
    }

    /** The backbone's learning rate of the last step. */
    double learningRate() {
        return learningRate;
    }

    /** The (weighted) mean total loss over the steps run, NaN when none ran. */
    double meanLoss() {
        @Nullable Double sum = sums.get("loss");
        return sum == null ? Double.NaN : sum / Math.max(1, weights);
    }

    /** The mean of each unweighted term over the steps run, in the loss's order. */
    Map<String, Double> meanTerms() {
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach(
                (k, v) -> {
                    if (!"loss".equals(k)) {
                        means.put(k, v / Math.max(1, weights));
                    }
                });
        return means;
    }
}
