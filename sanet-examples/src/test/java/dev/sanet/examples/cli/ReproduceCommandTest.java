package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.data.SyntheticTask;
import dev.sanet.data.SyntheticWriter;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproduceCommandTest {

    @Test
    void table6PrintsRowsBesideThePaperAndSavesThem(@TempDir Path dir) throws Exception {
        Captured c = SanetCommandTest.run("reproduce", "table6", "--json", "--out", dir.toString());
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        JsonArray rows = o.getAsJsonArray("rows");
        assertEquals(3, rows.size());
        assertEquals("FCN101", rows.get(0).getAsJsonObject().get("name").getAsString());
        JsonObject sanet = rows.get(2).getAsJsonObject();
        assertEquals("SANet101", sanet.get("name").getAsString());
        long params = sanet.getAsJsonObject("ours").get("params").getAsLong();
        assertTrue(Math.abs(params - 55.5e6) <= 0.05 * 55.5e6, "params " + params);
        assertTrue(o.get("withinBand").getAsBoolean());
        assertEquals(55_500_000L, sanet.getAsJsonObject("paper").get("params").getAsLong());
        assertTrue(rows.get(0).getAsJsonObject().getAsJsonObject("paper").get("mIoU").isJsonNull());
        // The exact counts, unchanged since the network was last touched (docs/architecture.md).
        long[][] counts = {
            {52_072_917L, 223_025_823_744L},
            {52_091_353L, 223_025_840_128L},
            {53_513_455L, 226_132_616_932L}
        };
        for (int i = 0; i < 3; i++) {
            JsonObject ours = rows.get(i).getAsJsonObject().getAsJsonObject("ours");
            assertEquals(counts[i][0], ours.get("params").getAsLong(), "params of row " + i);
            assertEquals(counts[i][1], ours.get("macs").getAsLong(), "MACs of row " + i);
        }
        String md = Files.readString(dir.resolve("table6.md"));
        assertTrue(md.contains("| SANet101 | 53.5M | 226.1 | 55.5M | 83.2 |"), md);
        assertTrue(md.contains("53.5M vs paper 55.5M: -3.6%, within the 5% band."), md);
        JsonObject saved =
                JsonParser.parseString(Files.readString(dir.resolve("table6.json")))
                        .getAsJsonObject();
        assertEquals(3, saved.getAsJsonArray("rows").size());
    }

    @Test
    void table6MarkdownShowsPaperValues(@TempDir Path dir) {
        Captured c = SanetCommandTest.run("reproduce", "table6", "--out", dir.toString());
        assertEquals(0, c.status, c.err);
        assertTrue(c.out.contains("55.5M"), c.out);
        assertTrue(c.out.contains("n/a"), c.out);
    }

    @Test
    void unknownExperimentIsAUsageError() {
        Captured c = SanetCommandTest.run("reproduce", "table9");
        assertEquals(2, c.status);
        assertTrue(c.err.contains("unknown experiment 'table9'"), c.err);
    }

    @Test
    void trainingExperimentsNeedExactlyOneDataSource(@TempDir Path dir) {
        Captured none = SanetCommandTest.run("reproduce", "table3", "--out", dir.toString());
        assertEquals(2, none.status);
        assertTrue(none.err.contains("--synthetic"), none.err);
        assertTrue(none.err.contains("--data ROOT"), none.err);
        Captured both =
                SanetCommandTest.run(
                        "reproduce",
                        "table1",
                        "--synthetic",
                        "--data",
                        dir.toString(),
                        "--out",
                        dir.toString());
        assertEquals(2, both.status);
        assertTrue(both.err.contains("exactly one data source"), both.err);
        Captured t6 = SanetCommandTest.run("reproduce", "table6", "--synthetic");
        assertEquals(2, t6.status);
        assertTrue(t6.err.contains("trains nothing"), t6.err);
    }

    @Test
    void missingDataRootIsOneLine(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-context");
        Captured c =
                SanetCommandTest.run(
                        "reproduce",
                        "table2",
                        "--data",
                        missing.toString(),
                        "--out",
                        dir.toString());
        assertEquals(2, c.status);
        assertTrue(c.err.contains(missing.toString()), c.err);
        assertEquals(1, c.err.strip().lines().count(), c.err);
    }

    @Test
    void askingForAGpuWithoutOneIsAUsageError(@TempDir Path dir) {
        Captured c =
                SanetCommandTest.run(
                        "reproduce",
                        "table1",
                        "--synthetic",
                        "--devices",
                        "gpu0",
                        "--out",
                        dir.toString());
        assertEquals(2, c.status);
        assertTrue(c.err.contains("--devices gpu0"), c.err);
    }

    @Test
    void aMissingPretrainedFileIsAUsageError(@TempDir Path dir) {
        Path missing = dir.resolve("resnet50_v1s.params");
        Captured c =
                SanetCommandTest.run(
                        "reproduce",
                        "table1",
                        "--synthetic",
                        "--pretrained",
                        missing.toString(),
                        "--out",
                        dir.toString());
        assertEquals(2, c.status);
        assertTrue(c.err.contains("--pretrained " + missing), c.err);
    }

    /** Tiny synthetic settings: 16 images of 32x32, width 8, one epoch. */
    private static String[] tiny(Path dir, String experiment, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "reproduce",
                                experiment,
                                "--synthetic",
                                "--images",
                                "16",
                                "--image-size",
                                "32",
                                "--epochs",
                                "1",
                                "--base-width",
                                "8",
                                "--seconds-per-row",
                                "20",
                                "--json",
                                "--out",
                                dir.toString()));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    private static JsonObject ours(JsonArray rows, int i) {
        return rows.get(i).getAsJsonObject().getAsJsonObject("ours");
    }

    @Test
    void table1SyntheticRunsTheFourAblationRows(@TempDir Path dir) {
        Captured c = SanetCommandTest.run(tiny(dir, "table1", "--backbone", "resnet18"));
        assertEquals(0, c.status, c.err);
        JsonArray rows = JsonParser.parseString(c.out).getAsJsonObject().getAsJsonArray("rows");
        assertEquals(4, rows.size());
        assertEquals("FCN18", rows.get(0).getAsJsonObject().get("name").getAsString());
        assertEquals("+SA heads", rows.get(1).getAsJsonObject().get("name").getAsString());
        assertEquals(0.0, ours(rows, 0).get("deltaMIoU").getAsDouble(), 0.0);
        for (int i = 1; i < 4; i++) {
            double delta =
                    ours(rows, i).get("mIoU").getAsDouble()
                            - ours(rows, 0).get("mIoU").getAsDouble();
            assertEquals(delta, ours(rows, i).get("deltaMIoU").getAsDouble(), 1e-12);
        }
        JsonObject full = rows.get(3).getAsJsonObject().getAsJsonObject("paper");
        assertEquals(0.060, full.get("deltaMIoU").getAsDouble(), 1e-12);
        assertEquals(0.027, full.get("deltaPixAcc").getAsDouble(), 1e-12);
        assertTrue(Files.exists(dir.resolve("table1.md")));
    }

    @Test
    void table2ReportsThe60ClassFigureFromThe59ClassOne(@TempDir Path dir) {
        Captured c = SanetCommandTest.run(tiny(dir, "table2", "--backbone", "resnet18"));
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals("context59", o.getAsJsonObject("setup").get("dataset").getAsString());
        JsonArray rows = o.getAsJsonArray("rows");
        assertEquals(11, rows.size());
        JsonObject sanet = ours(rows, 0);
        assertEquals(
                sanet.get("mIoU59").getAsDouble() * 59 / 60,
                sanet.get("mIoU60").getAsDouble(),
                1e-12);
        JsonObject paper = rows.get(0).getAsJsonObject().getAsJsonObject("paper");
        assertEquals(0.521, paper.get("mIoU60").getAsDouble(), 1e-12);
        assertEquals(0.530, paper.get("mIoU59").getAsDouble(), 1e-12);
        assertTrue(ours(rows, 1).get("mIoU60").isJsonNull(), "competitors are not run");
    }

    @Test
    void table4ListsEveryClassIoU(@TempDir Path dir) throws Exception {
        Captured c = SanetCommandTest.run(tiny(dir, "table4", "--backbone", "resnet18"));
        assertEquals(0, c.status, c.err);
        JsonArray rows = JsonParser.parseString(c.out).getAsJsonObject().getAsJsonArray("rows");
        assertEquals(
                0.832,
                rows.get(0).getAsJsonObject().getAsJsonObject("paper").get("mIoU").getAsDouble(),
                1e-12);
        assertTrue(rows.size() >= 3, "per-class rows follow the summary: " + rows);
        assertEquals("background", rows.get(1).getAsJsonObject().get("name").getAsString());
        String md = Files.readString(dir.resolve("table4.md"));
        assertTrue(md.contains("| background |"), md);
        assertTrue(md.contains("**83.2**"), md);
    }

    @Test
    void figure4SweepsShareTheDefaultRunAndDrawThePlot(@TempDir Path dir) throws Exception {
        Captured c =
                SanetCommandTest.run(
                        tiny(
                                dir,
                                "figure4",
                                "--backbone",
                                "resnet18",
                                "--alphas",
                                "0,0.2",
                                "--betas",
                                "0.8",
                                "--flip"));
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        JsonArray rows = o.getAsJsonArray("rows");
        assertEquals(3, rows.size());
        // --flip scores each run with the paper's protocol on the saved model, not the last
        // validation.
        assertEquals("scales [1.0] + flip", ours(rows, 0).get("evaluation").getAsString());
        double miou = ours(rows, 0).get("mIoU").getAsDouble();
        assertTrue(miou >= 0 && miou <= 1, "mIoU " + miou);
        assertEquals(2, o.get("runs").getAsInt(), "alpha 0.2 / beta 0.8 runs once");
        assertEquals(
                ours(rows, 1).get("mIoU").getAsDouble(),
                ours(rows, 2).get("mIoU").getAsDouble(),
                0.0);
        assertEquals(
                0.477,
                rows.get(0).getAsJsonObject().getAsJsonObject("paper").get("mIoU").getAsDouble(),
                1e-12);
        BufferedImage png = ImageIO.read(dir.resolve("figure4.png").toFile());
        assertNotNull(png);
        assertTrue(png.getWidth() > png.getHeight(), "two panels side by side");
    }

    @Test
    void realModeRunsThePaperRecipeAndResumeReusesFinishedRows(@TempDir Path dir) throws Exception {
        Path ctx = dir.resolve("context");
        SyntheticWriter.write(
                SyntheticWriter.Format.CONTEXT,
                ctx,
                10,
                SyntheticTask.builder().optSize(40, 40).optSeed(3).build());
        String[] args = {
            "reproduce",
            "table3",
            "--data",
            ctx.toString(),
            "--backbones",
            "resnet18",
            "--epochs",
            "1",
            "--batch",
            "2",
            "--crop",
            "32",
            "--base-size",
            "40",
            "--base-width",
            "8",
            "--json",
            "--out",
            dir.resolve("out").toString()
        };
        Captured c = SanetCommandTest.run(args);
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        JsonObject setup = o.getAsJsonObject("setup");
        assertEquals("context59", setup.get("dataset").getAsString());
        assertEquals("sgd", setup.get("optimizer").getAsString());
        assertEquals(0.001 * 2 / 16, setup.get("lr").getAsDouble(), 1e-15);
        assertEquals(10.0, setup.get("headLrMultiplier").getAsDouble(), 0.0);
        JsonArray rows = o.getAsJsonArray("rows");
        assertEquals(3, rows.size());
        assertTrue(Files.exists(dir.resolve("out/table3-runs/SANet18/model/sanet.json")));

        String[] again = Arrays.copyOf(args, args.length + 1);
        again[args.length] = "--resume";
        Captured r = SanetCommandTest.run(again);
        assertEquals(0, r.status, r.err);
        assertTrue(r.err.contains("reusing"), r.err);
        JsonArray reused = JsonParser.parseString(r.out).getAsJsonObject().getAsJsonArray("rows");
        for (int i = 0; i < 3; i++) {
            assertEquals(ours(rows, i).get("mIoU"), ours(reused, i).get("mIoU"));
        }
        String[] other = Arrays.copyOf(again, again.length + 2);
        other[again.length] = "--lr";
        other[again.length + 1] = "0.01";
        Captured changed = SanetCommandTest.run(other);
        assertEquals(2, changed.status);
        assertTrue(changed.err.contains("other settings"), changed.err);
    }

    @Test
    void table3SyntheticRunsTinyRowsBesideThePaper(@TempDir Path dir) {
        Captured c =
                SanetCommandTest.run(
                        "reproduce",
                        "table3",
                        "--synthetic",
                        "--images",
                        "16",
                        "--image-size",
                        "64",
                        "--epochs",
                        "1",
                        "--backbones",
                        "resnet50",
                        "--base-width",
                        "8",
                        "--seconds-per-row",
                        "10",
                        "--json",
                        "--out",
                        dir.toString());
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        JsonArray rows = o.getAsJsonArray("rows");
        assertEquals(3, rows.size());
        JsonObject sanet = rows.get(2).getAsJsonObject();
        assertEquals("SANet50", sanet.get("name").getAsString());
        assertEquals(0.49, sanet.getAsJsonObject("paper").get("mIoU").getAsDouble(), 1e-9);
        double miou = sanet.getAsJsonObject("ours").get("mIoU").getAsDouble();
        assertTrue(miou >= 0 && miou <= 1, "mIoU " + miou);
        assertTrue(Files.exists(dir.resolve("table3.md")));
    }
}
