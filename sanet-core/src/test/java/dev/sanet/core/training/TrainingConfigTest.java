package dev.sanet.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.settings.SettingException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The configuration: the paper's recipe by default, immutable, every bad value named. */
class TrainingConfigTest {

    private static final SANet DEF =
            SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(3).alpha(0.3).build();
    private static final TrainingNetwork NET =
            TrainingNetwork.builder(DEF).classes(List.of("bg", "a", "b")).build();

    private static TrainingConfig.Builder valid() {
        return TrainingConfig.builder(NET);
    }

    @Test
    void defaultsAreThePapersRecipe() {
        TrainingConfig c = valid().build();
        assertSame(NET, c.network());
        assertSame(Recipe.segmentation(), c.recipe());
        assertEquals(new Shape(3, 480, 480), c.sampleShape());
        assertEquals(List.of(Device.cpu()), c.devices());
        assertEquals(1, c.microBatches());
        assertEquals(1, c.validateEvery());
        assertEquals(Double.POSITIVE_INFINITY, c.maxSeconds());
        assertNull(c.outputDir());
        assertNull(c.modelDir());
        assertEquals(Path.of("run", "model"), valid().outputDir(Path.of("run")).build().modelDir());
    }

    @Test
    void everyBadValueIsNamed() {
        check(b -> b.maxSeconds(0), "maxSeconds", "maxSeconds must be > 0 (infinity for none)");
        check(b -> b.microBatches(0), "microBatches", "microBatches must be in 1..");
        check(b -> b.validateEvery(0), "validateEvery", "validateEvery must be in 1..");
        Recipe batch4 = Recipe.segmentation().toBuilder().batchSize(4).build();
        check(b -> b.recipe(batch4).microBatches(3), "microBatches", "batch size 4");
        check(
                b -> b.microBatches(2).devices(Device.cpu(), Device.cpu()),
                "microBatches",
                "single device");
        check(b -> b.devices(), "devices", "at least one device");
        check(b -> b.resume(true), "resume", "without an output folder");
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> valid().engine("tensorflow").build());
        assertTrue(e.getMessage().contains("'tensorflow'"), e.getMessage());
    }

    @Test
    void isImmutableAndCopiesThroughItsBuilder() {
        JsonObject meta = new JsonObject();
        meta.addProperty("dataset", "voc");
        Recipe r = Recipe.segmentation().toBuilder().epochs(7).seed(9).build();
        TrainingConfig c = valid().metadata(meta).recipe(r).build();
        meta.addProperty("dataset", "changed");
        c.metadata().addProperty("dataset", "changed too");
        assertEquals("voc", c.metadata().get("dataset").getAsString());
        TrainingConfig copy = c.toBuilder().validateEvery(3).build();
        assertSame(r, copy.recipe());
        assertEquals(3, copy.validateEvery());
        assertEquals(1, c.validateEvery(), "the original is unchanged");
        // The checkpoint's recipe object keeps the names checkpoints have always used.
        JsonObject json = RunState.recipeJson(copy);
        assertEquals(7, json.get("epochs").getAsInt());
        assertEquals("sgd", json.get("optimizer").getAsString());
        assertEquals(0.9, json.get("power").getAsDouble());
        assertEquals(3, json.get("validateEvery").getAsInt());
        assertEquals("MXNet", json.get("engine").getAsString());
    }

    private static void check(
            UnaryOperator<TrainingConfig.Builder> change, String setting, String message) {
        SettingException e =
                assertThrows(SettingException.class, () -> change.apply(valid()).build());
        assertEquals(setting, e.setting());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
