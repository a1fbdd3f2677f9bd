package dev.sanet.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The time cap re-plans the run's epochs from the pace of the epochs after the first. */
class TimeBudgetTest {

    @Test
    void shortensTheRunToWhatFitsIgnoringTheFirstEpochsWarmUp() {
        TimeBudget b = new TimeBudget(100, 50, 0);
        // After epoch 1 (30 s, warm-up included) its pace is all there is: 70 s left, 2 more.
        assertEquals(OptionalInt.of(3), b.afterEpoch(1, 30));
        // Epoch 2 takes 10 s and sets the pace alone: 60 s left at 10 s each is 6 more epochs.
        assertEquals(OptionalInt.of(2 + 6), b.afterEpoch(2, 40));
        assertEquals(8, b.plannedEpochs());
        assertEquals(OptionalInt.empty(), b.afterEpoch(3, 50), "still 8: 50 s left, 10 s each");
    }

    @Test
    void neverPlansFewerThanDoneNorMoreThanConfigured() {
        TimeBudget b = new TimeBudget(10, 5, 0);
        assertEquals(OptionalInt.of(1), b.afterEpoch(1, 20), "over budget: stop after this one");
        TimeBudget roomy = new TimeBudget(1e6, 5, 0);
        assertEquals(OptionalInt.empty(), roomy.afterEpoch(1, 1), "at most the configured 5");
        assertEquals(5, roomy.plannedEpochs());
    }

    @Test
    void withoutABudgetNothingChanges() {
        TimeBudget b = new TimeBudget(Double.POSITIVE_INFINITY, 3, 0);
        assertEquals(OptionalInt.empty(), b.afterEpoch(1, 1e9));
        assertEquals(3, b.plannedEpochs());
    }
}
