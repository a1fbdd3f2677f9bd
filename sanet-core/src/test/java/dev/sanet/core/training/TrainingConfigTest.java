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
        assertEquals(OptimizerKind.SGD, c.optimizer());
        assertEquals(0.001, c.learningRate());
        assertEquals(0.9, c.momentum());
        assertEquals(1e-4, c.weightDecay());
        assertEquals(0.9, c.power());
        assertEquals(10, c.headMultiplier());
        assertEquals(80, c.epochs());
        assertEquals(16, c.batchSize());
        assertEquals(new Shape(3, 480, 480), c.sampleShape());
        assertEquals(480, c.baseSize(), "the base size defaults to the crop");
        assertEquals(42, c.seed());
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
        assertEquals(0xC08080, TrainingConfig.vocColor(15), "person");
    }

    @Test
    void theClassNamesMustMatchTheNetwork() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TrainingConfig.builder(DEF).classes(List.of("x", "y")).build());
        assertTrue(e.getMessage().contains("2 class names") && e.getMessage().contains("3"));
        e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder(DEF).build());
        assertTrue(e.getMessage().contains("classes are required"), e.getMessage());
    }

    @Test
    void alphaAndBetaHaveOneOwnerTheDefinition() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> valid().loss(SANetLoss.builder().alpha(0.5).build()).build());
        assertTrue(e.getMessage().contains("alpha 0.5"), e.getMessage());
        assertTrue(e.getMessage().contains("0.3"), e.getMessage());
        // Switching terms off is what a loss may do (Table 1 rows).
        SANetLoss noCat = SANetLoss.builder(DEF).categorical(false).build();
        assertSame(noCat, valid().loss(noCat).build().loss());
        SANetLoss maskOnly = SANetLoss.builder().categorical(false).dense(false).build();
        assertSame(maskOnly, valid().loss(maskOnly).build().loss(), "unused weights don't count");
    }

    @Test
    void everyBadValueIsNamed() {
        check(b -> b.epochs(0), "epochs must be >= 1, got 0");
        check(b -> b.batchSize(0), "batch size must be >= 1, got 0");
        check(b -> b.learningRate(-1), "learning rate must be a finite number > 0, got -1.0");
        check(b -> b.learningRate(Double.NaN), "got NaN");
        check(b -> b.momentum(1), "momentum must be in [0, 1), got 1.0");
        check(b -> b.weightDecay(-0.1), "weight decay must be a finite number >= 0, got -0.1");
        check(b -> b.power(-1), "poly power must be a finite number >= 0, got -1.0");
        check(b -> b.headMultiplier(0), "multiplier must be a finite number > 0, got 0.0");
        check(b -> b.maxSeconds(0), "maxSeconds must be > 0 (infinity for none), got 0.0");
        check(b -> b.microBatches(0), "micro-batches must be >= 1, got 0");
        check(b -> b.batchSize(4).microBatches(3), "batch size 4 does not split into 3");
        check(b -> b.microBatches(2).devices(Device.cpu(), Device.cpu()), "need a single device");
        check(b -> b.devices(), "at least one device");
        check(b -> b.sampleShape(3, 0, 8), "sample shape must be positive, got (3, 0, 8)");
        check(b -> b.baseSize(0), "base size must be >= 1, got 0");
        check(b -> b.colors(1, 2), "expected 3 colours, one per class, got 2");
        check(b -> b.engine("tensorflow"), "'tensorflow'");
        check(b -> b.resume(true), "resume needs an output folder");
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
        TrainingConfig c = valid().metadata(meta).epochs(7).seed(9).colors(1, 2, 3).build();
        meta.addProperty("dataset", "changed");
        c.metadata().addProperty("dataset", "changed too");
        assertEquals("voc", c.metadata().get("dataset").getAsString());
        int[] colors = c.colors();
        colors[0] = 99;
        assertEquals(1, c.colors()[0]);
        TrainingConfig copy = c.toBuilder().learningRate(0.5).build();
        assertEquals(7, copy.epochs());
        assertEquals(9, copy.seed());
        assertEquals(0.5, copy.learningRate());
        assertEquals(0.001, c.learningRate(), "the original is unchanged");
        assertEquals(c.recipe().get("epochs"), copy.recipe().get("epochs"));
        assertEquals("sgd", copy.recipe().get("optimizer").getAsString());
    }

    private static void check(UnaryOperator<TrainingConfig.Builder> change, String message) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> change.apply(valid()).build());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
