package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.core.Backbone;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.nn.EfficientNetConvention;
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
 * A SANet-EfficientNet-B0 model folder (TF padding, random weights) on {@code --engine
 * onnxruntime}: {@code predict} gives the masks {@code --engine mxnet} gives, one image larger than
 * the crop so that the sliding window runs, and {@code export onnx} writes a file that predicts the
 * same.
 */
class EfficientNetOnnxRuntimeTest {

    private static final int CLASSES = 3;

    @TempDir static Path tmp;
    static Path modelDir;
    static Path images;

    @BeforeAll
    static void writeModelAndImages() throws Exception {
        modelDir = tmp.resolve("model");
        SANet def =
                SANet.builder()
                        .backbone(Backbone.EFFICIENTNET_B0)
                        .efficientNetConvention(EfficientNetConvention.TF)
                        .numClasses(CLASSES)
                        .prediction(Prediction.MASK)
                        .build();
        try (Model model = Model.newInstance("sanet", "MXNet")) {
            model.setBlock(def.newBlock());
            model.getBlock()
                    .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 64, 64));
            randomise(model.getBlock(), new Random(5));
            centreClassScores(model, def, new Random(6));
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
        int[][] sizes = {{53, 37}, {64, 64}, {90, 71}};
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

    /** Weights N(0, 1 / fan-in); batch-norm statistics away from 0 and 1. */
    private static void randomise(Block block, Random r) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            String k = p.getKey();
            long[] s = a.getShape().getShape();
            long fanIn = 1;
            for (int i = 1; i < s.length; i++) {
                fanIn *= s[i];
            }
            float[] v = new float[Math.toIntExact(a.size())];
            for (int i = 0; i < v.length; i++) {
                double g = r.nextGaussian();
                v[i] =
                        (float)
                                (k.endsWith("runningVar") || k.endsWith("gamma")
                                        ? 0.5 + r.nextDouble()
                                        : k.endsWith("runningMean")
                                                        || k.endsWith("beta")
                                                        || k.endsWith("bias")
                                                ? 0.1 * g
                                                : g / Math.sqrt(fanIn));
            }
            a.set(v);
        }
    }

    /**
     * Random weights give every pixel nearly the same class; shifting the mask convolution's bias
     * by the class scores' means on a random input makes the masks hold several classes.
     */
    private static void centreClassScores(Model model, SANet def, Random r) {
        float[] v = new float[3 * 64 * 64];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray x = m.create(v, new Shape(1, 3, 64, 64));
            NDList out =
                    model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false);
            float[] means = def.predictionLogits(out).mean(new int[] {0, 2, 3}).toFloatArray();
            NDArray bias =
                    model.getBlock().getParameters().stream()
                            .filter(p -> p.getKey().endsWith("mask_bias"))
                            .findFirst()
                            .orElseThrow()
                            .getValue()
                            .getArray();
            float[] b = bias.toFloatArray();
            for (int k = 0; k < b.length; k++) {
                b[k] -= means[k];
            }
            bias.set(b);
        }
    }

    private static Captured predict(Path model, String engine, Path out) {
        return SanetCommandTest.run(
                "predict",
                "--model",
                model.toString(),
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
        Captured mx = predict(modelDir, "mxnet", mxOut);
        assertEquals(0, mx.status, mx.err);
        Captured ort = predict(modelDir, "onnxruntime", ortOut);
        assertEquals(0, ort.status, ort.err);
        JsonObject o = JsonParser.parseString(ort.out).getAsJsonObject();
        assertEquals("OnnxRuntime", o.get("engine").getAsString());
        assertEquals(3, o.get("images").getAsInt());
        double agree = agreement(mxOut, ortOut, true);
        System.out.printf(
                "efficientnet-b0 tf predict: onnxruntime agrees with mxnet on %.5f%n", agree);
        assertTrue(agree >= 0.999, "masks agree on " + agree + " of the pixels");

        Path file = tmp.resolve("b0.onnx");
        Captured ex =
                SanetCommandTest.run(
                        "export", "onnx", "--model", modelDir.toString(), "--out", file.toString());
        assertEquals(0, ex.status, ex.err);
        Path fileOut = tmp.resolve("pred-file");
        Captured fromFile = predict(file, "onnxruntime", fileOut);
        assertEquals(0, fromFile.status, fromFile.err);
        assertEquals(1.0, agreement(ortOut, fileOut, false));
    }

    /** The share of pixels two prediction folders agree on; optionally that two classes show. */
    private static double agreement(Path a, Path b, boolean severalClasses) throws Exception {
        long same = 0;
        long all = 0;
        boolean[] seen = new boolean[CLASSES];
        for (int i = 0; i < 3; i++) {
            Raster ra = ImageIO.read(a.resolve("img" + i + ".png").toFile()).getRaster();
            Raster rb = ImageIO.read(b.resolve("img" + i + ".png").toFile()).getRaster();
            assertEquals(ra.getWidth(), rb.getWidth());
            assertEquals(ra.getHeight(), rb.getHeight());
            for (int y = 0; y < ra.getHeight(); y++) {
                for (int x = 0; x < ra.getWidth(); x++) {
                    int c = ra.getSample(x, y, 0);
                    seen[c] = true;
                    same += c == rb.getSample(x, y, 0) ? 1 : 0;
                    all++;
                }
            }
        }
        int classes = 0;
        for (boolean s : seen) {
            classes += s ? 1 : 0;
        }
        assertTrue(!severalClasses || classes >= 2, "the masks hold one class");
        return (double) same / all;
    }
}
