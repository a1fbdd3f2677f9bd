package dev.sanet.core.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.dataset.ArrayDataset;
import com.google.gson.JsonObject;
import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.data.Resolution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training.run: train, then write the model directory, atomically. */
class TrainingTest {

    private static final SANet DEF =
            SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(2).build();
    private static NDManager manager;
    private static ArrayDataset train;

    @TempDir Path tmp;

    @BeforeAll
    static void data() {
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(2);
        NDArray x = manager.randomNormal(new Shape(4, 3, 32, 32));
        NDArray y = x.get(":, 0, :, :").gt(0).toType(DataType.INT32, false);
        train = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(4, false).build();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private TrainingConfig.Builder config() {
        return config(1, 0.01);
    }

    private TrainingConfig.Builder config(int epochs, double learningRate) {
        JsonObject meta = new JsonObject();
        meta.addProperty("dataset", "toy");
        return TrainingConfig.builder(
                        TrainingNetwork.builder(DEF)
                                .classes(List.of("off", "on"))
                                .colors(0x112233, 0x445566)
                                .build())
                .recipe(
                        Recipe.segmentation().toBuilder()
                                .resolution(new Resolution(40, 32))
                                .batchSize(4)
                                .epochs(epochs)
                                .learningRate(learningRate)
                                .build())
                .metadata(meta)
                .outputDir(tmp.resolve("run"));
    }

    @Test
    void writesALoadableModelDirectory() throws Exception {
        TrainingResult r = Training.run(config().build(), train, train);
        assertEquals(tmp.resolve("run/model"), r.modelDir());
        assertEquals(1, r.summary().epochs());
        assertEquals("MXNet", r.engine());
        try (SANetModel m = SANetModel.load(r.modelDir())) {
            assertEquals(DEF, m.definition());
            assertEquals(List.of("off", "on"), m.classNames());
            assertArrayEquals(new int[] {0x112233, 0x445566}, m.colors());
            assertEquals(40, m.baseSize());
            assertEquals(32, m.cropSize());
            JsonObject t = m.training();
            assertEquals("toy", t.get("dataset").getAsString());
            assertEquals(1, t.get("epochs").getAsInt());
            assertEquals(r.last().mIoU(), t.get("mIoU").getAsDouble(), 1e-12);
        }
    }

    @Test
    void aFailedRunLeavesTheEarlierModelIntact() throws Exception {
        Path model = Training.run(config().build(), train, null).modelDir();
        byte[] before = Files.readAllBytes(model.resolve(SANetModel.METADATA));
        TrainingConfig diverging = config(3, 1e30).resume(true).build();
        assertThrows(TrainingDivergedException.class, () -> Training.run(diverging, train, null));
        assertArrayEquals(before, Files.readAllBytes(model.resolve(SANetModel.METADATA)));
        // A second successful run replaces it whole; no temporary folder is left beside it.
        Training.run(config(2, 0.01).resume(true).build(), train, null);
        try (SANetModel m = SANetModel.load(model)) {
            assertEquals(2, m.training().get("epochs").getAsInt());
        }
        try (Stream<Path> s = Files.list(tmp.resolve("run"))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")));
        }
    }

    @Test
    void needsADefinitionAndAModelFolder() {
        TrainingConfig bare =
                TrainingConfig.builder(
                                TrainingNetwork.builder(new SequentialBlock(), null)
                                        .classes(List.of("off", "on"))
                                        .build())
                        .outputDir(tmp)
                        .build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Training.run(bare, train, null));
        assertTrue(e.getMessage().contains("SANet definition"), e.getMessage());
        TrainingConfig nowhere =
                TrainingConfig.builder(
                                TrainingNetwork.builder(DEF).classes(List.of("a", "b")).build())
                        .build();
        e = assertThrows(IllegalArgumentException.class, () -> Training.run(nowhere, train, null));
        assertTrue(e.getMessage().contains("modelDir or outputDir"), e.getMessage());
    }
}
