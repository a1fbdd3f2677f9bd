package dev.sanet.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The cosine schedule: its values at the start, middle and end, and its validation. */
class CosineScheduleTest {

    @Test
    void followsHalfACosineFromTheBaseRateToZero() {
        CosineSchedule s = new CosineSchedule(0.1, 100);
        assertEquals(0.1, s.rate(0), 1e-12);
        assertEquals(0.05, s.rate(50), 1e-12);
        assertEquals(0.1 * (1 + Math.cos(Math.PI / 4)) / 2, s.rate(25), 1e-12);
        assertEquals(0.0, s.rate(100), 1e-12);
        assertEquals(0.0, s.rate(150), 1e-12);
        assertEquals(s.rate(25), s.rate("any-parameter", 25), 0);
        s.setIteration(7);
        assertEquals(7, s.iteration());
    }

    @Test
    void namesBadValues() {
        assertEquals(
                "learning rate must be > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(0, 10))
                        .getMessage());
        assertEquals(
                "total iterations must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(0.1, 0))
                        .getMessage());
    }
}
