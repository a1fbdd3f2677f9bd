package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import dev.sanet.data.SyntheticTask;
import dev.sanet.data.SyntheticWriter;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a tiny {@code sanet train} run leaves on disk: only the newest {@code --keep-checkpoints}
 * checkpoints (and resuming still works), and every JSON file, and the JSON it prints, parses with
 * a strict parser although epochs without validation have no metrics (once written as NaN).
 */
class RunFilesTest {

    @TempDir Path tmp;

    private Captured train(Path data, Path out, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "train",
                                "--dataset",
                                "voc",
                                "--data",
                                data.toString(),
                                "--backbone",
                                "resnet18",
                                "--base-width",
                                "8",
                                "--crop",
                                "32",
                                "--base-size",
                                "32",
                                "--batch",
                                "4",
                                "--validate-every",
                                "2",
                                "--out",
                                out.toString(),
                                "--json"));
        args.addAll(List.of(extra));
        return SanetCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void keepsTheNewestCheckpointsResumesAndWritesStrictJson() throws Exception {
        Path data = tmp.resolve("voc");
        SyntheticWriter.write(
                SyntheticWriter.Format.VOC,
                data,
                8,
                SyntheticTask.builder().optSize(32, 32).optSeed(3).build());
        Path out = tmp.resolve("run");
        Captured first = train(data, out, "--epochs", "3", "--keep-checkpoints", "2");
        assertEquals(0, first.status, first.err);
        assertEquals(List.of("epoch-0002", "epoch-0003"), checkpoints(out));
        strict(first.out, "the printed JSON");

        Captured second = train(data, out, "--epochs", "4", "--keep-checkpoints", "2", "--resume");
        assertEquals(0, second.status, second.err);
        JsonObject b = JsonParser.parseString(second.out).getAsJsonObject();
        assertEquals(3, b.get("startEpoch").getAsInt());
        assertEquals(List.of("epoch-0003", "epoch-0004"), checkpoints(out));

        List<Path> files;
        try (Stream<Path> s = Files.walk(out)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        // metrics.json, sanet.json and each checkpoint's checkpoint.json
        assertTrue(files.size() >= 4, String.valueOf(files));
        for (Path f : files) {
            strict(Files.readString(f), f.toString());
        }
        // Epochs 1 and 3 were not validated: their metrics are null, not NaN.
        String metrics = Files.readString(out.resolve("metrics.json"));
        assertTrue(metrics.contains("\"pixAcc\": null"), metrics);
    }

    @Test
    void keepCheckpointsOutOfRangeIsRefusedBeforeAnyWork() {
        Captured c = train(tmp.resolve("none"), tmp.resolve("run"), "--keep-checkpoints", "-1");
        assertEquals(2, c.status, c.err);
        assertTrue(c.err.contains("--keep-checkpoints"), c.err);
        assertFalse(Files.exists(tmp.resolve("run")));
    }

    private static List<String> checkpoints(Path out) throws Exception {
        try (Stream<Path> s = Files.list(out.resolve("checkpoints"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Parses with Gson's strict reader (RFC 8259: no NaN, no Infinity, no comments). */
    static JsonElement strict(String text, String what) {
        JsonReader r = new JsonReader(new StringReader(text));
        r.setStrictness(Strictness.STRICT);
        try {
            return JsonParser.parseReader(r);
        } catch (RuntimeException e) {
            throw new AssertionError(what + " is not strict JSON: " + e.getMessage(), e);
        }
    }
}
