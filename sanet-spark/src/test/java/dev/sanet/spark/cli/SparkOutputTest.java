package dev.sanet.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sanet.core.io.OutputLock;
import dev.sanet.spark.SparkTestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sanet spark predict}'s outputs (issue 26): the partial Parquet folder of an interrupted
 * run is named as such with how to continue, and a folder another run holds is refused naming its
 * process; both before Spark starts, exit 2, nothing changed.
 */
class SparkOutputTest {

    @TempDir static Path tmp;
    static Path model;
    static Path in;

    @BeforeAll
    static void fixtures() throws Exception {
        model = tmp.resolve("model");
        SparkTestData.writeModel(model);
        in = tmp.resolve("in");
        SparkTestData.images(in, 2);
    }

    private static String[] args(Path out, String... extra) {
        List<String> a =
                new java.util.ArrayList<>(
                        List.of(
                                "predict",
                                "--model",
                                model.toString(),
                                "--input",
                                in.toString(),
                                "--output",
                                out.toString(),
                                "--master",
                                "local[1]"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    /** Runs and returns {exit status, standard error}. */
    private static Object[] run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int rc = SanetSpark.run(args);
            return new Object[] {rc, buf.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(old);
        }
    }

    private static List<String> tree(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aParquetFolderHoldingOnlyTemporaryIsNamedAsPartialOutput() throws Exception {
        Path out = tmp.resolve("killed");
        Path parquet = out.resolve(SparkPredictCommand.PARQUET);
        Files.createDirectories(parquet.resolve("_temporary/0"));
        List<String> before = tree(out);
        Object[] r = run(args(out));
        String err = (String) r[1];
        assertEquals(2, r[0], err);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.contains(parquet + " is the partial output of an interrupted run"), err);
        assertTrue(err.contains("_temporary"), err);
        assertTrue(err.contains("--overwrite") && err.contains("delete " + parquet), err);
        assertEquals(before, tree(out));
    }

    // The lock is held for the block's duration, never read in it.
    @SuppressWarnings("try")
    @Test
    void aFolderInUseIsRefusedNamingTheRunningProcess() throws Exception {
        Path out = tmp.resolve("busy");
        try (OutputLock other = OutputLock.acquire(out, "sanet spark predict")) {
            Object[] r = run(args(out, "--format", "png"));
            String err = (String) r[1];
            assertEquals(2, r[0], err);
            assertEquals(1, err.strip().lines().count(), err);
            assertTrue(err.contains(out + " is in use"), err);
            assertTrue(err.contains("process " + ProcessHandle.current().pid()), err);
            assertEquals(List.of("", OutputLock.FILE), tree(out));
        }
    }
}
