package dev.sanet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sanet.data.SyntheticTask;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four example programs with tiny arguments: one training run (16 images of 32x32, width 8, one
 * epoch), then evaluation, prediction and embedding on its model.
 */
class ExamplesTest {

    @TempDir static Path tmp;
    static TrainExample.Result trained;

    @BeforeAll
    static void trainOnce() throws Exception {
        trained =
                TrainExample.runExample(
                        tmp.resolve("run").toString(),
                        "--images",
                        "16",
                        "--size",
                        "32",
                        "--epochs",
                        "1",
                        "--width",
                        "8",
                        "--batch",
                        "4");
    }

    private static String model() {
        return trained.modelDir().toString();
    }

    private static void assertUnit(double v, String what) {
        assertTrue(v >= 0 && v <= 1, what + " = " + v + " is outside [0, 1]");
    }

    @Test
    void trainWritesDataRunAndModel() {
        assertTrue(Files.isRegularFile(trained.modelDir().resolve("sanet.json")));
        assertTrue(Files.isRegularFile(trained.modelDir().resolve("sanet-0000.params")));
        assertTrue(
                Files.isRegularFile(
                        trained.dataDir()
                                .resolve("VOCdevkit/VOC2012/ImageSets/Segmentation/val.txt")));
        assertTrue(Files.isRegularFile(trained.runDir().resolve("metrics.csv")));
        assertEquals(1, trained.epochs());
        // 16 images: 3 (20%) for val, 13 for train, 3 full batches of 4.
        assertEquals(13, trained.trainImages());
        assertEquals(3, trained.valImages());
        assertEquals(3, trained.iterations());
        assertUnit(trained.pixAcc(), "pixAcc");
        assertUnit(trained.mIoU(), "mIoU");
        assertUnit(trained.mIoUAllClasses(), "mIoUAllClasses");
        assertEquals(SyntheticTask.CLASSES, List.copyOf(trained.perClassIoU().keySet()));
    }

    @Test
    void evaluateAtScaleOneReproducesTheValidationOfTraining() throws Exception {
        EvaluateExample.Result r =
                EvaluateExample.runExample(model(), trained.dataDir().toString());
        assertEquals(3, r.images());
        assertEquals(List.of(1.0), r.scales());
        assertEquals(trained.pixAcc(), r.pixAcc(), 1e-9);
        assertEquals(trained.mIoU(), r.mIoU(), 1e-9);
        assertEquals(trained.mIoUAllClasses(), r.mIoUAllClasses(), 1e-9);
        assertEquals(trained.perClassIoU(), r.perClassIoU());
    }

    @Test
    void evaluateMultiScaleWithFlipGivesScoresInRange() throws Exception {
        EvaluateExample.Result r =
                EvaluateExample.runExample(
                        model(),
                        trained.dataDir().toString(),
                        "--split",
                        "val",
                        "--scales",
                        "0.75,1.0,1.5",
                        "--flip");
        assertEquals(List.of(0.75, 1.0, 1.5), r.scales());
        assertTrue(r.flip());
        assertEquals(3, r.images());
        assertUnit(r.pixAcc(), "pixAcc");
        assertUnit(r.mIoU(), "mIoU");
        assertTrue(r.scores().labelledPixels() > 0);
    }

    @Test
    void predictWritesPngsAtEachInputsSize() throws Exception {
        // Two inputs of different sizes: a 32x32 image of the dataset and a 45x29 PNG.
        Path inputs = Files.createDirectories(tmp.resolve("inputs"));
        Path jpegs = trained.dataDir().resolve("VOCdevkit/VOC2012/JPEGImages");
        try (var s = Files.list(jpegs)) {
            Path first = s.sorted().findFirst().orElseThrow();
            Files.copy(first, inputs.resolve("a.jpg"));
        }
        BufferedImage wide = SyntheticTask.builder().optSize(45, 29).build().generate(1, 0).image();
        ImageIO.write(wide, "png", inputs.resolve("b.png").toFile());

        Path out = tmp.resolve("predictions");
        PredictExample.Result r =
                PredictExample.runExample(
                        inputs.toString(),
                        "--model",
                        model(),
                        "--output",
                        out.toString(),
                        "--overlay");
        assertEquals(2, r.outputs().size());
        assertTrue(Files.isRegularFile(r.legend()));
        int[][] sizes = {{32, 32}, {45, 29}};
        for (int i = 0; i < 2; i++) {
            PredictExample.Output o = r.outputs().get(i);
            assertEquals(sizes[i][0], o.width(), o.input().toString());
            assertEquals(sizes[i][1], o.height(), o.input().toString());
            assertNotNull(o.overlayPng());
            for (Path png : List.of(o.indexPng(), o.colorPng(), o.overlayPng())) {
                BufferedImage written = ImageIO.read(png.toFile());
                assertEquals(o.width(), written.getWidth(), png.toString());
                assertEquals(o.height(), written.getHeight(), png.toString());
            }
            assertEquals(SyntheticTask.CLASSES, List.copyOf(o.classPixels().keySet()));
            assertEquals(
                    (long) o.width() * o.height(),
                    o.classPixels().values().stream().mapToLong(Long::longValue).sum());
        }
    }

