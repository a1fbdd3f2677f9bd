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
import com.google.gson.JsonParser;
import dev.sanet.core.inference.ImagePreparation;
import dev.sanet.core.inference.Protocol;
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
    void theNormalisationComesFromSanetJsonWithImageNetAsDefault(@TempDir Path dir)
            throws IOException {
        try (Model model = Model.newInstance("sanet")) {
            model.setBlock(TINY.newBlock());
            model.getBlock()
                    .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
            SANetModel saved =
                    SANetModel.of(
                            TINY,
                            model,
                            List.of("bg", "a", "b"),
                            new int[] {0, 1, 2},
                            64,
                            48,
                            new JsonObject());
            assertEquals(ImagePreparation.IMAGENET, saved.preparation());
            saved.save(dir);
        }
        Path meta = dir.resolve(SANetModel.METADATA);
        JsonObject o = JsonParser.parseString(Files.readString(meta)).getAsJsonObject();
        o.getAsJsonObject("normalization").add("std", JsonParser.parseString("[0.5, 0.5, 0.25]"));
        Files.writeString(meta, o.toString());
        // Edited by hand: the manifest no longer matches, so drop it (a folder without one loads).
        Files.delete(dir.resolve(dev.sanet.core.io.Manifest.FILE));
        try (SANetModel loaded = SANetModel.load(dir)) {
            assertArrayEquals(new float[] {0.5f, 0.5f, 0.25f}, loaded.std(), 0f);
            assertArrayEquals(
                    new float[] {-0.485f / 0.5f, -0.456f / 0.5f, -0.406f / 0.25f},
                    loaded.preparation().black(),
                    1e-6f);
            Protocol p = loaded.protocol(List.of(1.0, 1.5), true);
            assertEquals(64, p.baseSize());
            assertEquals(48, p.cropSize());
            assertArrayEquals(loaded.preparation().black(), loaded.newSegmenter(p).padValue(), 0f);
        }
        o.remove("normalization");
        Files.writeString(meta, o.toString());
        try (SANetModel loaded = SANetModel.load(dir)) {
            assertEquals(ImagePreparation.IMAGENET, loaded.preparation());
        }
        o.add("normalization", JsonParser.parseString("{\"mean\": [0, 0, 0], \"std\": [1, 0, 1]}"));
        Files.writeString(meta, o.toString());
        IOException e = assertThrows(IOException.class, () -> SANetModel.load(dir));
        assertTrue(e.getMessage().contains("normalization"), e.getMessage());
        assertTrue(e.getMessage().contains("[1.0, 0.0, 1.0]"), e.getMessage());
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
