package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sanet.core.training.TrainingDivergedException;
import dev.sanet.data.ItemException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exit statuses and messages of failures (issue 16), one case each. */
class ExitStatusTest {

    private static List<String> lines(StringWriter w) {
        return w.toString().strip().lines().toList();
    }

    @Test
    void divergenceIsTwoLinesAndItsOwnStatus() {
        StringWriter w = new StringWriter();
        TrainingDivergedException diverged =
                new TrainingDivergedException(
                        "the loss became NaN at epoch 2, iteration 7; the last good checkpoint is"
                                + " /r/checkpoints/epoch-0001. Lower the learning rate (now"
                                + " 1.00e+01) and resume.");
        int status =
                CliRoot.report(
                        new IllegalStateException("wrapped", diverged), new PrintWriter(w), false);
        assertEquals(SanetCommand.EXIT_DIVERGED, status);
        assertEquals(3, status);
        List<String> lines = lines(w);
        assertEquals(2, lines.size(), w.toString());
        assertTrue(lines.get(0).startsWith("sanet: training diverged (exit status 3): the loss"));
        assertTrue(lines.get(0).contains("epoch 2, iteration 7"), lines.get(0));
        assertTrue(lines.get(1).contains("/r/checkpoints/epoch-0001"), lines.get(1));
        assertFalse(w.toString().contains("internal error"));
    }

    @Test
    void aBadItemFoundMidRunIsAUserErrorNamingTheFile() {
        StringWriter w = new StringWriter();
        ItemException item = new ItemException(Path.of("/d/a.jpg"), "unreadable image", null);
        int status =
                CliRoot.report(
                        new RuntimeException("data loading failed", item),
                        new PrintWriter(w),
                        false);
        assertEquals(SanetCommand.EXIT_USAGE, status);
        assertEquals(1, lines(w).size(), w.toString());
        assertTrue(w.toString().contains("/d/a.jpg: unreadable image"), w.toString());
    }

    @Test
    void anInternalFailureIsOneLineWithoutAStackTraceUnlessDebugging() {
        StringWriter w = new StringWriter();
        int status =
                CliRoot.report(
                        new IllegalStateException("bad state in /x/y"), new PrintWriter(w), false);
        assertEquals(SanetCommand.EXIT_INTERNAL, status);
        assertEquals(1, lines(w).size(), w.toString());
        assertTrue(w.toString().contains("/x/y"), w.toString());
        StringWriter d = new StringWriter();
        CliRoot.report(new IllegalStateException("boom"), new PrintWriter(d), true);
        assertTrue(d.toString().contains("\tat "), d.toString());
    }

    @Test
    void theHelpDocumentsTheStatuses() {
        SanetCommandTest.Captured c = SanetCommandTest.run("--help");
        assertTrue(c.out.contains("3 training diverged"), c.out);
        SanetCommandTest.Captured t = SanetCommandTest.run("train", "--help");
        assertTrue(t.out.contains("Exit status 3"), t.out);
    }
}
