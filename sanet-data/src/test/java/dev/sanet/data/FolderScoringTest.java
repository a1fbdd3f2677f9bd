package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sanet.core.settings.SettingException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FolderScoring} on PNGs written here with ImageIO: counts, listener, errors, settings. */
class FolderScoringTest {

    @TempDir Path tmp;

    private static void mask(Path file, int w, int h, int... values) throws Exception {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, w, h, 0, values);
        ImageIO.write(img, "png", file.toFile());
    }

    private FolderScoring.Builder scoring(int classes) {
        return FolderScoring.builder()
                .predictions(tmp.resolve("pred"))
                .labels(tmp.resolve("gt"))
                .classes(classes);
    }

    /** What a run told its listener, as lines. */
    private static final class Heard implements FolderScoring.Listener {
        final List<String> lines = new ArrayList<>();

        @Override
        public void unscoredLabels(int count, Path labels) {
            lines.add("unscored " + count);
        }

        @Override
        public void outOfRangePredictions(String name, long count) {
            lines.add("out of range " + name + " " + count);
        }

        @Override
        public void skippedLabels(Path file, String problem) {
            lines.add("skipped " + file.getFileName());
        }

        @Override
        public void scored(long done, long total) {
            lines.add(done + "/" + total);
        }
    }

    @Test
    void scoresMatchAHandComputedConfusion() throws Exception {
        mask(tmp.resolve("gt/a.png"), 2, 2, 0, 1, 1, 255);
        mask(tmp.resolve("pred/a.png"), 2, 2, 0, 1, 2, 2);
        mask(tmp.resolve("gt/b.png"), 2, 1, 2, 2);
        mask(tmp.resolve("pred/b.png"), 2, 1, 2, 0);
        mask(tmp.resolve("gt/only-a-label.png"), 1, 1, 0);
        // A label without a prediction stops the run unless allowed (issue 26).
        ScoringException missing =
                assertThrows(ScoringException.class, () -> scoring(4).build().run());
        assertEquals(ScoringException.Reason.MISSING_PREDICTIONS, missing.reason());
        assertTrue(missing.getMessage().contains("only-a-label.png"), missing.getMessage());
        Heard heard = new Heard();
        FolderScore s = scoring(4).allowMissing(true).build().run(heard);
        assertEquals(1, s.missing());
        // Rows truth, columns prediction: [1 0 0], [0 1 1], [1 0 1]; class 3 absent.
        assertEquals(2, s.images());
        assertEquals(1, s.confusion().get(1, 2));
        assertEquals(1, s.confusion().get(2, 0));
        Map<String, Object> o = s.fields();
        assertEquals(0.6, (Double) o.get("pixAcc"), 1e-12);
        assertEquals(0L, o.get("outOfRangePredictions"));
        assertEquals(2L, o.get("images"));
        assertEquals(2, o.get("scored"));
        assertEquals(1, o.get("missing"));
        assertEquals(List.of("unscored 1", "1/2", "2/2"), heard.lines);
    }

    @Test
    void predictionsOutsideTheClassesAreMissesAndReported() throws Exception {
        mask(tmp.resolve("gt/a.png"), 2, 2, 0, 1, 2, 1);
        mask(tmp.resolve("pred/a.png"), 2, 2, 0, 1, 77, 77);
        Heard heard = new Heard();
        FolderScore s = scoring(3).build().run(heard);
        assertEquals(0.5, s.report().scores().pixelAccuracy(), 1e-12);
        assertEquals(2, s.confusion().outOfRangePredictions());
        assertTrue(heard.lines.contains("out of range a.png 2"), heard.lines.toString());
    }

    @Test
    void aBadLabelStopsNamingTheFileOrIsSkippedAndCounted() throws Exception {
        mask(tmp.resolve("gt/b.png"), 2, 2, 0, 7, 255, 1);
        mask(tmp.resolve("pred/b.png"), 2, 2, 0, 1, 1, 1);
        ScoringException e = assertThrows(ScoringException.class, () -> scoring(3).build().run());
        assertEquals(ScoringException.Reason.BAD_LABELS, e.reason());
        assertEquals(tmp.resolve("gt/b.png"), e.path());
        assertTrue(e.getMessage().contains("1 label pixel(s) hold values outside 0..2"));
        assertTrue(e.getMessage().contains("first: 7 at x=1, y=0"), e.getMessage());

        Heard heard = new Heard();
        FolderScore s = scoring(3).skipBadLabels(true).build().run(heard);
        assertEquals(1, s.confusion().outOfRangeLabels());
        assertEquals(1.0, s.report().scores().pixelAccuracy(), 1e-12);
        assertTrue(heard.lines.contains("skipped b.png"), heard.lines.toString());

        ScoringException none =
                assertThrows(ScoringException.class, () -> scoring(3).ignore(-1).build().run());
        assertTrue(none.getMessage().contains("ignore value -1"), none.getMessage());
    }

    @Test
    void mistakesAreTypedAndNameTheFile() throws Exception {
        mask(tmp.resolve("gt/a.png"), 2, 2, 0, 1, 1, 0);
        mask(tmp.resolve("pred/b.png"), 2, 2, 0, 1, 1, 0);
        ScoringException unmatched =
                assertThrows(ScoringException.class, () -> scoring(3).build().run());
        assertEquals(ScoringException.Reason.UNMATCHED_PREDICTIONS, unmatched.reason());
        assertTrue(unmatched.getMessage().startsWith("1 prediction(s) in"));

        Files.delete(tmp.resolve("pred/b.png"));
        ScoringException empty =
                assertThrows(ScoringException.class, () -> scoring(3).build().run());
        assertEquals(ScoringException.Reason.NOTHING_TO_SCORE, empty.reason());

        mask(tmp.resolve("pred/a.png"), 1, 2, 0, 1);
        ScoringException size =
                assertThrows(ScoringException.class, () -> scoring(3).build().run());
        assertEquals(ScoringException.Reason.SIZE_MISMATCH, size.reason());
        assertEquals("a.png: prediction is 1x2 but the label is 2x2", size.getMessage());

        Files.writeString(tmp.resolve("pred/a.png"), "not a PNG");
        ScoringException unreadable =
                assertThrows(ScoringException.class, () -> scoring(3).build().run());
        assertEquals(ScoringException.Reason.UNREADABLE, unreadable.reason());
        assertEquals(tmp.resolve("pred/a.png"), unreadable.path());
        assertTrue(unreadable.getMessage().contains("unreadable prediction PNG"));

        ScoringException folder =
                assertThrows(
                        ScoringException.class,
                        () -> scoring(3).labels(tmp.resolve("nowhere")).build().run());
        assertEquals(ScoringException.Reason.NOT_A_FOLDER, folder.reason());
    }

    @Test
    void aBadSettingNamesIt() {
        assertEquals(
                "classes",
                assertThrows(SettingException.class, () -> scoring(0).build()).setting());
        assertEquals(
                "ignore",
                assertThrows(SettingException.class, () -> scoring(3).ignore(256).build())
                        .setting());
        assertEquals(
                "labels",
                assertThrows(
                                SettingException.class,
                                () -> FolderScoring.builder().predictions(tmp).classes(3).build())
                        .setting());
    }
}
