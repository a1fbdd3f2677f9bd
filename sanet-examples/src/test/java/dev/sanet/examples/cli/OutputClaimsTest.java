package dev.sanet.examples.cli;

import static dev.sanet.examples.cli.OutputSafetyTest.hash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sanet.core.io.OutputLock;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26's output half through the command line: no output replaces a file without {@code
 * --overwrite} or lies in an input ({@code weights export} included), an output folder belongs to
 * one run at a time, and what interrupted runs left is removed. Each case asserts the exit status,
 * the path in the one-line message and unchanged inputs.
 */
class OutputClaimsTest {

    @TempDir static Path tmp;
    static Path model;
    static Path in;

    @BeforeAll
    static void fixtures() throws Exception {
        model = TinyModels.save(tmp.resolve("model"), dev.sanet.core.Backbone.RESNET18);
        in = Files.createDirectories(tmp.resolve("in"));
        OutputSafetyTest.image(in.resolve("cat.png"), "png", 1);
    }

    private static Captured predict(Path out, String... extra) {
        List<String> a =
                new java.util.ArrayList<>(
                        List.of(
                                "predict",
                                "--model",
                                model.toString(),
                                "--input",
                                in.toString(),
                                "--output",
                                out.toString()));
        a.addAll(List.of(extra));
        return SanetCommandTest.run(a.toArray(String[]::new));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void weightsExportNeverWritesIntoTheModelFolderEvenWithOverwrite() throws Exception {
        String before = hash(model);
        for (String target : List.of("sanet-0000.params", "weights.safetensors")) {
            Path out = model.resolve(target);
            for (boolean overwrite : new boolean[] {false, true}) {
                Captured c =
                        overwrite
                                ? SanetCommandTest.run(
                                        "weights",
                                        "export",
                                        "--model",
                                        model.toString(),
                                        "--out",
                                        out.toString(),
                                        "--overwrite")
                                : SanetCommandTest.run(
                                        "weights",
                                        "export",
                                        "--model",
                                        model.toString(),
                                        "--out",
                                        out.toString());
                OutputSafetyTest.refused(c, "--out", out.toString(), "inside the input folder");
            }
        }
        assertEquals(before, hash(model), "the model is unchanged");
    }

    @Test
    void weightsExportRefusesAnExistingFileWithoutOverwriteAndReplacesItWith() throws Exception {
        Path out = tmp.resolve("export/w.safetensors");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "keep me");
        // An interrupted earlier export of the same file left its temporary file.
        Path stale = out.resolveSibling(".w.safetensors.0123456789abcdef.tmp");
        Files.writeString(stale, "half");
        Captured c =
                SanetCommandTest.run(
                        "weights", "export", "--model", model.toString(), "--out", out.toString());
        OutputSafetyTest.refused(c, "--out " + out, "exists", "--overwrite");
        assertEquals("keep me", Files.readString(out));
        Captured ok =
                SanetCommandTest.run(
                        "weights",
                        "export",
                        "--model",
                        model.toString(),
                        "--out",
                        out.toString(),
                        "--overwrite");
        assertEquals(0, ok.status, ok.err);
        assertTrue(Files.size(out) > 1000);
        assertEquals(List.of("w.safetensors"), names(out.getParent()), "stale .tmp removed");
    }

    @Test
    void aSecondRunIntoAFolderInUseIsRefusedNamingTheRunningProcess() throws Exception {
        Path out = tmp.resolve("busy");
        long pid = ProcessHandle.current().pid();
        try (OutputLock first = OutputLock.acquire(out, "sanet predict")) {
            Captured c = predict(out);
            OutputSafetyTest.refused(c, "--output " + out, "in use", "process " + pid);
            assertEquals(List.of(OutputLock.FILE), names(out), "nothing written");
        }
    }

