package dev.sanet.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreReportTest {

    /** Rows truth, columns prediction: [3 1 0], [0 1 0], [0 0 0]; class c is absent. */
    private static ConfusionMatrix matrix() {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        cm.add(0, 0, 3);
        cm.add(0, 1, 1);
        cm.add(1, 1, 1);
        return cm;
    }

    private static final List<String> NAMES = List.of("a", "b,x", "c");

    @Test
    void fieldsAreTheScoresInTheCommandsOrder() {
        Map<String, Object> o = ScoreReport.of(matrix(), NAMES, 2, false).fields();
        assertEquals(
                List.of("pixAcc", "mIoU", "mIoUAllClasses", "perClassIoU", "images"),
                List.copyOf(o.keySet()));
        assertEquals(0.8, (Double) o.get("pixAcc"), 1e-12);
        // IoU a = 3 / (4 + 3 - 3) = 0.75, b = 1 / (1 + 2 - 1) = 0.5, c absent.
        assertEquals((0.75 + 0.5) / 2, (Double) o.get("mIoU"), 1e-12);
        assertEquals((0.75 + 0.5) / 3, (Double) o.get("mIoUAllClasses"), 1e-12);
        assertNull(((Map<?, ?>) o.get("perClassIoU")).get("c"));
        assertEquals(2L, o.get("images"));
        Map<String, Object> context = ScoreReport.of(matrix(), NAMES, 2, true).fields();
        assertEquals((0.75 + 0.5) / 2 * 59 / 60, (Double) context.get("mIoU60"), 1e-12);
    }

    @Test
    void nothingLabelledGivesNullFigures() {
        Map<String, Object> o =
                ScoreReport.of(new ConfusionMatrix(2), List.of("a", "b"), 0, false).fields();
        assertNull(o.get("pixAcc"));
        assertNull(o.get("mIoU"));
        assertEquals(0.0, (Double) o.get("mIoUAllClasses"), 0);
    }

    @Test
    void writesTheFourFiles(@TempDir Path dir) throws Exception {
        ScoreReport report = ScoreReport.of(matrix(), NAMES, 2, false);
        Map<String, Object> o = report.fields();
        o.put("engine", "MXNet");
        Path out = dir.resolve("report");
        report.write(out, o);
        assertEquals(ScoreReport.files(out).size(), 4);
        for (Path f : ScoreReport.files(out)) {
            assertTrue(Files.size(f) > 0, f.toString());
        }
        String csv = Files.readString(out.resolve("per_class.csv"));
        assertTrue(csv.startsWith("class,iou,labelled_pixels,predicted_pixels\n"), csv);
        assertTrue(csv.contains("a,0.7500,4,3\n"), csv);
        assertTrue(csv.contains("\"b,x\",0.5000,1,2\n"), csv);
        assertTrue(csv.contains("c,,0,0\n"), csv);
        String md = Files.readString(out.resolve("per_class.md"));
        assertTrue(md.contains("| c | n/a | 0 | 0 |"), md);
        assertTrue(md.contains("| a | 75.00 | 4 | 3 |"), md);
        assertTrue(md.contains("mIoU (classes present) 62.50%, mIoU (all classes) 41.67%"), md);
        String json = Files.readString(out.resolve("scores.json"));
        assertTrue(json.contains("\"engine\": \"MXNet\""), json);
        assertTrue(json.contains("\"c\": null"), json);
        BufferedImage heat = ImageIO.read(out.resolve("confusion.png").toFile());
        // Row a, column a holds 3/4 of its row: shade 255 * (1 - 0.75) = 64.
        int cell = 24;
        int rgb = heat.getRGB(120 + cell / 2, 120 + cell / 2) & 0xFFFFFF;
        assertEquals(0x4040FF, rgb);
    }

    @Test
    void namesMustMatchTheClassCount() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ScoreReport.of(matrix(), List.of("a"), 1, false));
        assertTrue(e.getMessage().contains("3 classes but 1 class names"), e.getMessage());
        assertFalse(ScoreReport.FILE_NAMES.isEmpty());
    }
}
