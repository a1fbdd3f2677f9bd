package dev.sanet.examples.cli;

import com.google.gson.JsonObject;
import dev.sanet.core.SANet;
import dev.sanet.core.data.Resolution;
import dev.sanet.core.io.OutputLock;
import dev.sanet.core.training.Checkpoint;
import dev.sanet.core.training.IncompatibleCheckpointException;
import dev.sanet.core.training.OptimizerKind;
import dev.sanet.core.training.Recipe;
import dev.sanet.core.training.SANetLoss;
import dev.sanet.core.training.Training;
import dev.sanet.core.training.TrainingConfig;
import dev.sanet.core.training.TrainingResult;
import dev.sanet.data.DatasetOptions;
import dev.sanet.data.Problem;
import dev.sanet.data.SegmentationDataset;
import dev.sanet.data.Transform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sanet train}: trains a network on a dataset with the paper's recipe (docs/paper-reading.md
 * section 4), validating and checkpointing every epoch; {@code --resume} continues a run.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Trains a SANet (or a baseline) with the paper's recipe; checkpoints every epoch.",
        footer = {
            "",
            "Exit status 3: the loss became NaN or infinite; the newest checkpoint is the last good"
                    + " one: lower --lr and pass --resume."
        })
final class TrainCommand implements Callable<Integer> {

    @Mixin DatasetFlags source = new DatasetFlags(null, "train");

    @Option(
            names = "--val-split",
            description = "Validation split, or 'none' (default: ${DEFAULT-VALUE}).")
    String valSplit = "val";

    @Mixin ModelOptions model = new ModelOptions();

    @Option(names = "--epochs", description = "Total epochs (default: ${DEFAULT-VALUE}).")
    int epochs = 80;

    @Option(
            names = "--validate-every",
            paramLabel = "N",
            description =
                    "Validate after every N-th epoch and after the last (default: ${DEFAULT-VALUE}).")
    int validateEvery = 1;

    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch = 16;

    @Option(names = "--crop", description = "Training crop size (default: ${DEFAULT-VALUE}).")
    int crop = 480;

    @Option(
            names = "--base-size",
            description = "Base size of the random scaling (default: ${DEFAULT-VALUE}).")
    int baseSize = 520;

    @Option(
            names = "--lr",
            description = "Base learning rate of the backbone (default: ${DEFAULT-VALUE}).")
    double lr = 0.001;

    @Mixin RunFolder out = RunFolder.optional(null);

    @Option(names = "--resume", description = "Continue from the newest checkpoint in --out.")
    boolean resume;

    @Option(
            names = "--keep-checkpoints",
            paramLabel = "N",
            description =
                    "Keep the newest N checkpoints (one per epoch) and delete older ones; --resume"
                            + " needs only the newest. 0 keeps all (default: ${DEFAULT-VALUE}).")
    int keepCheckpoints = KeepCheckpoints.DEFAULT;

    @Option(names = "--skip-bad", description = "Train on the valid items and skip bad ones.")
    boolean skipBad;

    @Option(names = "--no-cat-loss", description = "Switch the categorical loss off.")
    boolean noCat;

    @Option(names = "--no-dense-loss", description = "Switch the dense loss off.")
    boolean noDense;

    @Option(names = "--no-mask-loss", description = "Switch the mask loss off.")
    boolean noMask;

    @Mixin ThreadsOption threads = new ThreadsOption();

    @Mixin SeedOption seed = new SeedOption();

    @Option(
            names = "--head-lr-multiplier",
            description =
                    "Learning rate of the head relative to the backbone (default: ${DEFAULT-VALUE}).")
    double headMultiplier = 10;

    @Option(
            names = "--optimizer",
            description = "sgd (the paper) or adam (default: ${DEFAULT-VALUE}).")
    String optimizer = "sgd";

    @CommandLine.Mixin StartOptions launch = new StartOptions();

    @Mixin JsonOption json = new JsonOption();