    @Test
    void predictOneFileWithoutOverlay() throws Exception {
        Path jpegs = trained.dataDir().resolve("VOCdevkit/VOC2012/JPEGImages");
        Path first;
        try (var s = Files.list(jpegs)) {
            first = s.sorted().findFirst().orElseThrow();
        }
        PredictExample.Result r =
                PredictExample.runExample(
                        first.toString(),
                        "--model",
                        model(),
                        "--output",
                        tmp.resolve("one").toString());
        assertEquals(1, r.outputs().size());
        assertEquals(null, r.outputs().get(0).overlayPng());
        assertTrue(Files.isRegularFile(r.outputs().get(0).colorPng()));
    }

    @Test
    void embedSharesOneModelAcrossThreadsAndCountsEveryPixel() throws Exception {
        EmbedExample.Result r =
                EmbedExample.runExample(
                        "--model", model(), "--threads", "2", "--images", "6", "--size", "32");
        assertEquals(6, r.histograms().size());
        assertEquals(2, r.threads());
        assertEquals(2, r.workers().size(), r.workers().toString());
        for (int i = 0; i < 6; i++) {
            EmbedExample.Histogram h = r.histograms().get(i);
            assertEquals(i, h.image());
            assertEquals(32 * 32, h.pixels());
            Map<String, Long> counts = h.classPixels();
            assertEquals(SyntheticTask.CLASSES, List.copyOf(counts.keySet()));
            assertEquals(h.pixels(), counts.values().stream().mapToLong(Long::longValue).sum());
        }
        assertUnit(r.pixelAccuracy(), "pixelAccuracy");
    }

    @Test
    void embedGivesTheSameHistogramsOnOneThreadAsOnTwo() throws Exception {
        String[] args = {"--model", model(), "--images", "4", "--size", "32", "--seed", "3"};
        EmbedExample.Result two = EmbedExample.runExample(concat(args, "--threads", "2"));
        EmbedExample.Result one = EmbedExample.runExample(concat(args, "--threads", "1"));
        for (int i = 0; i < 4; i++) {
            assertEquals(
                    one.histograms().get(i).classPixels(), two.histograms().get(i).classPixels());
        }
        assertEquals(one.pixelAccuracy(), two.pixelAccuracy(), 0);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void assertBadArgument(String value, Executable run) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run);
        assertTrue(e.getMessage().contains(value), e.getMessage());
    }

    @Test
    void badArgumentsAreRefusedNamingTheValue() {
        String dir = tmp.resolve("bad").toString();
        assertBadArgument("--epochs zero", () -> TrainExample.runExample(dir, "--epochs", "zero"));
        assertBadArgument("--width 12", () -> TrainExample.runExample(dir, "--width", "12"));
        assertBadArgument(
                "--optimizer rmsprop",
                () -> TrainExample.runExample(dir, "--optimizer", "rmsprop"));
        assertBadArgument("--bogus", () -> TrainExample.runExample(dir, "--bogus", "1"));
        assertBadArgument("--seconds", () -> TrainExample.runExample(dir, "--seconds"));
        assertBadArgument(
                "nowhere", () -> EvaluateExample.runExample(tmp.resolve("nowhere").toString()));
        assertBadArgument("-2", () -> EvaluateExample.runExample(model(), "--scales", "1.0,-2"));
        assertBadArgument(
                "pascal",
                () ->
                        EvaluateExample.runExample(
                                model(), trained.dataDir().toString(), "--dataset", "pascal"));
        assertBadArgument(
                "missing.png",
                () ->
                        PredictExample.runExample(
                                tmp.resolve("missing.png").toString(), "--model", model()));
        assertBadArgument(
                "--threads 0", () -> EmbedExample.runExample("--model", model(), "--threads", "0"));
        assertBadArgument("extra", () -> EmbedExample.runExample("extra"));
        // Nothing was written for the refused runs.
        assertTrue(Files.notExists(Path.of(dir)));
    }

    @Test
    void aTimeBudgetThatStopsTrainingEarlySaysSo() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.out;
        TrainExample.Result r;
        System.setOut(
                new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            // An epoch takes longer than the whole budget, so the run ends after the first.
            r =
                    TrainExample.runExample(
                            tmp.resolve("budget").toString(),
                            "--images",
                            "8",
                            "--size",
                            "32",
                            "--epochs",
                            "3",
                            "--seconds",
                            "0.001",
                            "--width",
                            "8",
                            "--batch",
                            "4");
        } finally {
            System.setOut(before);
        }
        String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, r.epochs());
        assertTrue(out.contains("stopped at epoch 1 of 3 by the "), out);
        assertTrue(out.contains("--seconds"), out);
    }
}
