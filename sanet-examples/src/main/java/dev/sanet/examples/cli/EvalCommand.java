package dev.sanet.examples.cli;

import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.EvaluationResult;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.metrics.ScoreReport;
import dev.sanet.core.progress.ConsoleProgressBar;
import dev.sanet.data.SegmentationDataset;
import java.io.IOException;
import java.nio.file.Path;
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

    @Mixin DatasetFlags source = new DatasetFlags(null, "val");

    @Mixin ProtocolOptions protocol = new ProtocolOptions();

    @Mixin ReportOutput report = new ReportOutput();

    @Mixin EngineOption engine = new EngineOption();

    @Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() throws IOException {
        // Every check before the model is loaded: a bad --crop once reached 24 GB.
        protocol.check();
        String dataset = source.name();
        Path data = source.root();
        InferenceArgs.checkModel(modelDir, engine.inferenceName());
        InputChecks.folder("--data", data, "pass the dataset root");
        report.check("--model", modelDir, "--data", data);
        try (SegmentationDataset ds =
                        DatasetOpener.open(dataset, source.options().threads(2).build());
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
            Protocol p = protocol.protocol(model);
            EvaluationResult r = evaluate(model, ds, p);
            ScoreReport scores =
                    Scoring.report(r.confusion(), ds.classNames(), r.images(), dataset);
            Map<String, Object> o = scores.fields();
            o.put("engine", model.engine());
            o.put("scales", p.scales());
            o.put("flip", p.flip());
            report.write("eval", dir -> scores.write(dir, o));
            json.print(System.out, o, () -> Scoring.printSummary(System.out, r.images(), o));
            return 0;
        }
    }

    /** Loads the model once the split is known to be complete (its files checked). */
    private SANetModel loadAfter(SegmentationDataset ds) throws IOException {
        DatasetCommand.requireFiles(ds, source.root(), false);
        SANetModel model = SANetModel.load(modelDir, engine.inferenceName());
        InferenceArgs.noteFixedSize("eval", modelDir, model);
        if (protocol.foldBn()) {
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
