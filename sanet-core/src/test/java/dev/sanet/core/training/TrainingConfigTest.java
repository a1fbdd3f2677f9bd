package dev.sanet.core.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import com.google.gson.JsonObject;
import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.settings.SettingException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The configuration: the paper's defaults, one owner for alpha and beta, every bad value named. */
class TrainingConfigTest {

    private static final SANet DEF =
            SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(3).alpha(0.3).build();
    private static final List<String> NAMES = List.of("bg", "a", "b");

    private static TrainingConfig.Builder valid() {
        return TrainingConfig.builder(DEF).classes(NAMES);
    }

    @Test
    void defaultsAreThePapersRecipe() {
        TrainingConfig c = valid().build();
        assertSame(Recipe.segmentation(), c.recipe());
        assertEquals(new Shape(3, 480, 480), c.sampleShape());
        assertEquals(List.of(Device.cpu()), c.devices());
        assertEquals(1, c.microBatches());
        assertEquals(Double.POSITIVE_INFINITY, c.maxSeconds());
        assertNull(c.outputDir());
        assertNull(c.modelDir());
        assertEquals(Path.of("run", "model"), valid().outputDir(Path.of("run")).build().modelDir());
        // The loss is the definition's: its alpha, every term on.
        assertEquals(0.3, c.loss().alpha());
        assertEquals(DEF.beta(), c.loss().beta());
        assertTrue(c.loss().maskTerm() && c.loss().categoricalTerm() && c.loss().denseTerm());
        // The PASCAL VOC colour map: background black, aeroplane maroon, bicycle green.
        assertArrayEquals(new int[] {0x000000, 0x800000, 0x008000}, c.colors());
    }

    @Test
    void theClassNamesMustMatchTheNetwork() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TrainingConfig.builder(DEF).classes(List.of("x", "y")).build());
        assertTrue(e.getMessage().contains("2 class names") && e.getMessage().contains("3"));
        e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder(DEF).build());
        assertTrue(e.getMessage().contains("classes must be at least one name"), e.getMessage());
    }

    @Test
    void alphaAndBetaHaveOneOwnerTheDefinition() {
        // A loss of another network keeps its terms and takes this definition's weights.
        SANetLoss other = SANetLoss.builder().categorical(false).build();
        SANetLoss used = valid().loss(other).build().loss();
        assertSame(DEF, used.definition());
        assertEquals(0.3, used.alpha());
        assertTrue(used.maskTerm() && !used.categoricalTerm() && used.denseTerm());
        // A loss of this definition is used as it is (Table 1 rows switch terms off).
        SANetLoss noCat = SANetLoss.builder(DEF).categorical(false).build();
        assertSame(noCat, valid().loss(noCat).build().loss());
    }

    @Test
    void everyBadValueIsNamed() {
        check(b -> b.maxSeconds(0), "maxSeconds", "maxSeconds must be > 0 (infinity for none)");
        check(b -> b.microBatches(0), "microBatches", "microBatches must be in 1..");
        Recipe batch4 = Recipe.segmentation().toBuilder().batchSize(4).build();
        check(b -> b.recipe(batch4).microBatches(3), "microBatches", "batch size 4");
        check(
                b -> b.microBatches(2).devices(Device.cpu(), Device.cpu()),
                "microBatches",
                "single device");
        check(b -> b.devices(), "devices", "at least one device");
        check(b -> b.colors(1, 2), "colors", "3 colours, one per class, got 2 colours");
        check(b -> b.resume(true), "resume", "without an output folder");
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> valid().engine("tensorflow").build());
        assertTrue(e.getMessage().contains("'tensorflow'"), e.getMessage());
    }

    @Test
    void aBareBlockTrainsEverythingAtOneRateAndTakesNoPretrainedWeights() {
        SequentialBlock block = new SequentialBlock();
        TrainingConfig c = TrainingConfig.builder(block, null).classes(NAMES).build();
        assertSame(block, c.block());
        assertNull(c.definition());
        assertNull(c.backbone());
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                TrainingConfig.builder(block, null)
                                        .classes(NAMES)
                                        .pretrained(Path.of("resnet50_v1s.params"))
                                        .build());
        assertTrue(e.getMessage().contains("resnet50_v1s.params"), e.getMessage());
        assertTrue(e.getMessage().contains("SANet definition"), e.getMessage());
    }

    @Test
    void isImmutableAndCopiesThroughItsBuilder() {
        JsonObject meta = new JsonObject();
        meta.addProperty("dataset", "voc");
        Recipe r = Recipe.segmentation().toBuilder().epochs(7).seed(9).build();
        TrainingConfig c = valid().metadata(meta).recipe(r).colors(1, 2, 3).build();
        meta.addProperty("dataset", "changed");
        c.metadata().addProperty("dataset", "changed too");
        assertEquals("voc", c.metadata().get("dataset").getAsString());
        int[] colors = c.colors();
        colors[0] = 99;
        assertEquals(1, c.colors()[0]);
        TrainingConfig copy = c.toBuilder().validateEvery(3).build();
        assertSame(r, copy.recipe());
        assertEquals(3, copy.validateEvery());
        assertEquals(1, c.validateEvery(), "the original is unchanged");
        // The checkpoint's recipe object keeps the names checkpoints have always used.
        JsonObject json = copy.recipeJson();
        assertEquals(7, json.get("epochs").getAsInt());
        assertEquals("sgd", json.get("optimizer").getAsString());
        assertEquals(0.9, json.get("power").getAsDouble());
        assertEquals(3, json.get("validateEvery").getAsInt());
    }

    private static void check(
            UnaryOperator<TrainingConfig.Builder> change, String setting, String message) {
        SettingException e =
                assertThrows(SettingException.class, () -> change.apply(valid()).build());
        assertEquals(setting, e.setting());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
