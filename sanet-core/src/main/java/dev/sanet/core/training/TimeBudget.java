package dev.sanet.core.training;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The time cap of a run: after each epoch it projects the epoch time and re-plans the number of
 * epochs to what fits the budget, in either direction, at most the configured epochs and at least
 * those done. The first epoch of a run carries the engine's warm-up, so the later ones set the pace
 * once there are any. The caller re-plans the poly schedule over the new length.
 */
final class TimeBudget {

    private final double maxSeconds;
    private final int epochs;
    private final List<Double> epochSeconds = new ArrayList<>();
    private int planned;
    private double epochStart;

    /**
     * Creates the budget.
     *
     * @param maxSeconds the run's budget in seconds, infinity for none
     * @param epochs the configured epochs, the most the run may plan
     * @param now seconds since the run started, when the first epoch starts
     */
    TimeBudget(double maxSeconds, int epochs, double now) {
        this.maxSeconds = maxSeconds;
        this.epochs = epochs;
        this.planned = epochs;
        this.epochStart = now;
    }

    /**
     * The epochs the run now plans to do in all.
     *
     * @return the planned epochs
     */
    int plannedEpochs() {
        return planned;
    }

    /**
     * Records a finished epoch and re-plans.
     *
     * @param epoch the 1-based epoch just finished
     * @param now seconds since the run started
     * @return the new planned epochs when they changed, else empty
     */
    OptionalInt afterEpoch(int epoch, double now) {
        epochSeconds.add(now - epochStart);
        epochStart = now;
        if (!Double.isFinite(maxSeconds) || epoch >= epochs) {
            return OptionalInt.empty();
        }
        List<Double> pace =
                epochSeconds.size() > 1
                        ? epochSeconds.subList(1, epochSeconds.size())
                        : epochSeconds;
        double perEpoch = pace.stream().mapToDouble(Double::doubleValue).average().orElse(1);
        int affordable = epoch + (int) Math.floor((maxSeconds - now) / perEpoch);
        int plan = Math.min(epochs, Math.max(epoch, affordable));
        if (plan == planned) {
            return OptionalInt.empty();
        }
        planned = plan;
        return OptionalInt.of(plan);
    }
}
