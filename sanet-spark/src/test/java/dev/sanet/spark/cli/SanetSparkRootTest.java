package dev.sanet.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code sanet spark} runs on {@code sanet}'s root (CliRoot): its statuses, lines and version. */
class SanetSparkRootTest {

    /** Runs {@code sanet spark ARGS}: the status, standard output and standard error. */
    private static String[] run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = SanetSpark.run(args);
            return new String[] {
                Integer.toString(status),
                out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)
            };
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void aUsageMistakeIsOneLineAndStatusTwoWithTheHelpHint() {
        String[] r = run("predict", "--model", "m");
        assertEquals("2", r[0], r[2]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        assertTrue(r[2].startsWith("sanet spark: "), r[2]);
        assertTrue(r[2].contains("'--input=DIR'"), r[2]);
        assertTrue(r[2].contains("(see 'sanet spark predict --help')"), r[2]);
        assertEquals("", r[1]);
    }

    @Test
    void theVersionIsSanets() {
        String[] r = run("--version");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("sanet "), r[1]);
    }
}
