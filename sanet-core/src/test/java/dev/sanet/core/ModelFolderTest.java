package dev.sanet.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import dev.sanet.core.data.Resolution;
import dev.sanet.core.inference.ImagePreparation;
import dev.sanet.core.io.Manifest;
import dev.sanet.core.nn.Stem;
import dev.sanet.core.settings.SettingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFolderTest {

    private static final SANet TINY =
            SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(3).build();

    /**
     * {@code sanet.json} as the first sanet wrote it: an architecture without {@code stem} and
     * {@code avgDown}, and beside it no {@code serving.properties} and no manifest.
     */
    private static final String OLD_METADATA =
            """
            {
              "format": "sanet-model",
              "formatVersion": 1,
              "sanet": "0.1.0",
              "architecture": {
                "backbone": "RESNET18",
                "numClasses": 3,
                "variant": "SANET",
                "heads": 4,
                "alpha": 0.2,
                "beta": 0.8,
                "outputStride": 8,
                "headKernel": 1,
                "pooling": "AVG",
                "poolRatio": 8,
                "prediction": "DENSE",
                "width": 8,
                "dropout": 0.1
              },
              "classes": [
                {"id": 0, "name": "background", "color": "#000000"},
                {"id": 1, "name": "cat", "color": "#800000"},
                {"id": 2, "name": "dog", "color": "#008000"}
              ],
              "baseSize": 520,
              "cropSize": 480,
              "parameters": "sanet-0000.params",
              "training": {"epochs": 2}
            }
            """;

    /** Writes an old-format folder: DJL's parameter file and the old sanet.json, nothing else. */
    private static float[] writeOldFolder(Path dir, NDArray x) throws IOException {
        Files.createDirectories(dir);
        try (Model model = Model.newInstance("sanet")) {
            model.setBlock(TINY.newBlock());
            model.getBlock()
                    .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
            model.setProperty("Epoch", "0");
            model.save(dir, "sanet");
            Files.writeString(dir.resolve("sanet.json"), OLD_METADATA, StandardCharsets.UTF_8);
            return forward(model, x);
        }
    }

    private static float[] forward(Model model, NDArray x) {
        NDList out =
                model.getBlock()
                        .forward(new ParameterStore(x.getManager(), false), new NDList(x), false);
        return out.get(1).toFloatArray();
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void anOldFormatFolderOpensLoadsAndIsUpgradedBySavingAgain(@TempDir Path tmp)
            throws IOException {
        Path dir = tmp.resolve("old");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(1, 3, 40, 48));
            float[] before = writeOldFolder(dir, x);
            assertEquals(Set.of("sanet-0000.params", "sanet.json"), names(dir));

            ModelFolder folder = ModelFolder.of(dir);
            assertEquals(Manifest.Status.ABSENT, folder.verify());
            ModelMetadata meta = folder.open();
            assertEquals(TINY, meta.definition());
            assertEquals(Stem.DEEP_64, meta.definition().stem());
            assertFalse(meta.definition().avgDown());
            assertEquals(List.of("background", "cat", "dog"), meta.classNames());
            assertArrayEquals(new int[] {0, 0x800000, 0x008000}, meta.colors());
            assertEquals(ImagePreparation.IMAGENET, meta.preparation());
            assertEquals(new Resolution(520, 480), meta.resolution());
            assertEquals(2, meta.training().get("epochs").getAsInt());
            assertTrue(folder.holdsOnlyModelFiles());

            try (SANetModel loaded = SANetModel.load(dir)) {
                assertEquals(new Resolution(520, 480), loaded.resolution());
                assertArrayEquals(before, forward(loaded.model(), x), 1e-5f);
                // Saving into its own folder writes the files the old version did not.
                loaded.save(dir);
            }
            assertEquals(ModelFolder.FILES, names(dir));
            assertEquals(Manifest.Status.VERIFIED, folder.verify());
            assertEquals(meta.definition(), folder.open().definition());
        }
    }

    @Test
    void theFolderNamesItsFilesAndTheOthersTakeThemFromIt(@TempDir Path dir) {
        ModelFolder f = ModelFolder.of(dir);
        assertEquals(dir.resolve("sanet.json"), f.metadataFile());
        assertEquals(dir.resolve("sanet-0000.params"), f.parametersFile());
        assertEquals(dir.resolve("serving.properties"), f.servingFile());
        assertEquals(dir.resolve("manifest.sha256"), f.manifestFile());
        assertEquals(ModelFolder.SERVING, ServingProperties.FILE);
        assertEquals(ModelFolder.MODEL_NAME, ServingProperties.of("MXNet").get("option.modelName"));
        assertEquals(ModelFolder.METADATA, SANetModel.METADATA);
        assertEquals(ModelFolder.MODEL_NAME, SANetModel.NAME);
        assertEquals(ModelFolder.MANIFEST, Manifest.FILE);
    }

    @Test
    void metadataJsonRoundTripsAndKeepsTheResolution(@TempDir Path dir) throws IOException {
        JsonObject training = new JsonObject();
        training.addProperty("epochs", 1);
        ModelMetadata meta =
                new ModelMetadata(
                        TINY,
                        List.of("a", "b", "c"),
                        new int[] {1, 2, 3},
                        ImagePreparation.IMAGENET,
                        new Resolution(64, 48),
                        training);
        String json = meta.toJson();
        JsonObject o = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
        assertEquals(64, o.get("baseSize").getAsInt());
        assertEquals(48, o.get("cropSize").getAsInt());
        assertEquals("sanet-0000.params", o.get("parameters").getAsString());
        ModelMetadata back = ModelMetadata.fromJson(json, dir.resolve("sanet.json"));
        assertEquals(meta.definition(), back.definition());
        assertEquals(meta.resolution(), back.resolution());
        assertEquals(64, back.baseSize());
        assertEquals(48, back.cropSize());
        assertArrayEquals(meta.colors(), back.colors());
    }

    @Test
    void aBadResolutionInSanetJsonIsNamedWithTheFile(@TempDir Path dir) throws IOException {
        String bad = OLD_METADATA.replace("\"cropSize\": 480", "\"cropSize\": 99999");
        ModelFileException e =
                assertThrows(
                        ModelFileException.class,
                        () -> ModelMetadata.fromJson(bad, dir.resolve("sanet.json")));
        assertTrue(e.getMessage().contains("sanet.json"), e.getMessage());
        assertTrue(e.getMessage().contains("cropSize must be in 8..4096"), e.getMessage());
    }

    @Test
    void aMissingFolderOrParameterFileIsNamed(@TempDir Path tmp) throws IOException {
        ModelFileException e =
                assertThrows(
                        ModelFileException.class, () -> ModelFolder.of(tmp.resolve("nope")).open());
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        Files.writeString(tmp.resolve("sanet.json"), OLD_METADATA);
        e = assertThrows(ModelFileException.class, () -> ModelFolder.of(tmp).readMetadata());
        assertEquals(tmp.resolve("sanet-0000.params"), e.file());
    }

    @Test
    void aWrappedModelChecksItsResolutionAndClasses() {
        try (Model model = Model.newInstance("sanet")) {
            SettingException e =
                    assertThrows(
                            SettingException.class,
                            () ->
                                    SANetModel.of(
                                            TINY,
                                            model,
                                            List.of("a", "b", "c"),
                                            new int[] {1, 2, 3},
                                            4,
                                            480,
                                            new JsonObject()));
            assertEquals("baseSize", e.setting());
            IllegalArgumentException wrong =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    SANetModel.of(
                                            TINY,
                                            model,
                                            List.of("a", "b"),
                                            new int[] {1, 2},
                                            520,
                                            480,
                                            new JsonObject()));
            assertFalse(wrong instanceof SettingException);
            assertInstanceOf(IllegalArgumentException.class, wrong);
            assertTrue(wrong.getMessage().contains("3 classes but 2 class names"));
        }
    }
}
