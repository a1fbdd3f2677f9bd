package dev.sanet.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SettingExceptionTest {

    @Test
    void namesSettingValueAndRange() {
        SettingException e =
                assertThrows(
                        SettingException.class,
                        () -> SettingException.checkRange("heads", 5, 0, 4));
        assertEquals("heads", e.setting());
        assertEquals("5", e.value());
        assertEquals("in 0..4", e.allowed());
        assertEquals("heads must be in 0..4, got 5", e.getMessage());
    }

    @Test
    void rejectsNaNAndPassesValuesInRange() {
        assertThrows(
                SettingException.class, () -> SettingException.checkRange("lr", Double.NaN, 0, 10));
        assertEquals(3, SettingException.checkRange("heads", 3, 0, 4));
        assertEquals(0.5, SettingException.checkRange("lr", 0.5, 0, 10));
    }
}