    private OptimizerKind optimizerKind() {
        try {
            return OptimizerKind.valueOf(optimizer.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("--optimizer " + optimizer + ": expected sgd or adam", e);
        }
    }

    @Override
    public Integer call() throws IOException {
        // Every option is checked before any data is read or any file written: the recipe's
        // settings by Recipe's build() (named by flag through the CLI root), the network's by
        // SANet's.
        Ranges.check("--validate-every", validateEvery, 1, Ranges.MAX_EPOCHS);
        Ranges.check("--keep-checkpoints", keepCheckpoints, 0, Ranges.MAX_EPOCHS);
        // The library takes any finite positive rate (divergence is caught while training); a
        // rate above 10 from the command line is a typo.
        Ranges.positive("--lr", lr, Ranges.MAX_LR);
        OptimizerKind optimizerKind = optimizerKind();
        Recipe recipe =
                Recipe.segmentation().toBuilder()
                        .resolution(new Resolution(baseSize, crop))
                        .batchSize(batch)
                        .epochs(epochs)
                        .learningRate(lr)
                        .optimizer(optimizerKind)
                        .headMultiplier(headMultiplier)
                        .seed(seed.value())
                        .build();
        threads.count();
        model.definition(SANet.DEFAULT_NUM_CLASSES); // the network options, before the data
        ai.djl.Device[] devs = launch.check(batch);
        String dataset = source.name();
        Path data = source.root();
        String split = source.split();
        InputChecks.folder("--data", data, "pass the dataset root");
        boolean overwrite = out.overwrite();
        Path outDir =
                out.path() != null ? out.path() : Path.of("runs", dataset.toLowerCase(Locale.ROOT));
        OutputChecks.notClaimed("--out", outDir);
        OutputChecks.apart("--out", outDir, "--data", data);
        OutputChecks.apart("--out", outDir, "--pretrained", launch.pretrained);
        OutputChecks.writable("--out", outDir);
        List<Path> earlier =
                OutputChecks.earlierRun(
                        "--out",
                        outDir,
                        "an earlier run",
                        OutputChecks.TRAIN_RUN,
                        resume,
                        overwrite);
        if (resume && !earlier.isEmpty() && Checkpoint.newest(outDir).isEmpty()) {
            throw new UserException(
                    "--out "
                            + outDir
                            + " holds an earlier run ("
                            + OutputChecks.listing(earlier)
                            + ") but no checkpoint to continue from: pass --overwrite instead of"
                            + " --resume to replace it, or choose another --out");
        }
        SegmentationDataset train = open(split, Transform.TRAIN, recipe, true);
        SegmentationDataset val =
                "none".equalsIgnoreCase(valSplit)
                        ? null
                        : open(valSplit, Transform.EVAL, recipe, false);
        try {
            if (train.size() < batch) {
                throw new UserException(
                        "split '"
                                + split
                                + "' has "
                                + train.size()
                                + " usable items, fewer than --batch "
                                + batch
                                + ": lower --batch");
            }
            if (!skipBad) {
                // A missing file would otherwise surface only when the loader reaches it.
                DatasetCommand.requireFiles(train, data, true);
                if (val != null) {
                    DatasetCommand.requireFiles(val, data, true);
                }
            }
            if (train.skipped() > 0) {
                System.err.printf(
                        "sanet: skipped %d bad item(s) of %s %s (see 'sanet dataset stats'):%n",
                        train.skipped(), dataset, split);
                for (Problem p : train.skippedProblems()) {
                    System.err.println("  " + p);
                }
            }
            SANet def = model.definition(train.numClasses());
            SANetLoss loss =
                    SANetLoss.builder(def)
                            .mask(!noMask)
                            .categorical(!noCat)
                            .dense(!noDense)
                            .build();
            JsonObject config = new JsonObject();
            config.add("architecture", def.toJson());
            config.addProperty("dataset", dataset);
            config.addProperty("split", split);
            config.addProperty("loss", loss.toString());
            // The folder is this run's until it ends: a second train into it stops here.
            OutputLock lock = OutputChecks.claim("--out", outDir, "train", "checkpoints");
            try (lock) {
                OutputChecks.clear(overwrite, "train", outDir, "the earlier run", earlier);
                TrainingConfig.Builder run =
                        TrainingRun.config(
                                        TrainingRun.network(def, train)
                                                .loss(loss)
                                                .pretrained(launch.pretrained)
                                                .pretrainedFormat(launch.format())
                                                .build(),
                                        train)
                                .recipe(recipe)
                                .validateEvery(validateEvery)
                                .devices(devs)
                                .engine(launch.engine.name())
                                .outputDir(outDir)
                                .resume(resume)
                                .keepCheckpoints(keepCheckpoints)
                                .metadata(config);
                TrainingResult r;
                try {
                    r = Training.run(run.build(), train, val);
                } catch (IncompatibleCheckpointException e) {
                    throw new UserException(
                            "--resume: "
                                    + e.getMessage()
                                    + ": use the same options or another --out");
                }
                Map<String, Object> o = TrainingRun.json(r, outDir);
                o.put("skipped", train.skipped());
                o.put("outDir", outDir.toAbsolutePath().toString());
                if (json.on()) {
                    Json.print(System.out, o);
                } else {
                    System.out.printf(
                            Locale.ROOT,
                            "trained %d epoch(s) (from epoch %d) in %.1f s on %s, %s thread(s);"
                                    + " pixAcc %s, mIoU %s%nmodel: %s%nrun:   %s (metrics.json,"
                                    + " metrics.csv, curve.png, checkpoints/: the newest %s)%n",
                            r.summary().epochs(),
                            r.summary().startEpoch(),
                            r.summary().seconds(),
                            r.engine(),
                            o.get("threads"),
                            percent(o.get("pixAcc")),
                            percent(o.get("mIoU")),
                            r.modelDir().toAbsolutePath(),
                            outDir.toAbsolutePath(),
                            keepCheckpoints == 0 ? "all" : String.valueOf(keepCheckpoints));
                }
                return r.summary().interrupted() ? 130 : 0;
            }
        } finally {
            train.close();
            if (val != null) {
                val.close();
            }
        }
    }

    private SegmentationDataset open(String s, Transform t, Recipe recipe, boolean shuffle) {
        DatasetOptions.Builder b =
                DatasetOptions.builder()
                        .root(source.root())
                        .split(s)
                        .transform(t)
                        .skipBad(skipBad)
                        .threads(threads.count())
                        .sampling(t == Transform.TRAIN ? recipe.batchSize() : 1, shuffle, shuffle);
        if (t == Transform.TRAIN) {
            b.resolution(recipe.resolution()).seed(recipe.seed());
        }
        return DatasetOpener.open(source.name(), b.build());
    }

    private static String percent(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.2f%%", 100 * d) : "n/a";
    }
}
