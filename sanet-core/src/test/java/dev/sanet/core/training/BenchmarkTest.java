package dev.sanet.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.settings.SettingException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark runs the library's training step, phase by phase, in bounded memory. */
class BenchmarkTest {

    @Test
    void timesTheTrainingStepThroughItsPhases() {
        SANet def = SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(3).build();
        List<String> phases = new ArrayList<>();
        try (Benchmark b = Benchmark.training(def, 2, 32, "MXNet", phases::add)) {
            double first = b.step();
            double second = b.step();
            assertTrue(first > 0 && second > 0, first + " " + second);
        }
        assertEquals(
                List.of(
                        "start",
                        "forward+loss",
                        "backward",
                        "update",
                        "start",
                        "forward+loss",
                        "backward",
                        "update"),
                phases);
    }

    @Test
    void aBadSizeNamesItsSetting() {
        SANet def = SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(3).build();
        SettingException e =
                assertThrows(
                        SettingException.class,
                        () -> Benchmark.training(def, 0, 32, "MXNet", Benchmark.Phases.NONE));
        assertEquals("batch", e.setting());
    }
}
