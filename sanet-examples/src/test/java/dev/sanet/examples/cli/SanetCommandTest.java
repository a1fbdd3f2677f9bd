package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SanetCommandTest {

    /** Runs the command line and captures standard output and standard error. */
    static final class Captured {
        final int status;
        final String out;
        final String err;

        Captured(int status, String out, String err) {
            this.status = status;
            this.out = out;
            this.err = err;
        }
    }

    static Captured run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = SanetCommand.run(args);
            return new Captured(
                    status,
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void versionJsonIsOneObjectNamingMxnet() {
        Captured c = run("version", "--json");
        assertEquals(0, c.status, c.err);
        assertTrue(c.out.startsWith("{"), c.out);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals("MXNet", o.get("engine").getAsString());
        assertEquals("0.36.0", o.get("djl").getAsString());
        assertTrue(o.get("devices").getAsJsonArray().size() >= 1);
        assertTrue(o.has("sanet") && o.has("engineVersion"));
    }

    @Test
    void versionNamesTheBundledMxnetAndWhatItsLibraryReports() {
        // The jar is mxnet-native-mkl 1.9.1, whose libmxnet reports 1.9.0: both are printed.
        Captured c = run("version");
        assertEquals(0, c.status, c.err);
        assertTrue(
                c.out.contains("MXNet (in use): mxnet-native-mkl 1.9.1 (libmxnet reports 1.9.0)"),
                c.out);
        assertTrue(c.out.contains("pytorch-native-cpu 2.7.1, devices cpu()"), c.out);
        JsonObject o = JsonParser.parseString(run("version", "--json").out).getAsJsonObject();
        assertEquals(
                "mxnet-native-mkl 1.9.1 (libmxnet reports 1.9.0)",
                o.getAsJsonArray("engines")
                        .get(0)
                        .getAsJsonObject()
                        .get("nativeLibrary")
                        .getAsString());
    }

    @Test
    void unknownFlagIsAUserMistakeWithOneLineAndStatusTwo() {
        Captured c = run("version", "--nope");
        assertEquals(SanetCommand.EXIT_USAGE, c.status);
        assertEquals(1, c.err.strip().lines().count(), c.err);
        assertTrue(c.err.contains("--nope"), c.err);
        assertEquals("", c.out);
    }
}
