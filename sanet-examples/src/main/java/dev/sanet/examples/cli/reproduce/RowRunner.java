package dev.sanet.examples.cli.reproduce;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import dev.sanet.core.io.AtomicWrite;
import dev.sanet.core.training.Checkpoint;
import dev.sanet.data.SegmentationDataset;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Trains and evaluates the rows of one experiment, each in its own folder {@code
 * OUT/NAME-runs/ROW}, and keeps each finished row's result in {@code result.json} there.
 *
 * <p>With {@code resume}, a row whose {@code result.json} (or newest checkpoint) was made with
 * other settings stops the run, naming the row; a finished row evaluated the same way is reused
 * without training; an unfinished row continues from its newest checkpoint. An interrupted row
 * (Ctrl-C) throws {@link RowInterruptedException}.
 */
public final class RowRunner {

    private final ReproduceOptions options;
    private final Setup setup;
    private final RowTrainer trainer;
    private final RowEvaluator evaluator;
    private final PrintStream log;

    /**
     * Creates a runner.
     *
     * @param options the experiment, output folder, resume flag, evaluation and synthetic task
     * @param setup the resolved settings
     * @param trainer the seam to training
     * @param evaluator the seam to the paper's evaluation protocol
     * @param log where progress lines go (standard error)
     */
    public RowRunner(
            ReproduceOptions options,
            Setup setup,
            RowTrainer trainer,
            RowEvaluator evaluator,
            PrintStream log) {
        this.options = Objects.requireNonNull(options, "options");
        this.setup = Objects.requireNonNull(setup, "setup");
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * The folder a row trains in.
     *
     * @param row the row
     * @return {@code OUT/NAME-runs/ROW}
     */
    public Path runDir(Row row) {
        return options.out()
                .resolve(options.experiment().cliName() + "-runs")
                .resolve(row.folderName());
    }

    /**
     * Trains and evaluates a row, or reuses its earlier result.
     *
     * @param row the row
     * @return our figures: {@code pixAcc}, {@code mIoU}, {@code mIoUAllClasses}, {@code
     *     perClassIoU}, {@code evaluation}, {@code epochs}, {@code seconds}, {@code modelDir}
     * @throws IllegalArgumentException when resuming a row made with other settings, or the
     *     training split is smaller than a batch
     * @throws RowInterruptedException when training was interrupted
     * @throws IOException when data or outputs fail
     */
    public Map<String, Object> run(Row row) throws IOException {
        String exp = options.experiment().cliName();
        Path runDir = runDir(row);
        JsonObject config = config(row);
        JsonObject evaluation = new JsonObject();
        evaluation.addProperty("scales", options.scales().toString());
        evaluation.addProperty("flip", options.flip());
        Path resultFile = runDir.resolve("result.json");
        if (options.resume()) {
            Map<String, Object> reused = reuse(row, runDir, resultFile, config, evaluation);
            if (reused != null) {
                return reused;
            }
        }
        log.printf("sanet reproduce: %s row %s%n", exp, row.name());
        Map<String, Object> ours = trainAndEvaluate(row, runDir, config);
        JsonObject saved = new JsonObject();
        saved.add("config", config);
        saved.add("evaluation", evaluation);
        saved.add("ours", ReportJson.toTree(ours));
        // Written whole or not at all: a half-written result must not be reused.
        AtomicWrite.writeString(resultFile, saved + "\n");
        return ours;
    }

    /** What the row's training depends on: compared with an earlier run's on resume. */
    private JsonObject config(Row row) {
        JsonObject config = new JsonObject();
        config.add("architecture", row.def().toJson());
        config.addProperty("loss", row.loss().toString());
        config.add("setup", ReportJson.toTree(setup.json()));
        config.addProperty("seed", options.seed());
        if (options.pretrained() != null) {
            config.addProperty("pretrained", options.pretrained().toAbsolutePath().toString());
        }
        if (options.synthetic()) {
            config.addProperty("images", options.images());
            config.addProperty("imageSize", options.imageSize());
        }
        return config;
    }

    /** The earlier result when it was made and evaluated the same way; null to train. */
    private @Nullable Map<String, Object> reuse(
            Row row, Path runDir, Path resultFile, JsonObject config, JsonObject evaluation)
            throws IOException {
        JsonObject trained = trainedWith(runDir, resultFile);
        if (trained != null && !trained.equals(config)) {
            throw new IllegalArgumentException(
                    "--resume: row "
                            + row.name()
                            + " in "
                            + runDir
                            + " was trained with other settings: use the same flags, another"
                            + " --out, or drop --resume to train it again");
        }
        if (!Files.isRegularFile(resultFile)) {
            return null;
        }
        JsonObject saved = JsonParser.parseString(Files.readString(resultFile)).getAsJsonObject();
        if (!evaluation.equals(saved.get("evaluation"))) {
            return null; // trained alike, evaluated otherwise: train on from the checkpoint
        }
        log.printf(
                "sanet reproduce: %s row %s: reusing %s%n",
                options.experiment().cliName(), row.name(), resultFile);
        Map<String, Object> reused =
                new Gson()
                        .fromJson(
                                saved.get("ours"),
                                new TypeToken<LinkedHashMap<String, Object>>() {}.getType());
        if (reused.get("epochs") instanceof Number n) {
            reused.put("epochs", n.intValue());
        }
        return reused;
    }

    /**
     * The settings a row folder was made with: from {@code result.json}, else from the newest
     * checkpoint; null when the folder holds neither.
     */
    private static @Nullable JsonObject trainedWith(Path runDir, Path resultFile)
            throws IOException {
        if (Files.isRegularFile(resultFile)) {
            JsonObject saved =
                    JsonParser.parseString(Files.readString(resultFile)).getAsJsonObject();
            return saved.has("config") ? saved.getAsJsonObject("config") : null;
        }
        var cp = Checkpoint.newest(runDir);
        if (cp.isEmpty() || !cp.get().state().has("config")) {
            return null;
        }
        // The checkpoint's config also names the data; the row's own config does not.
        JsonObject c = cp.get().state().getAsJsonObject("config").deepCopy();
        c.remove("dataset");
        c.remove("data");
        return c;
    }

    private Map<String, Object> trainAndEvaluate(Row row, Path runDir, JsonObject config)
            throws IOException {
        Map<String, Object> ours = new LinkedHashMap<>();
        try (SegmentationDataset train = setup.open(true);
                SegmentationDataset val = setup.open(false)) {
            if (train.size() < setup.batch()) {
                throw new IllegalArgumentException(
                        String.format(
                                Locale.ROOT,
                                "--data %s: split '%s' has %d items, fewer than --batch %d",
                                setup.root(),
                                setup.trainSplit(),
                                train.size(),
                                setup.batch()));
            }
            JsonObject trainConfig = config.deepCopy();
            trainConfig.addProperty("dataset", setup.dataset());
            trainConfig.addProperty("data", setup.root().toAbsolutePath().toString());
            TrainedRow r =
                    trainer.train(row, setup, train, val, runDir, trainConfig, options.resume());
            if (r.interrupted()) {
                throw new RowInterruptedException(row.name());
            }
            RowScores scores = r.scores();
            if (options.protocol()) {
                scores =
                        evaluator.evaluate(
                                r.modelDir(), r.engine(), val, options.scales(), options.flip());
            }
            ours.put("pixAcc", scores.pixAcc());
            ours.put("mIoU", scores.mIoU());
            ours.put("mIoUAllClasses", scores.mIoUAllClasses());
            ours.put("perClassIoU", scores.perClassIoU());
            ours.put("evaluation", options.evaluation());
            ours.put("epochs", r.epochs());
            ours.put("seconds", Math.round(r.seconds() * 10) / 10.0);
            ours.put("modelDir", r.modelDir().toAbsolutePath().toString());
        }
        return ours;
    }
}
