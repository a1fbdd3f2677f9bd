package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.core.SANet;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * For the tests that compare {@code predict}'s masks across engines and exported files: a 3-class
 * model with random weights whose masks hold several classes, generated images {@code img<i>.png},
 * {@code predict} and {@code export onnx} runs, and the share of pixels two prediction folders
 * agree on.
 */
final class MaskParity {
    private MaskParity() {}

    /** The saved models' classes: bg, a and b. */
    static final int CLASSES = 3;

    /**
     * The share of pixels two prediction folders agree on, and how many classes the first shows.
     */
    record Agreement(double share, int classes) {}

    /**
     * Saves a 3-class mask-predicting model initialised on MXNet with random weights (see {@link
     * #randomise}) and its class scores centred, so that its masks hold several classes.
     *
     * @param dir the model directory
     * @param def the definition: 3 classes, {@code Prediction.MASK}
     * @return {@code dir}
     */
    static Path saveRandomModel(Path dir, SANet def) throws IOException {
        try (Model model = Model.newInstance("sanet", "MXNet")) {
            model.setBlock(def.newBlock());
            TinyModels.initialize(model);
            randomise(model.getBlock(), new Random(5));
            centreClassScores(model, def, new Random(6));
            return TinyModels.save(dir, def, model);
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

    /**
     * Writes {@code img<i>.png} of the sizes given: smooth gradients with seeded noise on every
     * pixel where x * y is a multiple of 5.
     *
     * @param dir the folder, created
     * @param sizes {width, height} per image
     * @return {@code dir}
     */
    static Path writeImages(Path dir, int[][] sizes) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(9);
        for (int i = 0; i < sizes.length; i++) {
            BufferedImage img =
                    new BufferedImage(sizes[i][0], sizes[i][1], BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int smooth = ((x * 4) & 0xff) << 16 | ((y * 6) & 0xff) << 8 | 0x60;
                    img.setRGB(x, y, (x * y) % 5 == 0 ? r.nextInt(1 << 24) : smooth);
                }
            }
            ImageIO.write(img, "png", dir.resolve("img" + i + ".png").toFile());
        }
        return dir;
    }

    /** {@code sanet predict --model model --input images --output out}, then {@code more}. */
    static Captured predict(Path model, Path images, Path out, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "predict",
                                "--model",
                                model.toString(),
                                "--input",
                                images.toString(),
                                "--output",
                                out.toString()));
        args.addAll(List.of(more));
        return SanetCommandTest.run(args.toArray(String[]::new));
    }

    /** {@code sanet export onnx --model model --out file}, then {@code more}; asserts exit 0. */
    static void exportOnnx(Path model, Path file, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "export",
                                "onnx",
                                "--model",
                                model.toString(),
                                "--out",
                                file.toString()));
        args.addAll(List.of(more));
        Captured ex = SanetCommandTest.run(args.toArray(String[]::new));
        assertEquals(0, ex.status, ex.err);
    }

    /**
     * Runs {@code predict --json} on MXNet into {@code work/pred-mxnet} and on ONNX Runtime into
     * {@code work/pred-ort}, and asserts that both succeed, that the second ran on ONNX Runtime
     * over all the images, that the masks hold at least two classes and that the two agree on at
     * least 99.9% of the pixels.
     *
     * @param model the model folder
     * @param images the folder of {@link #writeImages}
     * @param count the number of images
     * @param work where the prediction folders go
     * @return the ONNX Runtime prediction folder
     */
    static Path assertOnnxRuntimeGivesMxNetsMasks(Path model, Path images, int count, Path work)
            throws IOException {
        Path mxOut = work.resolve("pred-mxnet");
        Path ortOut = work.resolve("pred-ort");
        Captured mx = predict(model, images, mxOut, "--engine", "mxnet", "--json");
        assertEquals(0, mx.status, mx.err);
        Captured ort = predict(model, images, ortOut, "--engine", "onnxruntime", "--json");
        assertEquals(0, ort.status, ort.err);
        JsonObject o = JsonParser.parseString(ort.out).getAsJsonObject();
        assertEquals("OnnxRuntime", o.get("engine").getAsString());
        assertEquals(count, o.get("images").getAsInt());
        Agreement a = agreement(mxOut, ortOut, count);
        System.out.printf("%s predict: onnxruntime agrees with mxnet on %.5f%n", model, a.share());
        assertTrue(a.classes() >= 2, "the masks hold one class");
        assertTrue(a.share() >= 0.999, "masks agree on " + a.share() + " of the pixels");
        return ortOut;
    }

    /**
     * Compares the masks {@code img0.png} ... of two prediction folders pixel by pixel, after
     * asserting that each pair has one size.
     *
     * @param a the first folder
     * @param b the second folder
     * @param count the number of images
     * @return the share of pixels that agree and the number of classes {@code a}'s masks show
     */
    static Agreement agreement(Path a, Path b, int count) throws IOException {
        long same = 0;
        long all = 0;
        boolean[] seen = new boolean[CLASSES];
        for (int i = 0; i < count; i++) {
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
        return new Agreement((double) same / all, classes);
    }
}
