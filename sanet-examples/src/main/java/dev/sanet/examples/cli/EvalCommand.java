package dev.sanet.examples.cli;

import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.EvaluationResult;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.metrics.ScoreReport;
import dev.sanet.core.progress.ConsoleProgressBar;
import dev.sanet.data.DatasetOptions;
import dev.sanet.data.SegmentationDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sanet eval}: evaluates a saved model on a split at original size under an evaluation
 * {@link Protocol} (the library's {@link SANetModel#evaluate}): one confusion matrix over the whole
 * split, reported by {@link ScoreReport}.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluates a saved model with the paper's protocol (scales, flip, window).")
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder.")
    Path modelDir;

    @Option(
            names = "--dataset",
            required = true,
            paramLabel = "D",
            description = "voc, voc-aug, context59, context60, folder or synthetic.")
    String dataset;

    @Option(names = "--data", paramLabel = "ROOT", description = "The dataset's root folder.")
    Path data;

    @Option(names = "--split", description = "Split (default: ${DEFAULT-VALUE}).")
    String split = "val";

    @Option(
            names = "--scales",
            split = ",",
            paramLabel = "LIST",
            description =
                    "Scales of the base size, comma-separated (default: 1.0; the paper:"
                            + " 0.5,0.75,1.0,1.25,1.5,1.75).")
    List<Double> scales = List.of(1.0);

    @Option(names = "--flip", description = "Add the horizontally flipped prediction.")
    boolean flip;

    @Option(
            names = "--base-size",
            description =
                    "Long side at scale 1.0: -1 = the model's base size, 0 = each image's own"
                            + " long side (default: ${DEFAULT-VALUE}).")
    int baseSize = -1;

    @Option(
            names = "--crop",
            description =
                    "Sliding-window side: -1 = the model's crop size, 0 = no window (default:"
                            + " ${DEFAULT-VALUE}).")
    int crop = -1;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Writes per_class.md/.csv, scores.json and confusion.png here.")
    Path out;

    @Option(
            names = "--overwrite",
            description = "Replace report files that exist already in --out.")
    boolean overwrite;

    @Option(
            names = "--fold-bn",
            description =
                    "Fold every batch norm into the convolution before it once the model is"
                            + " loaded: the same masks within float rounding (1e-4),"
                            + " about 10-15%% faster (docs/performance.md).")
    boolean foldBn;

    @Mixin EngineOption engine = new EngineOption();

    @Option(
            names = "--max-side",
            paramLabel = "N",
            description =
                    "Segment an image whose long side exceeds N at a copy scaled to N, and count"
                            + " its classes scaled back up (nearest) against the full-size label;"
                            + " keeps memory bounded by N. 0 = no limit (default: ${DEFAULT-VALUE}).")
    int maxSide = Protocol.DEFAULT_MAX_SIDE;

    @Option(names = "--json", description = "Print one JSON object on standard output.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        // Every check before the model is loaded: a bad --crop once reached 24 GB.
        InferenceArgs.checkScales(scales);
        Ranges.sideOrSentinel(
                "--base-size", baseSize, "the model's base size", "each image's own long side");
        Ranges.sideOrSentinel("--crop", crop, "the model's crop size", "no sliding window");
        if (maxSide != 0 && (maxSide < 32 || maxSide > 4096)) {
            throw new UserException(
                    "--max-side " + maxSide + ": expected 0 (no limit) or an integer in 32..4096");
        }
        InferenceArgs.checkModelDir(modelDir);
        InputChecks.folder("--data", data, "pass the dataset root");
        if (out != null) {
            OutputChecks.apart("--out", out, "--model", modelDir);
            OutputChecks.apart("--out", out, "--data", data);
            OutputChecks.writable("--out", out);
            OutputChecks.planned("--out", out, Scoring.reportFiles(out), List.of(), overwrite);
        }
        try (SegmentationDataset ds =
                        DatasetOpener.open(
                                dataset,
                                DatasetOptions.builder()
                                        .root(data)
                                        .split(split)
                                        .threads(2)
                                        .build());
                SANetModel model = loadAfter(ds)) {
            if (ds.numClasses() != model.classNames().size()) {
                throw new UserException(
                        String.format(
                                Locale.ROOT,
                                "--dataset %s has %d classes but the model predicts %d",
                                dataset,
                                ds.numClasses(),
                                model.classNames().size()));
            }
            Protocol protocol =
                    Protocol.builder()
                            .scales(scales)
                            .flip(flip)
                            .baseSize(baseSize < 0 ? model.baseSize() : baseSize)
                            .cropSize(crop < 0 ? model.cropSize() : crop)
                            .maxSide(maxSide)
                            .build();
            EvaluationResult r = evaluate(model, ds, protocol);
            ScoreReport report =
                    Scoring.report(r.confusion(), ds.classNames(), r.images(), dataset);
            Map<String, Object> o = report.fields();
            o.put("engine", model.engine());
            o.put("scales", scales);
            o.put("flip", flip);
            if (out != null) {
                report.write(out, o);
            }
            if (json) {
                Json.print(System.out, o);
            } else {
                Scoring.printSummary(System.out, r.images(), o);
            }
            return 0;
        }
    }

    /** Loads the model once the split is known to be complete (its files checked). */
    private SANetModel loadAfter(SegmentationDataset ds) throws IOException {
        DatasetCommand.requireFiles(ds, data, false);
        SANetModel model = SANetModel.load(modelDir, engine.name());
        if (foldBn) {
            model.foldBatchNorm();
        }
        return model;
    }

    /**
     * Evaluates a model on a split ({@link SANetModel#evaluate}) with a progress bar on standard
     * error.
     *
     * @param model the loaded model
     * @param ds the split (EVAL transform, labels at original size)
     * @param protocol scales, flip, base and crop size, the bound on the work per image
     * @return the confusion matrix over the split and its scores
     * @throws IOException when an item cannot be read
     */
    static EvaluationResult evaluate(SANetModel model, SegmentationDataset ds, Protocol protocol)
            throws IOException {
        ConsoleProgressBar bar = ConsoleProgressBar.stderr();
        EvaluationResult r =
                model.evaluate(ds, protocol, (done, total) -> bar.onItems("eval", done, total));
        bar.finish();
        return r;
    }
}
