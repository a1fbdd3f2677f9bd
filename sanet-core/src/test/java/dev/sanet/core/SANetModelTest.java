package dev.sanet.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SANetModelTest {
    private static final SANet TINY =
            SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(3).build();

    private static float[] forward(Model model, NDArray x) {
        Block block = model.getBlock();
        NDList out = block.forward(new ParameterStore(x.getManager(), false), new NDList(x), false);
        return out.get(1).toFloatArray();
    }

    @Test
    void saveThenLoadGivesTheSameNetworkAndMetadata(@TempDir Path dir) throws IOException {
        try (Model model = Model.newInstance("sanet");
                NDManager m = NDManager.newBaseManager()) {
            model.setBlock(TINY.newBlock());
            model.getBlock()
                    .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
            NDArray x = m.randomNormal(new Shape(1, 3, 40, 48));
            float[] before = forward(model, x);
            JsonObject training = new JsonObject();
            training.addProperty("epochs", 3);
            SANetModel saved =
                    SANetModel.of(
                            TINY,
                            model,
                            List.of("bg", "a", "b"),
                            new int[] {0, 0x800000, 0x008000},
                            520,
                            480,
                            training);
            saved.save(dir);
            assertTrue(Files.isRegularFile(dir.resolve("sanet-0000.params")));
            try (SANetModel loaded = SANetModel.load(dir)) {
                assertEquals(TINY, loaded.definition());
                assertEquals(List.of("bg", "a", "b"), loaded.classNames());
                assertArrayEquals(new int[] {0, 0x800000, 0x008000}, loaded.colors());
                assertEquals(3, loaded.training().get("epochs").getAsInt());
                assertEquals(480, loaded.cropSize());
                assertArrayEquals(before, forward(loaded.model(), x), 1e-5f);
            }
        }
    }

    @Test
    void missingOrIncompatibleFilesAreNamed(@TempDir Path dir) throws IOException {
        IOException e = assertThrows(IOException.class, () -> SANetModel.load(dir));
        assertTrue(e.getMessage().contains("sanet.json"), e.getMessage());
        Files.writeString(dir.resolve("sanet.json"), "{\"formatVersion\": 99}");
        e = assertThrows(IOException.class, () -> SANetModel.load(dir));
        assertTrue(e.getMessage().contains("99"), e.getMessage());
        e = assertThrows(IOException.class, () -> SANetModel.load(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void architectureRoundTripsThroughJson() {
        SANet s =
                SANet.builder()
                        .backbone(Backbone.RESNET50)
                        .variant(Variant.FCN_SE)
                        .numClasses(59)
                        .prediction(Prediction.MASK)
                        .build();
        assertEquals(s, SANet.fromJson(s.toJson()));
    }
}
