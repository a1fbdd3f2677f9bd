package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.data.SyntheticTask;
import dev.sanet.data.SyntheticWriter;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sanet eval}, {@code sanet predict} and {@code sanet score}. */
class InferenceCommandsTest {

    @TempDir static Path tmp;
    static Path data;
    static Path modelDir;
    static JsonObject trained;

    @BeforeAll
    static void trainTinyModel() throws Exception {
        data = tmp.resolve("voc");
        SyntheticWriter.write(
                SyntheticWriter.Format.VOC,
                data,
                10,
                SyntheticTask.builder().optSize(64, 64).optSeed(3).build());
        Captured c =
                SanetCommandTest.run(
                        "train",
                        "--dataset",
                        "voc",
                        "--data",
                        data.toString(),
                        "--backbone",
                        "resnet18",
                        "--base-width",
                        "8",
                        "--crop",
                        "64",
                        "--base-size",
                        "64",
                        "--batch",
                        "4",
                        "--epochs",
                        "1",
                        "--out",
                        tmp.resolve("run").toString(),
                        "--json");
        assertEquals(0, c.status, c.err);
        trained = JsonParser.parseString(c.out).getAsJsonObject();
        modelDir = Path.of(trained.get("modelDir").getAsString());
    }

    @Test
    void evalReproducesTheSingleScaleMIoUOfTraining() throws Exception {
        Path out = tmp.resolve("eval");
        Captured c =
                SanetCommandTest.run(
                        "eval",
                        "--model",
                        modelDir.toString(),
                        "--dataset",
                        "voc",
                        "--data",
                        data.toString(),
                        "--split",
                        "val",
                        "--out",
                        out.toString(),
                        "--json");
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals(trained.get("mIoU").getAsDouble(), o.get("mIoU").getAsDouble(), 1e-6);
        assertEquals(trained.get("pixAcc").getAsDouble(), o.get("pixAcc").getAsDouble(), 1e-6);
        assertTrue(o.get("images").getAsInt() > 0);
        assertTrue(o.has("mIoUAllClasses") && o.has("perClassIoU"));
        for (String f :
                new String[] {"per_class.md", "per_class.csv", "scores.json", "confusion.png"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
    }

    @Test
    void multiScaleFlipEvalRuns() {
        Captured c =
                SanetCommandTest.run(
                        "eval",
                        "--model",
                        modelDir.toString(),
                        "--dataset",
                        "voc",
                        "--data",
                        data.toString(),
                        "--scales",
                        "0.75,1.25",
                        "--flip",
                        "--json");
        assertEquals(0, c.status, c.err);
        double miou = JsonParser.parseString(c.out).getAsJsonObject().get("mIoU").getAsDouble();
        assertTrue(miou >= 0 && miou <= 1);
    }

    @Test
    void predictWritesMasksAtTheInputSize() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        BufferedImage img = new BufferedImage(53, 37, BufferedImage.TYPE_3BYTE_BGR);
        Random r = new Random(1);
        for (int y = 0; y < 37; y++) {
            for (int x = 0; x < 53; x++) {
                img.setRGB(x, y, r.nextInt(0xFFFFFF));
            }
        }
        ImageIO.write(img, "png", in.resolve("odd.png").toFile());
        Path out = tmp.resolve("pred");
        Captured c =
                SanetCommandTest.run(
                        "predict",
                        "--model",
                        modelDir.toString(),
                        "--input",
                        in.toString(),
                        "--output",
                        out.toString(),
                        "--overlay",
                        "--json");
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals(1, o.get("images").getAsInt());
        assertEquals(4, o.getAsJsonArray("outputs").size());
        for (String f : new String[] {"odd.png", "color/odd.png", "overlay/odd.png"}) {
            BufferedImage m = ImageIO.read(out.resolve(f).toFile());
            assertEquals(53, m.getWidth(), f);
            assertEquals(37, m.getHeight(), f);
        }
        assertTrue(Files.isRegularFile(out.resolve("color/legend.png")));
        BufferedImage index = ImageIO.read(out.resolve("odd.png").toFile());
        int v = index.getRaster().getSample(0, 0, 0);
        assertTrue(v >= 0 && v < 21, "class id " + v);
    }

    private static void mask(Path file, int w, int h, int... values) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, w, h, 0, values);
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void scoreMatchesAHandComputedConfusion() throws Exception {
        Path pred = tmp.resolve("score/pred");
        Path gt = tmp.resolve("score/gt");
        Files.createDirectories(pred);
        Files.createDirectories(gt);
        mask(gt.resolve("a.png"), 2, 2, 0, 1, 1, 255);
        mask(pred.resolve("a.png"), 2, 2, 0, 1, 2, 2);
        mask(gt.resolve("b.png"), 2, 1, 2, 2);
        mask(pred.resolve("b.png"), 2, 1, 2, 0);
        // Rows truth, columns prediction: [1 0 0], [0 1 1], [1 0 1]; class 3 absent.
        Captured c =
                SanetCommandTest.run(
                        "score",
                        "--pred",
                        pred.toString(),
                        "--gt",
                        gt.toString(),
                        "--classes",
                        "4",
                        "--json");
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals(0.6, o.get("pixAcc").getAsDouble(), 1e-9);
        JsonObject per = o.getAsJsonObject("perClassIoU");
        assertEquals(0.5, per.get("0").getAsDouble(), 1e-9);
        assertEquals(0.5, per.get("1").getAsDouble(), 1e-9);
        assertEquals(1.0 / 3, per.get("2").getAsDouble(), 1e-9);
        assertTrue(per.get("3").isJsonNull());
        assertEquals((0.5 + 0.5 + 1.0 / 3) / 3, o.get("mIoU").getAsDouble(), 1e-9);
        assertEquals((0.5 + 0.5 + 1.0 / 3) / 4, o.get("mIoUAllClasses").getAsDouble(), 1e-9);
        assertEquals(2, o.get("images").getAsInt());
        assertEquals(0, o.get("outOfRangePredictions").getAsLong());
    }

