package dev.sanet.examples.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.core.Backbone;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report writers, fed with made-up results: no training. */
class ReportsTest {

    private static Map<String, Object> ours(double pixAcc, double mIoU) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("pixAcc", pixAcc);
        o.put("mIoU", mIoU);
        o.put("mIoUAllClasses", mIoU / 2);
        o.put("perClassIoU", Map.of("background", 0.9));
        o.put("evaluation", "single scale");
        o.put("epochs", 2);
        o.put("seconds", 1.5);
        o.put("modelDir", "/m");
        return o;
    }

    private static ReportContext context(Path out, Experiment e) {
        ReproduceOptions o = ReproduceOptions.builder(e).out(out).syntheticTask(16, 32).build();
        return new ReportContext(o, Setup.resolve(o, out.resolve("data")), System.nanoTime());
    }

    private static List<RowResult> results(List<Row> rows, double... mIoUs) {
        List<RowResult> r = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            r.add(new RowResult(rows.get(i), ours(0.8, mIoUs[i])));
        }
        return r;
    }

    @Test
    void table1ReportsGainsOverOurFcnRow(@TempDir Path dir) {
        Table1Plan plan = new Table1Plan(Backbone.RESNET18);
        Report r =
                plan.report(
                        results(plan.rows(new Networks(8, 6)), 0.20, 0.21, 0.23, 0.25),
                        context(dir, Experiment.TABLE1));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) r.json().get("rows");
        @SuppressWarnings("unchecked")
        Map<String, Object> full = (Map<String, Object>) rows.get(3).get("ours");
        assertEquals(0.05, (Double) full.get("deltaMIoU"), 1e-12);
        assertNull(full.get("perClassIoU"));
        assertTrue(r.markdown().contains("| +SA heads +Cat +Den (SANet18) | ✓ | ✓ | ✓ |"));
        assertTrue(r.markdown().contains("+2.7 / +6.0"), r.markdown());
        assertEquals(
                List.of(
                        "experiment",
                        "data",
                        "setup",
                        "pretrained",
                        "images",
                        "imageSize",
                        "rows",
                        "seconds"),
                new ArrayList<>(r.json().keySet()));
    }

    @Test
    void table2Derives60ClassesFrom59AndListsTheCompetitors(@TempDir Path dir) {
        Table2Plan plan = new Table2Plan(Backbone.RESNET18);
        Report r =
                plan.report(
                        results(plan.rows(new Networks(8, 59)), 0.30),
                        context(dir, Experiment.TABLE2));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) r.json().get("rows");
        assertEquals(11, rows.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> sanet = (Map<String, Object>) rows.get(0).get("ours");
        assertEquals(0.30 * 59 / 60, (Double) sanet.get("mIoU60"), 1e-12);
        assertEquals("FCN", rows.get(10).get("name"));
        assertTrue(
                r.markdown().contains("| SANet18 (ours, synthetic) | 29.5 | 30.0 | 52.1 | 53.0 |"));
        assertTrue(r.markdown().contains(", base width 16, up to 25 epochs"), r.markdown());
        assertTrue(
                r.json().get("note").toString().endsWith("not comparable with the paper's 52.1."));
        assertTrue(r.markdown().contains("| CRF-RNN | not run | not run | 39.3 | n/a |"));
    }

    @Test
    void table2OnEfficientNetB7IsThePapersBestRow(@TempDir Path dir) {
        Table2Plan plan = new Table2Plan(Backbone.EFFICIENTNET_B7);
        ReproduceOptions o =
                ReproduceOptions.builder(Experiment.TABLE2)
                        .out(dir)
                        .backbones(Backbone.EFFICIENTNET_B7, Experiment.TABLE3_BACKBONES)
                        .build();
        Report r =
                plan.report(
                        results(plan.rows(new Networks(8, 59)), 0.30),
                        new ReportContext(
                                o, Setup.resolve(o, dir.resolve("d")), System.nanoTime()));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) r.json().get("rows");
        assertEquals(11, rows.size());
        assertEquals("SANet-EfficientNet-B7", rows.get(0).get("name"));
        assertEquals("SANet101", rows.get(1).get("name"));
        String md = r.markdown();
        assertTrue(
                md.contains("| SANet-EfficientNet-B7 (ours, synthetic) | 29.5 | 30.0 | 54.4 |"),
                md);
        assertTrue(md.contains("| SANet101 | not run | not run | 52.1 | n/a |"));
        // The header says what the B7 is (no base width) and the run's own size, the note what
        // the figure is not.
        SyntheticDefaults d = Experiment.EFFICIENTNET_TABLE2;
        assertTrue(
                md.contains(
                        String.format(
                                "the synthetic task (%d images of %dx%d, context59 layout),"
                                        + " EfficientNet-B7 at full size (compound scaling: widths"
                                        + " x2.0, depths x3.1; no base width), torchvision"
                                        + " convention, up to %d epochs",
                                d.images(), d.imageSize(), d.imageSize(), d.epochs())),
                md);
        assertFalse(md.contains("base width 16"), md);
        assertTrue(
                md.contains("is a synthetic run at reduced size")
                        && md.contains("not comparable with the paper's 54.4."),
                md);
        @SuppressWarnings("unchecked")
        Map<String, Object> setup = (Map<String, Object>) r.json().get("setup");
        assertFalse(setup.containsKey("baseWidth"), setup.toString());
        assertEquals("torchvision", setup.get("efficientNetConvention"));
        assertEquals(d.batch(), setup.get("batch"));
        assertEquals(d.images(), r.json().get("images"));
        assertEquals(
                r.json().get("note"),
                md.substring(md.indexOf("SANet-EfficientNet-B7 (ours) is"))
                        .lines()
                        .findFirst()
                        .orElseThrow());
    }

    @Test
    void figure4RepeatsTheSharedRunAndDrawsThePlot(@TempDir Path dir) throws Exception {
        Figure4Plan plan = new Figure4Plan(Backbone.RESNET18, List.of(0.0, 0.2), List.of(0.8));
        List<Row> runs = plan.rows(new Networks(8, 6));
        Report r = plan.report(results(runs, 0.4, 0.5), context(dir, Experiment.FIGURE4));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) r.json().get("rows");
        assertEquals(3, rows.size());
        assertEquals(2, r.json().get("runs"));
        assertEquals("beta sweep alpha=0.2 beta=0.8", rows.get(2).get("name"));
        assertTrue(r.markdown().contains("~47.7"), r.markdown());
        BufferedImage png = ImageIO.read(dir.resolve("figure4.png").toFile());
        assertTrue(png.getWidth() > png.getHeight());
    }

    @Test
    void theWriterSavesJsonAndMarkdownAndPrintsEither(@TempDir Path dir) throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", "table9");
        json.put("withinBand", null);
        Report r = new Report("table9", json, "# Table 9\n");
        ReportWriter.write(r, dir.resolve("new"));
        JsonObject saved =
                JsonParser.parseString(Files.readString(dir.resolve("new/table9.json")))
                        .getAsJsonObject();
        assertTrue(saved.get("withinBand").isJsonNull(), "nulls are written");
        assertTrue(Files.readString(dir.resolve("new/table9.json")).endsWith("}\n"));
        assertEquals("# Table 9\n", Files.readString(dir.resolve("new/table9.md")));
        ByteArrayOutputStream md = new ByteArrayOutputStream();
        ReportWriter.print(r, dir, false, new PrintStream(md, true, StandardCharsets.UTF_8));
        assertEquals(
                "# Table 9\nsaved " + dir.resolve("table9.json") + " and table9.md\n",
                md.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream js = new ByteArrayOutputStream();
        ReportWriter.print(r, dir, true, new PrintStream(js, true, StandardCharsets.UTF_8));
        assertEquals(
                "table9",
                JsonParser.parseString(js.toString(StandardCharsets.UTF_8))
                        .getAsJsonObject()
                        .get("experiment")
                        .getAsString());
    }
}
