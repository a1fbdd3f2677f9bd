package dev.sanet.core.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ProtocolTest {

    @Test
    void singleScaleIsTheDefaultPlainForwardPass() {
        Protocol p = Protocol.builder().build();
        assertEquals(Protocol.SINGLE_SCALE, p);
        assertEquals(List.of(1.0), p.scales());
        assertFalse(p.flip());
        assertEquals(0, p.baseSize());
        assertEquals(0, p.cropSize());
        assertEquals(0, p.windowStride());
    }

    @Test
    void thePaperProtocolIsSixScalesWithFlipOn520And480() {
        Protocol p = Protocol.PAPER_MULTI_SCALE;
        assertEquals(List.of(0.5, 0.75, 1.0, 1.25, 1.5, 1.75), p.scales());
        assertTrue(p.flip());
        assertEquals(520, p.baseSize());
        assertEquals(480, p.cropSize());
        assertEquals(320, p.windowStride());
    }

    @Test
    void withSizesAndToBuilderChangeOnlyWhatTheySay() {
        Protocol p = Protocol.PAPER_MULTI_SCALE.withSizes(64, 48);
        assertEquals(Protocol.PAPER_SCALES, p.scales());
        assertTrue(p.flip());
        assertEquals(64, p.baseSize());
        assertEquals(48, p.cropSize());
        assertEquals(32, p.windowStride());
        assertEquals(p, p.toBuilder().build());
        assertEquals(p.hashCode(), p.toBuilder().build().hashCode());
        assertNotEquals(p, p.toBuilder().flip(false).build());
        assertEquals(List.of(0.75, 1.25), Protocol.builder().scales(0.75, 1.25).build().scales());
        assertEquals(1, Protocol.builder().cropSize(1).build().windowStride());
    }

    @Test
    void theScalesAreCopied() {
        List<Double> scales = new ArrayList<>(List.of(1.0, 2.0));
        Protocol p = Protocol.builder().scales(scales).build();
        scales.set(0, 3.0);
        assertEquals(List.of(1.0, 2.0), p.scales());
        assertThrows(UnsupportedOperationException.class, () -> p.scales().add(4.0));
    }

    private static void assertRefused(String value, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(value), e.getMessage());
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        assertRefused("[]", () -> Protocol.builder().scales(List.of()).build());
        assertRefused("-0.5", () -> Protocol.builder().scales(1.0, -0.5).build());
        assertRefused("0.0", () -> Protocol.builder().scales(0.0).build());
        assertRefused("NaN", () -> Protocol.builder().scales(Double.NaN).build());
        assertRefused(
                "Infinity", () -> Protocol.builder().scales(Double.POSITIVE_INFINITY).build());
        assertRefused("baseSize", () -> Protocol.builder().baseSize(-1).build());
        assertRefused("-1", () -> Protocol.builder().baseSize(-1).build());
        assertRefused("cropSize", () -> Protocol.builder().cropSize(-7).build());
        assertRefused("-7", () -> Protocol.SINGLE_SCALE.withSizes(0, -7));
    }
}
