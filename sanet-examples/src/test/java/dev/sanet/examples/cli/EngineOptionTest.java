package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chosen engine becomes DJL's default, so that the other engine's library never loads. */
class EngineOptionTest {

    private @Nullable String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(EngineOption.DJL_DEFAULT_ENGINE);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(EngineOption.DJL_DEFAULT_ENGINE);
        } else {
            System.setProperty(EngineOption.DJL_DEFAULT_ENGINE, saved);
        }
    }

    @Test
    void theChosenEngineBecomesDjlsDefault() {
        EngineOption option = new EngineOption();
        option.engine = "pytorch";
        assertEquals("PyTorch", option.name());
        assertEquals("PyTorch", System.getProperty(EngineOption.DJL_DEFAULT_ENGINE));
        option.engine = "MXNET";
        assertEquals("MXNet", option.name());
        assertEquals("MXNet", System.getProperty(EngineOption.DJL_DEFAULT_ENGINE));
    }

    @Test
    void aCommandsOwnFallbackBecomesDjlsDefaultToo() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                System.getenv(dev.sanet.core.Engines.ENV) == null
                        && System.getProperty(dev.sanet.core.Engines.PROPERTY) == null,
                "an engine is chosen in the environment of this test run");
        EngineOption option = new EngineOption();
        assertEquals("PyTorch", option.name("PyTorch"));
        assertEquals("PyTorch", System.getProperty(EngineOption.DJL_DEFAULT_ENGINE));
    }

    @Test
    void anUnknownEngineIsAUserErrorAndChangesNothing() {
        System.setProperty(EngineOption.DJL_DEFAULT_ENGINE, "MXNet");
        EngineOption option = new EngineOption();
        option.engine = "tensorflow";
        UserException e = assertThrows(UserException.class, option::name);
        assertEquals(true, e.getMessage().startsWith("--engine: "), e.getMessage());
        assertEquals("MXNet", System.getProperty(EngineOption.DJL_DEFAULT_ENGINE));
    }
}
