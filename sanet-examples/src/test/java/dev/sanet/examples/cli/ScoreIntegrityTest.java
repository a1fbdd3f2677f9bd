package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sanet score} never reports a silently wrong number (issue 16): predictions outside the
 * classes are misses and counted, label values outside the classes stop the command naming the
 * file, or are skipped and counted under {@code --ignore-bad-labels}; the inputs never change.
 */
class ScoreIntegrityTest {

    @TempDir Path tmp;

    private static void mask(Path file, int w, int h, int... values) throws Exception {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, w, h, 0, values);
        ImageIO.write(img, "png", file.toFile());
    }

    private static Captured score(Path pred, Path gt, String... extra) {
        String[] base = {
            "score", "--pred", pred.toString(), "--gt", gt.toString(), "--classes", "3", "--json"
        };
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return SanetCommandTest.run(args);
    }

    @Test
    void aPredictionHalfFullOfAValueOutsideTheClassesScoresHalf() throws Exception {
        Path pred = tmp.resolve("pred");
        Path gt = tmp.resolve("gt");
        mask(gt.resolve("a.png"), 2, 2, 0, 1, 2, 1);
        mask(pred.resolve("a.png"), 2, 2, 0, 1, 77, 77);
        String before = OutputSafetyTest.hash(tmp);
        Captured c = score(pred, gt);
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals(0.5, o.get("pixAcc").getAsDouble(), 1e-12);
        assertEquals(2, o.get("outOfRangePredictions").getAsLong());
        assertTrue(o.get("mIoU").getAsDouble() < 1.0, c.out);
        assertTrue(c.err.contains("a.png has 2 predicted value(s) outside [0, 3)"), c.err);
        assertEquals(before, OutputSafetyTest.hash(tmp));
    }

    @Test
    void aLabelValueOutsideTheClassesIsAnErrorNamingTheFile() throws Exception {
        Path pred = tmp.resolve("pred");
        Path gt = tmp.resolve("gt");
        mask(gt.resolve("a.png"), 2, 2, 0, 1, 1, 0);
        mask(pred.resolve("a.png"), 2, 2, 0, 1, 1, 0);
        mask(gt.resolve("b.png"), 2, 2, 0, 7, 255, 9);
        mask(pred.resolve("b.png"), 2, 2, 0, 1, 1, 0);
        String before = OutputSafetyTest.hash(tmp);
        Captured c = score(pred, gt);
        OutputSafetyTest.refused(
                c,
                gt.resolve("b.png").toString(),
                "2 label pixel(s) hold values outside 0..2",
                "first: 7 at x=1, y=0",
                "--ignore-bad-labels");
        assertEquals(before, OutputSafetyTest.hash(tmp));
    }

    @Test
    void ignoreBadLabelsSkipsThemWithAWarningAndACount() throws Exception {
        Path pred = tmp.resolve("pred");
        Path gt = tmp.resolve("gt");
        mask(gt.resolve("b.png"), 2, 2, 0, 7, 255, 1);
        mask(pred.resolve("b.png"), 2, 2, 0, 1, 1, 1);
        String before = OutputSafetyTest.hash(tmp);
        Captured c = score(pred, gt, "--ignore-bad-labels");
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals(1, o.get("outOfRangeLabels").getAsLong());
        assertEquals(1.0, o.get("pixAcc").getAsDouble(), 1e-12);
        assertTrue(c.err.contains("warning: " + gt.resolve("b.png")), c.err);
        assertEquals(before, OutputSafetyTest.hash(tmp));
    }

    @Test
    void withoutAnIgnoreValue255IsABadLabelToo() throws Exception {
        Path pred = tmp.resolve("pred");
        Path gt = tmp.resolve("gt");
        mask(gt.resolve("a.png"), 2, 1, 0, 255);
        mask(pred.resolve("a.png"), 2, 1, 0, 1);
        Captured c = score(pred, gt, "--ignore", "-1");
        OutputSafetyTest.refused(c, gt.resolve("a.png").toString(), "ignore value -1");
    }
}
