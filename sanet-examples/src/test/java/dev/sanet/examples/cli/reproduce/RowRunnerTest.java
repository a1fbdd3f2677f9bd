package dev.sanet.examples.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.core.Backbone;
import dev.sanet.data.SyntheticWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The row runner's cache and resume rules, with training and evaluation replaced by fakes through
 * the two seams: no network is trained.
 */
class RowRunnerTest {

    @TempDir Path dir;

    private Path data;
    private final List<Boolean> trainedWithResume = new ArrayList<>();
    private final List<List<Double>> evaluatedAt = new ArrayList<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private boolean interrupt;

    @BeforeEach
    void writeTheData() throws Exception {
        data = dir.resolve("table1-data");
        SyntheticWriter.write(SyntheticWriter.Format.VOC, data, 10, 5);
    }

    private final RowTrainer trainer =
            (row, setup, train, val, runDir, config, resume) -> {
                trainedWithResume.add(resume);
                assertEquals("voc", config.get("dataset").getAsString(), "the config names data");
                Files.createDirectories(runDir.resolve("model"));
                return new TrainedRow(
                        new RowScores(0.75, 0.5, 0.25, Map.of("background", 0.9)),
                        3,
                        12.345,
                        runDir.resolve("model"),
                        "MXNet",
                        interrupt);
            };

    private final RowEvaluator evaluator =
            (modelDir, engine, val, scales, flip) -> {
                evaluatedAt.add(scales);
                return new RowScores(0.8, 0.6, 0.3, Map.of("background", 0.95));
            };

    private RowRunner runner(boolean resume, double lr, List<Double> scales) {
        ReproduceOptions o =
                ReproduceOptions.builder(Experiment.TABLE1)
                        .out(dir)
                        .resume(resume)
                        .syntheticTask(10, 32)
                        .recipe(1, null, 2, lr, null, null)
                        .evaluation(scales, false)
                        .build();
        return new RowRunner(
                o,
                Setup.resolve(o, data),
                trainer,
                evaluator,
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private static Row row() {
        return new Table1Plan(Backbone.RESNET18).rows(new Networks(8, 6)).get(1);
    }

    @Test
    void aFinishedRowIsSavedAndReusedWithTheSameSettings() throws Exception {
        Map<String, Object> first = runner(false, 0.005, List.of(1.0)).run(row());
        assertEquals(0.5, first.get("mIoU"));
        assertEquals("single scale", first.get("evaluation"));
        assertEquals(12.3, first.get("seconds"));
        Path result = dir.resolve("table1-runs/+SA_heads/result.json");
        JsonObject saved = JsonParser.parseString(Files.readString(result)).getAsJsonObject();
        assertEquals(
                0.005,
                saved.getAsJsonObject("config").getAsJsonObject("setup").get("lr").getAsDouble(),
                0.0);
        assertFalse(saved.getAsJsonObject("config").has("dataset"), "the row's config omits data");

        Map<String, Object> again = runner(true, 0.005, List.of(1.0)).run(row());
        assertEquals(List.of(false), trainedWithResume, "the second run trained nothing");
        assertEquals(3, again.get("epochs"), "epochs come back as an integer");
        assertEquals(first.get("mIoU"), again.get("mIoU"));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("reusing " + result));
    }

    @Test
    void aRowMadeWithOtherSettingsStopsTheRun() throws Exception {
        runner(false, 0.005, List.of(1.0)).run(row());
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> runner(true, 0.01, List.of(1.0)).run(row()));
        assertTrue(e.getMessage().startsWith("--resume: row +SA heads in "), e.getMessage());
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());
    }

    @Test
    void otherScalesEvaluateWithTheProtocolAndRetrainFromTheCheckpoint() throws Exception {
        runner(false, 0.005, List.of(1.0)).run(row());
        Map<String, Object> ours = runner(true, 0.005, List.of(0.5, 1.0)).run(row());
        assertEquals(List.of(false, true), trainedWithResume);
        assertEquals(List.of(List.of(0.5, 1.0)), evaluatedAt);
        assertEquals(0.6, ours.get("mIoU"));
        assertEquals(Map.of("background", 0.95), ours.get("perClassIoU"));
        assertEquals("scales [0.5, 1.0]", ours.get("evaluation"));
    }

    @Test
    void anInterruptedRowLeavesNoResult() {
        interrupt = true;
        RowInterruptedException e =
                assertThrows(
                        RowInterruptedException.class,
                        () -> runner(false, 0.005, List.of(1.0)).run(row()));
        assertEquals("interrupted during row +SA heads", e.getMessage());
        assertFalse(Files.exists(dir.resolve("table1-runs/+SA_heads/result.json")));
    }

    @Test
    void aTrainingSplitSmallerThanABatchIsAUserMistake() throws Exception {
        ReproduceOptions o =
                ReproduceOptions.builder(Experiment.TABLE1)
                        .out(dir)
                        .recipe(1, null, 64, null, null, null)
                        .build();
        RowRunner r =
                new RowRunner(o, Setup.resolve(o, data), trainer, evaluator, new PrintStream(log));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> r.run(row()));
        assertTrue(e.getMessage().contains("fewer than --batch 64"), e.getMessage());
        assertTrue(trainedWithResume.isEmpty());
    }
}