    @Test
    void aStaleLockAndStaleTemporaryFilesAreReplacedWithAWarning() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        Path out = tmp.resolve("stale");
        // A run killed with -9 left its claim (same host, dead pid) and a half-written PNG.
        try (OutputLock probe = OutputLock.acquire(out, "probe")) {
            String host =
                    Files.readString(probe.file())
                            .lines()
                            .filter(l -> l.startsWith("host="))
                            .findFirst()
                            .orElseThrow();
            probe.close();
            Files.writeString(
                    out.resolve(OutputLock.FILE),
                    "pid="
                            + p.pid()
                            + "\n"
                            + host
                            + "\nstarted="
                            + Instant.now()
                            + "\ncommand=sanet predict\n");
        }
        Files.createDirectories(out.resolve("color"));
        Files.writeString(out.resolve("color/.cat.png.00000000deadbeef.tmp"), "half");
        Captured c = predict(out);
        assertEquals(0, c.status, c.err);
        assertTrue(c.err.contains("replaced a stale lock in " + out), c.err);
        assertTrue(c.err.contains("process " + p.pid()), c.err);
        assertTrue(c.err.contains("removed 1 temporary file(s)"), c.err);
        assertEquals(List.of("cat.png", "color"), names(out), "lock released at the end");
        assertEquals(List.of("cat.png", "legend.png"), names(out.resolve("color")));
    }

    @Test
    void weightsImportRemovesWhatAnInterruptedImportOfTheSameTargetLeft() throws Exception {
        Path w = tmp.resolve("imp/w.safetensors");
        Files.createDirectories(w.getParent());
        assertEquals(
                0,
                SanetCommandTest.run(
                                "weights",
                                "export",
                                "--model",
                                model.toString(),
                                "--out",
                                w.toString())
                        .status);
        Path target = tmp.resolve("imp/new-model");
        Path stale = Files.createDirectories(tmp.resolve("imp/.new-model.00000000cafe0001.tmp"));
        Files.writeString(stale.resolve("sanet-0000.params"), "half");
        Path other = Files.createDirectories(tmp.resolve("imp/.other.00000000cafe0002.tmp"));
        Captured c =
                SanetCommandTest.run(
                        "weights",
                        "import",
                        "--model",
                        model.toString(),
                        "--weights",
                        w.toString(),
                        "--out",
                        target.toString());
        assertEquals(0, c.status, c.err);
        assertTrue(c.err.contains("removed 1 temporary folder(s)"), c.err);
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(other), "another target's temporary folder is not ours to remove");
    }

    @Test
    void aFullDiskIsExitOneWithOneLineNamingThePath() {
        Path f = tmp.resolve("out/overlay/cat.png");
        java.io.StringWriter sw = new java.io.StringWriter();
        int status =
                CliRoot.report(
                        new java.io.UncheckedIOException(
                                new dev.sanet.core.io.NoSpaceLeftException(
                                        f, new IOException("No space left on device"))),
                        new java.io.PrintWriter(sw),
                        false);
        assertEquals(CliRoot.EXIT_INTERNAL, status);
        String err = sw.toString();
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("sanet: " + f + ": no space left on device"), err);
    }

    @Test
    void everyCommandWithAnOutputIsCoveredByTheseChecks() {
        // Adding a command with --out or --output fails this test until its case is added to
        // OutputCommandsTest (and the command uses OutputChecks).
        TreeSet<String> found = new TreeSet<>();
        collect(new picocli.CommandLine(new SanetCommand()), "", found);
        assertEquals(new TreeSet<>(OutputCommandsTest.COVERED), found);
    }

    private static void collect(picocli.CommandLine c, String prefix, TreeSet<String> found) {
        for (var e : c.getSubcommands().entrySet()) {
            String name = (prefix + " " + e.getKey()).strip();
            var spec = e.getValue().getCommandSpec();
            if (spec.findOption("--out") != null || spec.findOption("--output") != null) {
                found.add(name);
            }
            collect(e.getValue(), name, found);
        }
    }
}