    @Test
    void scoreCountsPredictionsOutsideTheClassesAsWrongAndReportsThem() throws Exception {
        Path pred = tmp.resolve("range/pred");
        Path gt = tmp.resolve("range/gt");
        Files.createDirectories(pred);
        Files.createDirectories(gt);
        mask(gt.resolve("a.png"), 2, 2, 0, 1, 1, 0);
        mask(pred.resolve("a.png"), 2, 2, 0, 7, 1, 9);
        Captured c =
                SanetCommandTest.run(
                        "score",
                        "--pred",
                        pred.toString(),
                        "--gt",
                        gt.toString(),
                        "--classes",
                        "3",
                        "--json");
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals(2, o.get("outOfRangePredictions").getAsLong());
        // Labelled 4, correct 2; each class has one hit and one out-of-range miss.
        assertEquals(0.5, o.get("pixAcc").getAsDouble(), 1e-12);
        assertEquals(0.5, o.getAsJsonObject("perClassIoU").get("0").getAsDouble(), 1e-12);
        assertEquals(0.5, o.getAsJsonObject("perClassIoU").get("1").getAsDouble(), 1e-12);
        assertTrue(c.err.contains("a.png has 2 predicted value(s) outside [0, 3)"), c.err);
    }

    @Test
    void scoreMistakesAreOneLine() throws Exception {
        Path pred = tmp.resolve("bad/pred");
        Path gt = tmp.resolve("bad/gt");
        Files.createDirectories(pred);
        Files.createDirectories(gt);
        Captured missing =
                SanetCommandTest.run(
                        "score",
                        "--pred",
                        tmp.resolve("nowhere").toString(),
                        "--gt",
                        gt.toString(),
                        "--classes",
                        "3");
        assertEquals(2, missing.status);
        assertEquals(1, missing.err.strip().lines().count(), missing.err);
        assertTrue(missing.err.contains("nowhere"), missing.err);

        mask(gt.resolve("a.png"), 2, 2, 0, 1, 1, 0);
        mask(pred.resolve("b.png"), 2, 2, 0, 1, 1, 0);
        Captured unmatched =
                SanetCommandTest.run(
                        "score",
                        "--pred",
                        pred.toString(),
                        "--gt",
                        gt.toString(),
                        "--classes",
                        "3");
        assertEquals(2, unmatched.status);
        assertEquals(1, unmatched.err.strip().lines().count(), unmatched.err);
        assertTrue(unmatched.err.contains("1 prediction(s) in"), unmatched.err);
        assertTrue(unmatched.err.contains("have no label"), unmatched.err);

        Files.delete(pred.resolve("b.png"));
        mask(pred.resolve("a.png"), 1, 2, 0, 1);
        Captured size =
                SanetCommandTest.run(
                        "score",
                        "--pred",
                        pred.toString(),
                        "--gt",
                        gt.toString(),
                        "--classes",
                        "3");
        assertEquals(2, size.status);
        assertEquals(1, size.err.strip().lines().count(), size.err);
        assertTrue(size.err.contains("1x2") && size.err.contains("2x2"), size.err);
    }

