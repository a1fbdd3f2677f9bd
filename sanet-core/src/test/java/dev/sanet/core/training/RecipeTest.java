package dev.sanet.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sanet.core.data.Resolution;
import dev.sanet.core.settings.SettingException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The recipe: today's defaults for both tasks, a value, every bad setting named. */
class RecipeTest {

    @Test
    void segmentationIsThePapersRecipe() {
        Recipe r = Recipe.segmentation();
        assertEquals(OptimizerKind.SGD, r.optimizer());
        assertEquals(0.001, r.learningRate());
        assertEquals(0.9, r.momentum());
        assertEquals(1e-4, r.weightDecay());
        assertEquals(Schedule.poly(0.9), r.schedule());
        assertEquals(10, r.headMultiplier());
        assertEquals(80, r.epochs());
        assertEquals(16, r.batchSize());
        assertEquals(new Resolution(480, 480), r.resolution(), "the base size is the crop");
        assertEquals(42, r.seed());
    }

    @Test
    void pretrainingIsImageNetsRecipe() {
        Recipe r = Recipe.pretraining();
        assertEquals(OptimizerKind.SGD, r.optimizer());
        assertEquals(0.1, r.learningRate());
        assertEquals(0.9, r.momentum());
        assertEquals(1e-4, r.weightDecay());
        assertEquals(Schedule.cosine(), r.schedule());
        assertEquals(1, r.headMultiplier());
        assertEquals(90, r.epochs());
        assertEquals(32, r.batchSize());
        assertEquals(224, r.resolution().cropSize());
        assertEquals(42, r.seed());
    }

    @Test
    void isAValueCopiedThroughItsBuilder() {
        Recipe r = Recipe.segmentation().toBuilder().epochs(7).build();
        assertEquals(7, r.epochs());
        assertEquals(80, Recipe.segmentation().epochs(), "the preset is unchanged");
        assertEquals(r, r.toBuilder().build());
        assertEquals(r.hashCode(), r.toBuilder().build().hashCode());
        assertNotEquals(Recipe.segmentation(), r);
        assertEquals("poly", r.schedule().cliName());
        assertEquals(0.9, r.toJson().get("power").getAsDouble());
        assertEquals("cosine", Recipe.pretraining().toJson().get("schedule").getAsString());
    }

    @Test
    void aBadValueNamesItsSetting() {
        check(b -> b.epochs(0), "epochs", "epochs must be in 1..");
        check(b -> b.batchSize(0), "batchSize", "batchSize must be in 1..");
        check(b -> b.learningRate(-1), "learningRate", "a finite number > 0, got -1.0");
        check(b -> b.learningRate(Double.NaN), "learningRate", "got NaN");
        check(b -> b.momentum(1), "momentum", "momentum must be in [0, 1), got 1.0");
        check(b -> b.weightDecay(-0.1), "weightDecay", "a finite number >= 0, got -0.1");
        check(b -> b.headMultiplier(0), "headMultiplier", "in (0, 1000], got 0.0");
        SettingException e = assertThrows(SettingException.class, () -> Schedule.poly(-1));
        assertEquals("power", e.setting());
        e = assertThrows(SettingException.class, () -> Schedule.fromName("step"));
        assertEquals("schedule", e.setting());
        assertEquals(Schedule.poly(0.9), Schedule.fromName("POLY"));
        e = assertThrows(SettingException.class, () -> new Resolution(480, 0));
        assertEquals("cropSize", e.setting());
    }

    private static void check(UnaryOperator<Recipe.Builder> change, String setting, String text) {
        SettingException e =
                assertThrows(
                        SettingException.class,
                        () -> change.apply(Recipe.segmentation().toBuilder()).build());
        assertEquals(setting, e.setting());
        assertEquals(true, e.getMessage().contains(text), e.getMessage());
    }
}
