package dev.sanet.examples.cli.reproduce;

import dev.sanet.core.Backbone;
import dev.sanet.data.SegmentationDataset;
import dev.sanet.data.SyntheticTask;
import dev.sanet.data.SyntheticWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One training experiment end to end: writes the synthetic task (synthetic mode), resolves the
 * {@link Setup}, trains and evaluates the plan's rows with a {@link RowRunner}, and returns the
 * plan's {@link Report}. Table 6, which trains nothing, is {@link Table6#report()}.
 */
public final class Reproduction {

    private final ReproduceOptions options;
    private final RowTrainer trainer;
    private final RowEvaluator evaluator;
    private final PrintStream log;
    private final long startNanos;

    /**
     * Creates the run.
     *
     * @param options what to run and how
     * @param trainer the seam to training
     * @param evaluator the seam to the paper's evaluation protocol
     * @param log where progress lines go (standard error)
     * @param startNanos when the command started ({@link System#nanoTime()}), for the wall time
     */
    public Reproduction(
            ReproduceOptions options,
            RowTrainer trainer,
            RowEvaluator evaluator,
            PrintStream log,
            long startNanos) {
        this.options = Objects.requireNonNull(options, "options");
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.log = Objects.requireNonNull(log, "log");
        this.startNanos = startNanos;
    }

    /**
     * The plan of the options' experiment, with the backbone asked for or the paper's.
     *
     * @param o the options
     * @return the experiment's rows and report
     */
    public static ExperimentPlan plan(ReproduceOptions o) {
        Experiment e = o.experiment();
        Backbone bb = o.backbone() != null ? o.backbone() : e.paperBackbone();
        return switch (e) {
            case TABLE1 -> new Table1Plan(bb);
            case TABLE2 -> new Table2Plan(bb);
            case TABLE3 -> new Table3Plan(o.backbones());
            case TABLE4 -> new Table4Plan(bb);
            case FIGURE4 -> new Figure4Plan(bb, o.alphas(), o.betas());
            case TABLE6 -> throw new IllegalArgumentException("table6 trains nothing");
        };
    }

    /**
     * Runs the experiment.
     *
     * @return the report (not yet written)
     * @throws IllegalArgumentException for a user mistake found on the way (a layout, a row made
     *     with other settings)
     * @throws RowInterruptedException when a row's training was interrupted
     * @throws IOException when data or outputs fail
     */
    public Report run() throws IOException {
        Experiment e = options.experiment();
        Path dataDir = options.out().resolve(e.cliName() + "-data");
        if (options.synthetic()) {
            writeSyntheticTask(dataDir);
        }
        Setup setup = Setup.resolve(options, dataDir);
        int numClasses;
        try (SegmentationDataset val = setup.open(false)) {
            numClasses = val.numClasses();
        }
        ExperimentPlan plan = plan(options);
        RowRunner runner = new RowRunner(options, setup, trainer, evaluator, log);
        List<RowResult> results = new ArrayList<>();
        for (Row row :
                plan.rows(
                        new Networks(setup.width(), numClasses, setup.efficientNetConvention()))) {
            results.add(new RowResult(row, runner.run(row)));
        }
        return plan.report(results, new ReportContext(options, setup, startNanos));
    }

    /**
     * The synthetic task in the experiment's layout: fewer distractors and coarser textures than
     * the task's defaults, so that 64-pixel images still show the cues.
     */
    private void writeSyntheticTask(Path dataDir) throws IOException {
        SyntheticWriter.Format format = options.experiment().syntheticFormat();
        log.printf(
                "sanet reproduce: writing %d synthetic %dx%d images (%s layout) to %s%n",
                options.images(),
                options.imageSize(),
                options.imageSize(),
                format.dataset(),
                dataDir);
        SyntheticWriter.write(
                format,
                dataDir,
                options.images(),
                SyntheticTask.builder()
                        .optSize(options.imageSize(), options.imageSize())
                        .optDistractors(0.05)
                        .optTextureScale(1.5)
                        .optSeed(options.seed())
                        .build());
    }
}
