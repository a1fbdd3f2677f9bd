package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.core.Backbone;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --engine onnxruntime}: {@code predict} gives the masks {@code --engine mxnet} gives on a
 * generated set (one image larger than the crop, so the sliding window runs on the graph), and the
 * commands that train refuse it with one line and exit 2.
 */
class OnnxRuntimeCommandsTest {

    @TempDir static Path tmp;
    static Path modelDir;
    static Path images;

    @BeforeAll
    static void writeModelAndImages() throws Exception {
        modelDir = tmp.resolve("model");
        SANet def =
                SANet.builder()
                        .backbone(Backbone.RESNET18)
                        .width(8)
                        .numClasses(3)
                        .prediction(Prediction.MASK)
                        .build();
        try (Model model = Model.newInstance("sanet", "MXNet")) {
            model.setBlock(def.newBlock());
            model.getBlock()
                    .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 64, 64));
            // Batch-norm statistics away from 0 and 1, so that the masks are not one class.
            Random r = new Random(5);
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                NDArray a = p.getValue().getArray();
                String k = p.getKey();
                float[] v = new float[Math.toIntExact(a.size())];
                if (k.endsWith("runningVar") || k.endsWith("gamma")) {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = 0.5f + r.nextFloat();
                    }
                    a.set(v);
                } else if (k.endsWith("runningMean") || k.endsWith("beta")) {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) (0.2 * r.nextGaussian());
                    }
                    a.set(v);
                }
            }
            SANetModel.of(
                            def,
                            model,
                            List.of("bg", "a", "b"),
                            new int[] {0, 0x800000, 0x008000},
                            64,
                            64,
                            new JsonObject())
                    .save(modelDir);
        }
        images = tmp.resolve("images");
        Files.createDirectories(images);
        Random r = new Random(9);
        int[][] sizes = {{53, 37}, {64, 64}, {40, 61}, {100, 72}};
        for (int i = 0; i < sizes.length; i++) {
            BufferedImage img =
                    new BufferedImage(sizes[i][0], sizes[i][1], BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int smooth = ((x * 4) & 0xff) << 16 | ((y * 6) & 0xff) << 8 | 0x60;
                    img.setRGB(x, y, (x * y) % 5 == 0 ? r.nextInt(1 << 24) : smooth);
                }
            }
            ImageIO.write(img, "png", images.resolve("img" + i + ".png").toFile());
        }
    }

    private static Captured predict(String engine, Path out) {
        return SanetCommandTest.run(
                "predict",
                "--model",
                modelDir.toString(),
                "--input",
                images.toString(),
                "--output",
                out.toString(),
                "--engine",
                engine,
                "--json");
    }

    @Test
    void predictOnOnnxRuntimeGivesMxNetsMasks() throws Exception {
        Path mxOut = tmp.resolve("pred-mxnet");
        Path ortOut = tmp.resolve("pred-ort");
        Captured mx = predict("mxnet", mxOut);
        assertEquals(0, mx.status, mx.err);
        Captured ort = predict("onnxruntime", ortOut);
        assertEquals(0, ort.status, ort.err);
        JsonObject o = JsonParser.parseString(ort.out).getAsJsonObject();
        assertEquals("OnnxRuntime", o.get("engine").getAsString());
        assertEquals(4, o.get("images").getAsInt());
        long same = 0;
        long all = 0;
        boolean[] seen = new boolean[3];
        for (int i = 0; i < 4; i++) {
            Raster a = ImageIO.read(mxOut.resolve("img" + i + ".png").toFile()).getRaster();
            Raster b = ImageIO.read(ortOut.resolve("img" + i + ".png").toFile()).getRaster();
            assertEquals(a.getWidth(), b.getWidth());
            assertEquals(a.getHeight(), b.getHeight());
            for (int y = 0; y < a.getHeight(); y++) {
                for (int x = 0; x < a.getWidth(); x++) {
                    int c = a.getSample(x, y, 0);
                    seen[c] = true;
                    same += c == b.getSample(x, y, 0) ? 1 : 0;
                    all++;
                }
            }
        }
        assertTrue(seen[0] && seen[1] || seen[1] && seen[2] || seen[0] && seen[2], "one class");
        double agree = (double) same / all;
        assertTrue(agree >= 0.999, "masks agree on " + agree + " of the pixels");
    }

    @Test
    void trainOnOnnxRuntimeIsExitTwoWithOneLine() {
        Captured c =
                SanetCommandTest.run(
                        "train",
                        "--dataset",
                        "voc",
                        "--data",
                        tmp.resolve("nowhere").toString(),
                        "--engine",
                        "onnxruntime");
        assertEquals(2, c.status, c.err);
        assertEquals(1, c.err.strip().lines().count(), c.err);
        assertTrue(c.err.contains("--engine onnxruntime runs inference only"), c.err);
    }

    @Test
    void theEngineOptionAcceptsOnnxRuntimeForInferenceOnly() {
        EngineOption option = new EngineOption();
        option.engine = "onnxruntime";
        assertEquals("OnnxRuntime", option.inferenceName());
        assertEquals("MXNet", System.getProperty(EngineOption.DJL_DEFAULT_ENGINE));
        UserException e = assertThrows(UserException.class, option::name);
        assertTrue(
                e.getMessage().contains("use --engine mxnet or --engine pytorch"), e.getMessage());
    }

    @Test
    void predictRunsAnExportedFileOnOnnxRuntimeAndAsksForTheEngineWithout() throws Exception {
        Path file = tmp.resolve("exported.onnx");
        Captured ex =
                SanetCommandTest.run(
                        "export", "onnx", "--model", modelDir.toString(), "--out", file.toString());
        assertEquals(0, ex.status, ex.err);
        Path out = tmp.resolve("pred-file");
        Captured ort =
                SanetCommandTest.run(
                        "predict",
                        "--model",
                        file.toString(),
                        "--input",
                        images.toString(),
                        "--output",
                        out.toString(),
                        "--engine",
                        "onnxruntime");
        assertEquals(0, ort.status, ort.err);
        assertTrue(Files.isRegularFile(out.resolve("img3.png")), ort.out);
        Captured mx =
                SanetCommandTest.run(
                        "predict",
                        "--model",
                        file.toString(),
                        "--input",
                        images.toString(),
                        "--output",
                        tmp.resolve("pred-file-mx").toString());
        assertEquals(SanetCommand.EXIT_USAGE, mx.status, mx.err);
        assertTrue(mx.err.contains("--engine onnxruntime"), mx.err);
    }

    @Test
    void predictRunsAFixedSizeFileOnImagesOfOtherSizesAndSaysHow() throws Exception {
        // 48 x 48: each image, its long side scaled to the base size 64, runs as 48 x 48 windows.
        Path file = tmp.resolve("fixed-48.onnx");
        Captured ex =
                SanetCommandTest.run(
                        "export",
                        "onnx",
                        "--model",
                        modelDir.toString(),
                        "--out",
                        file.toString(),
                        "--size",
                        "48x48");
        assertEquals(0, ex.status, ex.err);
        Path out = tmp.resolve("pred-fixed");
        Captured ort =
                SanetCommandTest.run(
                        "predict",
                        "--model",
                        file.toString(),
                        "--input",
                        images.toString(),
                        "--output",
                        out.toString(),
                        "--engine",
                        "onnxruntime");
        System.out.print(ort.err);
        System.out.print(ort.out);
        assertEquals(0, ort.status, ort.err);
        assertTrue(ort.err.contains(file + " takes 48x48 images only"), ort.err);
        assertTrue(ort.err.contains("export without --size"), ort.err);
        for (int i = 0; i < 4; i++) {
            BufferedImage in = ImageIO.read(images.resolve("img" + i + ".png").toFile());
            BufferedImage mask = ImageIO.read(out.resolve("img" + i + ".png").toFile());
            assertEquals(in.getWidth(), mask.getWidth());
            assertEquals(in.getHeight(), mask.getHeight());
        }
    }
}
