package dev.sanet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeInfoTest {
    @Test
    void defaultEngineIsMxnetOnCpuWithPinnedThreads() {
        RuntimeInfo info = RuntimeInfo.current();
        assertEquals("MXNet", info.engine());
        assertEquals("0.36.0", info.djl());
        assertFalse(info.devices().isEmpty());
        assertTrue(info.devices().get(0).startsWith("cpu"), info.devices().toString());
        // Surefire pins OMP_NUM_THREADS so that the engines run repeatably.
        assertTrue(info.ompThreadsSet());
        assertTrue(info.threads() >= 1);
    }

    @Test
    void bothEnginesStartOfflineFromMavenArtifacts() {
        RuntimeInfo info = RuntimeInfo.current("pytorch");
        assertEquals("PyTorch", info.engine());
        assertEquals("2.7.1", info.engineVersion());
        assertEquals(
                List.of("MXNet", "PyTorch"),
                info.engines().stream().map(RuntimeInfo.EngineInfo::name).toList());
        for (RuntimeInfo.EngineInfo e : info.engines()) {
            assertNull(e.error(), e.name());
            assertTrue(e.devices().get(0).startsWith("cpu"), e.toString());
        }
    }

    @Test
    void engineNamesAreCheckedAndCanonical() {
        assertEquals("PyTorch", Engines.canonical("PYTORCH"));
        assertEquals("MXNet", Engines.resolve(" mxnet "));
        assertEquals("MXNet", Engines.resolve(null));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Engines.canonical("tensorflow"));
        assertTrue(e.getMessage().contains("'tensorflow'"), e.getMessage());
    }
}
