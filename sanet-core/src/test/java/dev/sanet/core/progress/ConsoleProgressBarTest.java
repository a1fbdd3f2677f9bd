package dev.sanet.core.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The counted-job side of the one progress bar: silent at first, then one line per report. */
class ConsoleProgressBarTest {

    @Test
    void shortJobsPrintNothingAndLongOnesShowTheCountAndEta() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ConsoleProgressBar bar = new ConsoleProgressBar(out, false);
        bar.onItems("reading voc val", 1, 4);
        bar.onItems("reading voc val", 4, 4);
        bar.finish();
        assertEquals("", bytes.toString(StandardCharsets.UTF_8), "quiet during the first second");

        Thread.sleep(1_050);
        bar.onItems("reading voc val", 3, 4);
        bar.onItems("reading voc val", 4, 4);
        bar.finish();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, "the first report and the last item, nothing from finish()");
        assertTrue(
                lines[0].startsWith("reading voc val [##################......] 3/4  75%"),
                lines[0]);
        assertTrue(lines[1].contains("4/4 100%") && lines[1].endsWith("ETA 0:00"), lines[1]);
    }

    @Test
    void anInteractiveBarRedrawsOneLineAndFinishEndsIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgressBar bar =
                new ConsoleProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        Thread.sleep(1_050);
        bar.onItems("eval", 2, 2);
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.startsWith("\r\033[2Keval ") && !drawn.endsWith("\n"), drawn);
        bar.finish();
        assertTrue(bytes.toString(StandardCharsets.UTF_8).endsWith("\n"));
    }

    @Test
    void trainingStepsShowNoEtaUntilEnoughStepsHaveRun() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgressBar bar =
                new ConsoleProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        // One step per epoch, so that every step is an epoch's last and is drawn.
        for (int epoch = 1; epoch <= ConsoleProgressBar.ETA_STEPS + 1; epoch++) {
            bar.onStep(epoch, 100, 1, 1, java.util.Map.of("loss", 1.0), 0.01);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(ConsoleProgressBar.ETA_STEPS + 1, lines.length);
        for (String line : lines) {
            // A few fast steps and less than ETA_SECONDS: no estimate yet, not a wild one.
            assertTrue(line.endsWith("ETA ?"), line);
        }
    }
}
