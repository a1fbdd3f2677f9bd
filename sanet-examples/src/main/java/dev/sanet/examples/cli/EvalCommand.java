package dev.sanet.examples.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Record;
import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.Segmenter;
import dev.sanet.core.metrics.ConfusionMatrix;
import dev.sanet.core.training.ConsoleProgressBar;
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
 * {@code sanet eval}: evaluates a saved model on a split at original size with the paper's protocol
 * ({@link Segmenter}): one confusion matrix over the whole split.
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

    @Mixin EngineOption engine = new EngineOption();

    @Option(names = "--json", description = "Print one JSON object on standard output.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        // Every check before the model is loaded: a bad --crop once reached 24 GB.
        InferenceArgs.checkScales(scales);
        Ranges.sideOrSentinel(
                "--base-size", baseSize, "the model's base size", "each image's own long side");
        Ranges.sideOrSentinel("--crop", crop, "the model's crop size", "no sliding window");
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
            ConfusionMatrix cm =
                    confusion(
                            model,
                            ds,
                            scales,
                            flip,
                            baseSize < 0 ? model.baseSize() : baseSize,
                            crop < 0 ? model.cropSize() : crop);
            long n = ds.size();
            Map<String, Object> o = Scoring.json(cm, ds.classNames(), n, dataset);
            o.put("engine", model.engine());
            o.put("scales", scales);
            o.put("flip", flip);
            if (out != null) {
                Scoring.writeReports(out, cm, ds.classNames(), o);
            }
            if (json) {
                Json.print(System.out, o);
            } else {
                System.out.printf(
                        Locale.ROOT,
                        "%d images: pixAcc %s, mIoU %s (classes present), %s (all classes)%n",
                        n,
                        o.get("pixAcc"),
                        o.get("mIoU"),
                        o.get("mIoUAllClasses"));
            }
            return 0;
        }
    }

    /** Loads the model once the split is known to be complete (its files checked). */
    private SANetModel loadAfter(SegmentationDataset ds) throws IOException {
        DatasetCommand.requireFiles(ds, data, false);
        return SANetModel.load(modelDir, engine.name());
    }

    /**
     * Runs the paper's protocol ({@link Segmenter}) over a whole split with a progress bar on
     * standard error; each image in its own sub-manager.
     *
     * @param model the loaded model
     * @param ds the split (EVAL transform, labels at original size)
     * @param scales scales of the base size
     * @param flip whether to add the flipped prediction
     * @param baseSize the long side at scale 1.0 (0: each image's own)
     * @param crop the sliding-window side (0: no window)
     * @return the confusion matrix over the split
     * @throws IOException when an item cannot be read
     */
    static ConfusionMatrix confusion(
            SANetModel model,
            SegmentationDataset ds,
            List<Double> scales,
            boolean flip,
            int baseSize,
            int crop)
            throws IOException {
        Segmenter segmenter =
                Segmenter.builder(model.model().getBlock(), model.definition()::predictionLogits)
                        .optScales(scales)
                        .optFlip(flip)
                        .optBaseSize(baseSize)
                        .optCropSize(crop)
                        .optPadValue(black(model))
                        .build();
        ConfusionMatrix cm = new ConfusionMatrix(ds.numClasses());
        long n = ds.size();
        ConsoleProgressBar bar = ConsoleProgressBar.stderr();
        try (NDManager root = model.model().getNDManager().newSubManager()) {
            for (long i = 0; i < n; i++) {
                try (NDManager m = root.newSubManager()) {
                    Record r = ds.get(m, i);
                    NDArray image = r.getData().head();
                    NDArray classes = segmenter.classes(image);
                    cm.add(r.getLabels().head(), classes);
                }
                bar.onItems("eval", i + 1, n);
            }
        }
        bar.finish();
        return cm;
    }

    static float[] black(SANetModel model) {
        float[] b = new float[3];
        for (int c = 0; c < 3; c++) {
            b[c] = -model.mean()[c] / model.std()[c];
        }
        return b;
    }
}