    @Test
    void evalWithFoldedBatchNormGivesTheSameMIoUOnBothEngines() throws Exception {
        for (String engine : new String[] {"mxnet", "pytorch"}) {
            Captured c =
                    SanetCommandTest.run(
                            "eval",
                            "--model",
                            modelDir.toString(),
                            "--dataset",
                            "voc",
                            "--data",
                            data.toString(),
                            "--split",
                            "val",
                            "--engine",
                            engine,
                            "--fold-bn",
                            "--json");
            assertEquals(0, c.status, c.err);
            JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
            // Folding changes the scores by float rounding only: a pixel on a near tie may flip.
            assertEquals(
                    trained.get("mIoU").getAsDouble(), o.get("mIoU").getAsDouble(), 1e-3, engine);
        }
    }

    @Test
    void aModelTrainedOnMxnetPredictsOnPyTorchWithScoresSaved() throws Exception {
        Path images = tmp.resolve("voc/VOCdevkit/VOC2012/JPEGImages");
        Path mx = tmp.resolve("pred-mxnet");
        Path pt = tmp.resolve("pred-pytorch");
        for (String[] e : new String[][] {{"mxnet", mx.toString()}, {"pytorch", pt.toString()}}) {
            Captured c =
                    SanetCommandTest.run(
                            "predict",
                            "--model",
                            modelDir.toString(),
                            "--input",
                            images.toString(),
                            "--output",
                            e[1],
                            "--engine",
                            e[0],
                            "--save-scores",
                            "--json");
            assertEquals(0, c.status, c.err);
            JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
            assertEquals(e[0].equals("mxnet") ? "MXNet" : "PyTorch", o.get("engine").getAsString());
        }
        long same = 0;
        long total = 0;
        try (var files = Files.list(mx)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".png")).toList()) {
                int[] a = pixels(f);
                int[] b = pixels(pt.resolve(f.getFileName()));
                for (int i = 0; i < a.length; i++) {
                    same += a[i] == b[i] ? 1 : 0;
                }
                total += a.length;
                // The scores are (K, H, W) at the image's size and their arg max is the mask.
                String stem = f.getFileName().toString().replace(".png", "");
                dev.sanet.core.io.Npy.Array scores =
                        dev.sanet.core.io.Npy.read(mx.resolve(stem + ".npy"));
                BufferedImage png = ImageIO.read(f.toFile());
                assertEquals(
                        new ai.djl.ndarray.types.Shape(
                                trained.getAsJsonObject("perClassIoU").size(),
                                png.getHeight(),
                                png.getWidth()),
                        scores.shape());
                assertEquals(argmaxAt(scores, 0, 0), a[0]);
            }
        }
        assertTrue(total > 0);
        assertTrue(same >= 0.999 * total, same + " of " + total + " pixels agree");
    }

    private static int[] pixels(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        return img.getRaster().getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
    }

    private static int argmaxAt(dev.sanet.core.io.Npy.Array s, int y, int x) {
        long k = s.shape().get(0);
        long h = s.shape().get(1);
        long w = s.shape().get(2);
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (s.values()[(int) ((c * h + y) * w + x)]
                    > s.values()[(int) ((best * h + y) * w + x)]) {
                best = c;
            }
        }
        return best;
    }
}
