package dev.sanet.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trainer refuses to resume a run of another network or dataset, naming what differs. */
class ResumeCheckTest {

    private static final SANet DEF =
            SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(2).build();

    private static TrainingConfig config(String dataset) {
        JsonObject meta = new JsonObject();
        meta.addProperty("dataset", dataset);
        return TrainingConfig.builder(
                        TrainingNetwork.builder(DEF).classes(List.of("bg", "fg")).build())
                .metadata(meta)
                .build();
    }

    private static Checkpoint checkpoint(SANet def, String dataset) {
        JsonObject config = new JsonObject();
        config.add("architecture", def.toJson());
        config.addProperty("dataset", dataset);
        JsonObject state = new JsonObject();
        state.add("config", config);
        return new Checkpoint(Path.of("run/checkpoints/epoch-0002"), 2, 8, true, state);
    }

    @Test
    void theSameNetworkAndDatasetResume() {
        ResumeCheck.check(checkpoint(DEF, "voc"), config("voc"));
        ResumeCheck.check(
                new Checkpoint(Path.of("old"), 1, 1, true, new JsonObject()), config("x"));
    }

    @Test
    void anotherDatasetIsNamed() {
        IncompatibleCheckpointException e =
                assertThrows(
                        IncompatibleCheckpointException.class,
                        () -> ResumeCheck.check(checkpoint(DEF, "voc"), config("ade20k")));
        assertEquals("dataset", e.setting());
        assertEquals(
                "the checkpoint in "
                        + Path.of("run/checkpoints/epoch-0002")
                        + " was trained with dataset \"voc\", not \"ade20k\"",
                e.getMessage());
    }

    @Test
    void anotherArchitectureIsNamedFromTheDefinition() {
        SANet other = DEF.toBuilder().heads(2).build();
        IncompatibleCheckpointException e =
                assertThrows(
                        IncompatibleCheckpointException.class,
                        () -> ResumeCheck.check(checkpoint(other, "voc"), config("voc")));
        assertEquals("architecture", e.setting());
    }
}
