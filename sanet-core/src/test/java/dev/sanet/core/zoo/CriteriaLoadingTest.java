package dev.sanet.core.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.ServingProperties;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.inference.Segmenter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import plaindjl.PlainDjl;

/**
 * A saved model loads through DJL's Criteria ({@link PlainDjl}, which names no sanet type) and
 * gives the library's masks, on both engines and under a multi-scale protocol.
 */
class CriteriaLoadingTest {

    private static final SANet TINY =
            SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(3).build();

    /** Writes a tiny model (crop 48, so the 72-pixel image runs as a sliding window). */
    static void writeModel(Path dir) throws IOException {
        try (Model model = Model.newInstance("sanet")) {
            model.setBlock(TINY.newBlock());
            model.getBlock()
                    .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
            SANetModel.of(
                            TINY,
                            model,
                            List.of("bg", "a", "b"),
                            new int[] {0, 0x800000, 0x008000},
                            56,
                            48,
                            new JsonObject())
                    .save(dir);
        }
    }

    static List<Path> writeImages(Path dir) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(7);
        int[][] sizes = {{40, 32}, {72, 50}, {33, 45}};
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            BufferedImage img =
                    new BufferedImage(sizes[i][0], sizes[i][1], BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    img.setRGB(x, y, x < img.getWidth() / 2 ? r.nextInt(1 << 24) : 0x3080c0);
                }
            }
            Path f = dir.resolve("img" + i + ".png");
            ImageIO.write(img, "png", f.toFile());
            files.add(f);
        }
        return files;
    }

    static List<int[][]> libraryMasks(Path modelDir, String engine, Protocol p, List<Path> images)
            throws IOException {
        List<int[][]> out = new ArrayList<>();
        try (SANetModel model = SANetModel.load(modelDir, engine)) {
            // The model's prediction protocol (its training base size and crop), with the scales
            // and flip asked for: what Criteria's defaults and arguments must select.
            Protocol own = model.predictionProtocol();
            Segmenter s =
                    model.newSegmenter(own.toBuilder().scales(p.scales()).flip(p.flip()).build());
            for (Path f : images) {
                try (NDManager m = model.model().getNDManager().newSubManager()) {
                    NDArray x = model.preparation().toNDArray(m, ImageIO.read(f.toFile()));
                    out.add(s.classMap(x));
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void criteriaGivesTheLibrarysMasks(String engine, @TempDir Path tmp) throws Exception {
        Path modelDir = tmp.resolve("model");
        writeModel(modelDir);
        List<Path> images = writeImages(tmp.resolve("images"));
        List<int[][]> expected = libraryMasks(modelDir, engine, Protocol.SINGLE_SCALE, images);
        List<int[][]> actual = PlainDjl.masks(modelDir, engine, Map.of(), images);
        for (int i = 0; i < images.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), images.get(i).toString());
        }
    }

    @Test
    void protocolArgumentsSelectMultiScaleAndFlip(@TempDir Path tmp) throws Exception {
        Path modelDir = tmp.resolve("model");
        writeModel(modelDir);
        List<Path> images = writeImages(tmp.resolve("images"));
        Protocol p = Protocol.builder().scales(0.75, 1.0, 1.25).flip(true).build();
        List<int[][]> expected = libraryMasks(modelDir, "MXNet", p, images);
        List<int[][]> actual =
                PlainDjl.masks(
                        modelDir, null, Map.of("scales", "0.75,1.0,1.25", "flip", "true"), images);
        for (int i = 0; i < images.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), images.get(i).toString());
        }
        float[][][] scores = PlainDjl.scores(modelDir, images.get(0));
        assertEquals(3, scores.length);
        assertEquals(32, scores[0].length);
        assertEquals(40, scores[0][0].length);
    }

    @Test
    void aDirectoryWithoutServingPropertiesSaysHowToUpgrade(@TempDir Path tmp) throws Exception {
        Path modelDir = tmp.resolve("old");
        writeModel(modelDir);
        // A folder of an earlier sanet: no serving.properties, and no manifest either.
        Files.delete(modelDir.resolve(ServingProperties.FILE));
        Files.delete(modelDir.resolve(dev.sanet.core.io.Manifest.FILE));
        List<Path> images = writeImages(tmp.resolve("images"));
        Exception e =
                assertThrows(
                        Exception.class,
                        () ->
                                PlainDjl.masks(
                                        modelDir,
                                        "MXNet",
                                        Map.of(
                                                "blockFactory",
                                                ServingProperties.BLOCK_FACTORY,
                                                "translatorFactory",
                                                ServingProperties.TRANSLATOR_FACTORY),
                                        images));
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof IllegalArgumentException)) {
            t = t.getCause();
        }
        assertTrue(t.getMessage().contains("serving.properties"), t.getMessage());
        // The upgrade: load and save again.
        try (SANetModel m = SANetModel.load(modelDir)) {
            m.save(modelDir);
        }
        assertEquals(images.size(), PlainDjl.masks(modelDir, null, Map.of(), images).size());
    }

    @Test
    void servingPropertiesNamesTheFactories() {
        assertEquals(SANetBlockFactory.class.getName(), ServingProperties.BLOCK_FACTORY);
        assertEquals(SANetTranslatorFactory.class.getName(), ServingProperties.TRANSLATOR_FACTORY);
    }

    @Test
    void badProtocolArgumentsNameTheValue() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ProtocolArguments.parse(Map.of("scales", "1.0,x"), 520, 480));
        assertTrue(e.getMessage().contains("scales=1.0,x"), e.getMessage());
        assertEquals(
                Protocol.builder().scales(0.5).flip(true).baseSize(520).cropSize(0).build(),
                ProtocolArguments.parse(
                        Map.of("scales", "0.5", "flip", "true", "baseSize", "-1", "crop", "0"),
                        520,
                        480));
    }

    @Test
    void withoutArgumentsTheModelsTrainingResolutionIsTheDefault() {
        // The model's prediction protocol: its base size as the long side, its crop as the window.
        assertEquals(
                Protocol.builder().baseSize(96).cropSize(64).build(),
                ProtocolArguments.parse(Map.of(), 96, 64));
        assertEquals(0, ProtocolArguments.parse(Map.of("baseSize", 0), 96, 64).baseSize());
    }
}
