package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.data.ContactSheet;
import dev.sanet.data.SyntheticTask;
import dev.sanet.data.SyntheticWriter;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sanet train} and {@code sanet demo} on tiny synthetic data and a tiny network. */
class TrainAndDemoCommandTest {

    @TempDir static Path tmp;
    static Path data;

    @BeforeAll
    static void writeData() throws Exception {
        data = tmp.resolve("voc");
        SyntheticWriter.write(
                SyntheticWriter.Format.VOC,
                data,
                10,
                SyntheticTask.builder().optSize(64, 64).optSeed(3).build());
    }

    private static Captured train(Path out, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
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
                                "--lr",
                                "0.01",
                                "--out",
                                out.toString(),
                                "--json"));
        args.addAll(List.of(extra));
        return SanetCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void trainOneEpochThenResumeToTwo() {
        Path out = tmp.resolve("run");
        Captured first = train(out, "--epochs", "1");
        assertEquals(0, first.status, first.err);
        JsonObject a = JsonParser.parseString(first.out).getAsJsonObject();
        assertEquals(0, a.get("startEpoch").getAsInt());
        assertEquals(1, a.get("epochs").getAsInt());
        assertTrue(Files.isRegularFile(Path.of(a.get("modelDir").getAsString(), "sanet.json")));
        assertTrue(a.get("mIoU").getAsDouble() >= 0);
        assertTrue(a.has("perClassIoU") && a.has("pixAcc") && a.has("seconds"));

        Captured second = train(out, "--epochs", "2", "--resume");
        assertEquals(0, second.status, second.err);
        JsonObject b = JsonParser.parseString(second.out).getAsJsonObject();
        assertEquals(1, b.get("startEpoch").getAsInt());
        assertEquals(2, b.get("epochs").getAsInt());
        assertTrue(Files.isRegularFile(out.resolve("metrics.csv")));
        assertTrue(Files.isRegularFile(out.resolve("curve.png")));
    }

    @Test
    void resumingWithAnotherArchitectureIsRefusedWithOneLine() {
        Path out = tmp.resolve("run-arch");
        assertEquals(0, train(out, "--epochs", "1").status);
        Captured c = train(out, "--epochs", "2", "--resume", "--heads", "2");
        assertEquals(2, c.status);
        assertEquals(1, c.err.strip().lines().count(), c.err);
        assertTrue(c.err.contains("another --out"), c.err);
    }

    @Test
    void skipBadTrainsOnTheRestAndSaysHowMany() throws Exception {
        Path broken = tmp.resolve("broken");
        SyntheticWriter.write(
                SyntheticWriter.Format.VOC,
                broken,
                10,
                SyntheticTask.builder().optSize(64, 64).optSeed(4).build());
        Path voc = broken.resolve("VOCdevkit/VOC2012");
        String id = Files.readAllLines(voc.resolve("ImageSets/Segmentation/train.txt")).get(0);
        Files.writeString(voc.resolve("JPEGImages/" + id + ".jpg"), "not a jpeg");
        Captured c =
                SanetCommandTest.run(
                        "train",
                        "--dataset",
                        "voc",
                        "--data",
                        broken.toString(),
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
                        "--val-split",
                        "none",
                        "--skip-bad",
                        "--out",
                        tmp.resolve("run-bad").toString(),
                        "--json");
        assertEquals(0, c.status, c.err);
        assertEquals(1, JsonParser.parseString(c.out).getAsJsonObject().get("skipped").getAsInt());
        assertTrue(c.err.contains("skipped 1 bad item"), c.err);
        assertTrue(c.err.contains(id), c.err);
    }

    @Test
    void missingDataIsAUserMistake() {
        Captured c =
                SanetCommandTest.run(
                        "train", "--dataset", "voc", "--data", tmp.resolve("nowhere").toString());
        assertEquals(2, c.status);
        assertEquals(1, c.err.strip().lines().count(), c.err);
        assertTrue(c.err.contains("nowhere"), c.err);
    }

    @Test
    void demoWritesDataModelPicturesAndCurve() throws Exception {
        Path out = tmp.resolve("demo");
        // A second demo into the same folder replaces the first only with --overwrite; a stale
        // checkpoint of the earlier demo must not survive into the new run.
        Path stale = out.resolve("run/checkpoints/epoch-0099");
        Files.createDirectories(stale);
        Files.writeString(stale.resolve("checkpoint.json"), "{}");
        Captured c =
                SanetCommandTest.run(
                        "demo",
                        "--out",
                        out.toString(),
                        "--epochs",
                        "2",
                        "--validate-every",
                        "2",
                        "--images",
                        "20",
                        "--image-size",
                        "64",
                        "--base-width",
                        "8",
                        "--pictures",
                        "2",
                        "--overwrite",
                        "--json");
        assertEquals(0, c.status, c.err);
        assertTrue(c.err.contains("removed the earlier demo"), c.err);
        assertTrue(!Files.exists(stale), "the earlier demo's checkpoints are gone");
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        for (String f : new String[] {"pixAcc", "mIoU", "perClassIoU", "epochs", "seconds"}) {
            assertTrue(o.has(f), f);
        }
        assertTrue(o.get("epochs").getAsInt() >= 1);
        assertTrue(Files.isRegularFile(Path.of(o.get("modelDir").getAsString(), "sanet.json")));
        assertTrue(
                Files.isRegularFile(
                        Path.of(o.get("dataDir").getAsString(), "VOCdevkit/VOC2012/classes.txt")));
        assertTrue(Files.isRegularFile(out.resolve("curve.png")));
        assertTrue(Files.isRegularFile(out.resolve("legend.png")));
        assertEquals(4, o.getAsJsonArray("pictures").size());
        // The summary names the engine and its threads and every file by absolute path.
        assertTrue(List.of("MXNet", "PyTorch").contains(o.get("engine").getAsString()));
        assertTrue(o.get("threads").getAsInt() >= 1);
        for (var f : o.getAsJsonArray("files")) {
            Path p = Path.of(f.getAsString());
            assertTrue(p.isAbsolute() && Files.isRegularFile(p), p.toString());
        }
        // The demo keeps its last checkpoint only.
        try (var s = Files.list(out.resolve("run/checkpoints"))) {
            assertEquals(
                    List.of("epoch-0002"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        // The contact sheet: 4 columns and 2 rows of cells of at least 256 px, and the legend.
        BufferedImage sheet = ImageIO.read(Path.of(o.get("contactSheet").getAsString()).toFile());
        assertTrue(sheet.getWidth() >= 4 * ContactSheet.MIN_CELL, "" + sheet.getWidth());
        assertTrue(sheet.getHeight() >= 2 * ContactSheet.MIN_CELL + 100, "" + sheet.getHeight());
        // Every JSON file of a demo-sized run, and what it printed, is strict JSON: epoch 1 was
        // not validated, so its metrics are null (once bare NaN).
        RunFilesTest.strict(c.out, "the demo's --json output");
        try (var s = Files.walk(out)) {
            List<Path> json =
                    s.filter(p -> p.toString().endsWith(".json"))
                            .filter(p -> !p.startsWith(out.resolve("data")))
                            .toList();
            assertTrue(json.size() >= 3, String.valueOf(json));
            for (Path p : json) {
                RunFilesTest.strict(Files.readString(p), p.toString());
            }
        }
        assertTrue(Files.readString(out.resolve("run/metrics.json")).contains("null"));
    }

    @Test
    void demoHelpStatesTheEngineTheDemoUses() {
        Captured c = SanetCommandTest.run("demo", "--help");
        assertEquals(0, c.status, c.err);
        String help = c.out.replaceAll("\\s+", " ");
        assertTrue(help.contains("else pytorch"), help);
        assertTrue(!help.contains("else mxnet"), help);
    }
}
