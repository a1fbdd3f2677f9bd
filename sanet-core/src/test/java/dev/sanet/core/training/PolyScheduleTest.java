package dev.sanet.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PolyScheduleTest {
    @Test
    void followsThePolyFormulaWithATenTimesHead() {
        PolySchedule s = new PolySchedule(0.05, 40, 0.9, 10, Set.of("head"));
        assertEquals(0.05, s.rate(0), 1e-12);
        assertEquals(0.05 * Math.pow(0.5, 0.9), s.rate(20), 1e-12);
        assertEquals(0.02679, s.rate(20), 1e-5); // DJL's PolynomialDecayTracker: 0.02679 too
        assertEquals(0.0, s.rate(40), 1e-12);
        assertEquals(0.0, s.rate(41), 1e-12);
        assertEquals(10 * s.rate(20), s.rate("head", 20), 1e-12);
        assertEquals(s.rate(20), s.rate("backbone", 20), 1e-12);
    }

    @Test
    void djlHookUsesTheScheduleIterationNotDjlsCounter() {
        PolySchedule s = new PolySchedule(0.01, 100, 0.9, 10, Set.of("h"));
        s.setIteration(30);
        assertEquals((float) s.rate(30), s.getNewValue("b", 0), 1e-9);
        assertEquals((float) (10 * s.rate(30)), s.getNewValue("h", 999), 1e-8);
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(
                IllegalArgumentException.class, () -> new PolySchedule(0, 1, 0.9, 10, Set.of()));
        assertThrows(
                IllegalArgumentException.class, () -> new PolySchedule(0.1, 0, 0.9, 10, Set.of()));
    }
}
