package dev.sanet.examples.cli;

import ai.djl.Device;
import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.io.OutputLock;
import dev.sanet.core.training.OptimizerKind;
import dev.sanet.data.DatasetOptions;
import dev.sanet.data.SegmentationDataset;
import dev.sanet.examples.cli.reproduce.Experiment;
import dev.sanet.examples.cli.reproduce.Report;
import dev.sanet.examples.cli.reproduce.ReportWriter;
import dev.sanet.examples.cli.reproduce.ReproduceOptions;
import dev.sanet.examples.cli.reproduce.Reproduction;
import dev.sanet.examples.cli.reproduce.RowInterruptedException;
import dev.sanet.examples.cli.reproduce.Table6;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sanet reproduce}: runs one of the paper's experiments and prints our figures beside the
 * paper's (docs/paper-reading.md section 1), saving {@code NAME.json} and {@code NAME.md} into
 * {@code --out}.
 *
 * <ul>
 *   <li>{@code table1}: the ResNet50 ablation (FCN, +SA heads, +categorical loss, +dense loss);
 *   <li>{@code table2}: SANet-ResNet101 on Context, 59 and 60 classes, beside the competitors; with
 *       {@code --backbone efficientnet-b7}, the paper's best row, SANet-EfficientNet-B7;
 *   <li>{@code table3}: FCN, FCN-SE and SANet with ResNet50 and ResNet101;
 *   <li>{@code table4}: SANet-ResNet101 on VOC with per-class IoU;
 *   <li>{@code table6}: parameters and MACs of FCN, FCN-SE and SANet (ResNet101, 512x512; no
 *       training, no data);
 *   <li>{@code figure4}: the alpha and beta sweeps, also as {@code figure4.png}.
 * </ul>
 *
 * <p>Every training experiment takes exactly one data source: {@code --data ROOT} runs the paper's
 * recipe on the real dataset (SGD, batch 16, crop 480, 20 or 80 epochs; meant for GPU machines),
 * {@code --synthetic} runs the same experiment design on the synthetic task, small enough to finish
 * within 10 minutes on two CPU cores. Each row trains in its own folder under {@code
 * OUT/NAME-runs/ROW}; {@code --resume} reuses finished rows and continues unfinished ones from
 * their newest checkpoint.
 *
 * <p>This class is the flags and their checks; the experiments, the row runner and the reports are
 * in {@link dev.sanet.examples.cli.reproduce}. Training and evaluation are reached through {@link
 * TrainingRunRowTrainer} and {@link ProtocolRowEvaluator}.
 */
@Command(
        name = "reproduce",
        mixinStandardHelpOptions = true,
        description = {
            "Runs one of the paper's experiments and prints it beside the paper's numbers.",
            "table1: ResNet50 ablation (FCN, +SA heads, +Cat loss, +Den loss) on Context.",
            "table2: SANet-ResNet101 on Context, 59 and 60 classes, beside the competitors"
                    + " (--backbone efficientnet-b7: the paper's best row).",
            "table3: FCN, FCN-SE and SANet with ResNet50 and ResNet101 on Context.",
            "table4: SANet-ResNet101 on VOC, per-class IoU.",
            "table6: parameters and MACs of FCN, FCN-SE and SANet (ResNet101, 512x512).",
            "figure4: the alpha and beta sweeps (also figure4.png).",
            "Training experiments need --synthetic (minutes on a CPU) or --data ROOT (the paper's"
                    + " recipe on the real dataset; GPU days)."
        })
final class ReproduceCommand implements Callable<Integer> {

    /** Converts an experiment name; anything else is a usage error (exit 2). */
    static final class ExperimentConverter implements CommandLine.ITypeConverter<Experiment> {
        @Override
        public Experiment convert(String value) {
            try {
                return Experiment.fromName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Parameters(
            index = "0",
            paramLabel = "EXPERIMENT",
            converter = ExperimentConverter.class,
            description = "table1, table2, table3, table4, table6 or figure4.")
    Experiment experiment;

    @Mixin JsonOption json = new JsonOption();

    @Mixin RunFolder output = RunFolder.optional(Path.of("reproductions"));

    @Option(
            names = "--synthetic",
            description = "Run the experiment on the synthetic task (minutes on a CPU).")
    boolean synthetic;

    @Option(
            names = "--data",
            paramLabel = "ROOT",
            description =
                    "Run the paper's recipe on the real dataset under ROOT (Context for table1-3"
                            + " and figure4, VOC + SBD for table4; see docs/training.md).")
    @Nullable Path data;

    @Option(
            names = "--resume",
            description =
                    "Reuse rows that finished with the same settings and continue unfinished rows"
                            + " from their newest checkpoint.")
    boolean resume;

    @Option(
            names = "--epochs",
            description = "Epochs per row (default: the experiment's, see docs/reproduction.md).")
    @Nullable Integer epochs;

    @Option(
            names = "--seconds-per-row",
            description =
                    "Training budget of each row in seconds; epochs are re-planned to fit"
                            + " (default: synthetic per experiment, real none).")
    @Nullable Double secondsPerRow;

    @Option(
            names = "--batch",
            description =
                    "Batch size (default: synthetic 8, table2 on an EfficientNet 4; real 16).")
    @Nullable Integer batch;

    @Option(
            names = "--lr",
            description =
                    "Base learning rate (default: synthetic 0.005 with Adam, table2 on an"
                            + " EfficientNet 0.001; real 0.001 x batch/16, the paper's 0.001 at"
                            + " batch 16).")
    @Nullable Double lr;

    @Option(
            names = "--optimizer",
            description = "sgd or adam (default: synthetic adam, real sgd as the paper).")
    @Nullable String optimizer;

    @Option(
            names = "--head-lr-multiplier",
            description =
                    "Head learning rate relative to the backbone (default: synthetic 1,"
                            + " real 10).")
    @Nullable Double headMultiplier;

    @Option(
            names = "--base-width",
            description =
                    "ResNet stem/base width (default: synthetic 16, real 64 as ResNet; an"
                            + " EfficientNet has none).")
    @Nullable Integer baseWidth;

    @Option(
            names = "--crop",
            description = "Training crop (default: synthetic the image size, real 480).")
    @Nullable Integer crop;

    @Option(
            names = "--base-size",
            description = "Training base size (default: synthetic the image size, real 520).")
    @Nullable Integer baseSize;

    @Option(
            names = "--images",
            description =
                    "Synthetic images, train and val together (default: 240; table2 on an"
                            + " EfficientNet 60).")
    @Nullable Integer images;

    @Option(names = "--image-size", description = "Side of the synthetic images (default: 64).")
    @Nullable Integer imageSize;

    @Option(
            names = "--backbones",
            split = ",",
            description = "table3: backbones to run (default: resnet50,resnet101).")
    List<String> backbones = new ArrayList<>(List.of("resnet50", "resnet101"));

    @Option(
            names = "--backbone",
            description =
                    "table1, table2, table4, figure4: the backbone (default: the paper's,"
                            + " resnet50 for table1/figure4, resnet101 for table2/table4;"
                            + " efficientnet-b7 for table2's best row).")
    @Nullable String backbone;

    @Mixin EfficientNetConventionOption efficientNet = new EfficientNetConventionOption();

    @Option(
            names = "--alphas",
            split = ",",
            description = "figure4: alpha values at the fixed beta (default: ${DEFAULT-VALUE}).")
    List<Double> alphas = new ArrayList<>(List.of(0.0, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0));

    @Option(
            names = "--betas",
            split = ",",
            description = "figure4: beta values at the fixed alpha (default: ${DEFAULT-VALUE}).")
    List<Double> betas = new ArrayList<>(List.of(0.2, 0.4, 0.6, 0.8, 1.0));

    @Option(
            names = "--scales",
            split = ",",
            paramLabel = "LIST",
            description =
                    "Evaluation scales after training (default: 1.0, single scale; the paper's"
                            + " multi-scale: 0.5,0.75,1.0,1.25,1.5,1.75 with --flip).")
    List<Double> scales = new ArrayList<>(List.of(1.0));

    @Option(names = "--flip", description = "Evaluate with the flipped prediction added.")
    boolean flip;

    @CommandLine.Mixin StartOptions launch = new StartOptions();

    @Mixin ThreadsOption threadCount = new ThreadsOption(2);

    @Mixin SeedOption seedOption = new SeedOption();

    private final long start = System.nanoTime();

    /** The devices, once {@code --devices} and {@code --batch} were checked together. */
    private List<Device> devices = List.of();

    @Override
    public Integer call() throws IOException {
        String name = experiment.cliName();
        // Every option and path is checked before any data is written or any row trained.
        checkOptions();
        Path out = output.folder();
        InputChecks.folder("--data", data, "pass the dataset root");
        OutputChecks.notClaimed("--out", out);
        OutputChecks.apart("--out", out, "--data", data);
        OutputChecks.apart("--out", out, "--pretrained", launch.pretrained);
        OutputChecks.writable("--out", out);
        List<Path> earlier =
                OutputChecks.earlierRun(
                        "--out",
                        out,
                        "an earlier " + name + " run",
                        experiment.outputs(),
                        experiment.trains() ? resume : null,
                        output.overwrite());
        if (data != null) {
            checkFiles();
        }
        // The folder is this run's until it ends: a second run into it stops here.
        try (OutputLock lock = OutputChecks.claim("--out", out, "reproduce")) {
            OutputChecks.clear(
                    output.overwrite(), "reproduce", out, "the earlier " + name + " run", earlier);
            Report report;
            try {
                report =
                        experiment.trains()
                                ? new Reproduction(
                                                options(),
                                                new TrainingRunRowTrainer(),
                                                new ProtocolRowEvaluator(),
                                                System.err,
                                                start)
                                        .run()
                                : Table6.report();
            } catch (RowInterruptedException e) {
                System.err.println(
                        "sanet reproduce: "
                                + e.getMessage()
                                + "; finished rows are in "
                                + out.resolve(name + "-runs")
                                + ", rerun with --resume to continue");
                return 130;
            }
            ReportWriter.write(report, out);
            ReportWriter.print(report, out, json.on(), System.out);
            return 0;
        }
    }

    /**
     * Checks every option against its range, and the data source, before any work: one line naming
     * the flag, the value and what is allowed.
     */
    private void checkOptions() {
        String name = experiment.cliName();
        if (!experiment.trains()) {
            if (synthetic || data != null) {
                throw new UserException(
                        "table6 counts parameters and MACs and trains nothing: drop"
                                + " --synthetic/--data (the VOC mIoU is table4)");
            }
            return;
        }
        if (synthetic == (data != null)) {
            throw new UserException(
                    name
                            + " needs exactly one data source: --synthetic (the synthetic task,"
                            + " minutes on a CPU) or --data ROOT (the paper's dataset; see"
                            + " docs/reproduction.md)");
        }
        Ranges.optional("--epochs", epochs, 1, Ranges.MAX_EPOCHS);
        Ranges.optional("--batch", batch, 1, Ranges.MAX_BATCH);
        if (lr != null) {
            Ranges.positive("--lr", lr, Ranges.MAX_LR);
        }
        if (headMultiplier != null) {
            Ranges.positive("--head-lr-multiplier", headMultiplier, 1000);
        }
        if (secondsPerRow != null) {
            Ranges.between("--seconds-per-row", secondsPerRow, 5, 1e7);
        }
        if (crop != null) {
            Ranges.side("--crop", crop);
        }
        if (baseSize != null) {
            Ranges.side("--base-size", baseSize);
        }
        if (baseWidth != null) {
            // Out of range, it fails in build(), named --base-width by the root (SettingFlags).
            SANet.builder().width(baseWidth).build();
        }
        efficientNet.value();
        threadCount.count();
        // The protocol owns the scales' range: a bad one fails in its build(), named --scales.
        Protocol.builder().scales(scales).build();
        if (synthetic) {
            Ranges.optional("--images", images, 8, 1_000_000);
            Ranges.optional("--image-size", imageSize, Ranges.MIN_SIDE, 1024);
        }
        for (double v : alphas) {
            Ranges.between("--alphas", v, 0, 100);
        }
        for (double v : betas) {
            Ranges.between("--betas", v, 0, 100);
        }
        List<Backbone> rows =
                experiment == Experiment.TABLE3
                        ? table3Backbones()
                        : List.of(backbone() != null ? backbone() : experiment.paperBackbone());
        if (baseWidth != null && rows.stream().allMatch(Backbone::isEfficientNet)) {
            throw new UserException(
                    "--base-width "
                            + baseWidth
                            + ": "
                            + rows.get(0).cliName()
                            + " has no base width (its widths follow the compound scaling);"
                            + " drop --base-width");
        }
        optimizerKind();
        devices = List.of(launch.check(batch));
    }

    /** The options of a training experiment, from the checked flags. */
    private ReproduceOptions options() {
        return ReproduceOptions.builder(experiment)
                .out(output.folder())
                .data(data)
                .resume(resume)
                .recipe(epochs, secondsPerRow, batch, lr, optimizerKind(), headMultiplier)
                .sizes(baseWidth, crop, baseSize)
                .syntheticTask(images, imageSize)
                .backbones(backbone(), table3Backbones())
                .efficientNetConvention(efficientNet.value())
                .sweeps(alphas, betas)
                .evaluation(scales, flip)
                .loading(threadCount.count(), seedOption.value())
                .start(devices, launch.engine.name(), launch.pretrained, launch.format())
                .build();
    }

    /** Real mode: every image and label of both splits is there, before the first row trains. */
    private void checkFiles() {
        for (String split : List.of("train", "val")) {
            try (SegmentationDataset ds =
                    DatasetOpener.open(
                            experiment.realDataset(),
                            DatasetOptions.builder()
                                    .root(data)
                                    .split(split)
                                    .threads(threadCount.count())
                                    .build())) {
                DatasetCommand.requireFiles(ds, data, false);
            }
        }
    }

    private @Nullable OptimizerKind optimizerKind() {
        if (optimizer == null) {
            return null;
        }
        try {
            return OptimizerKind.valueOf(optimizer.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("--optimizer " + optimizer + ": expected sgd or adam", e);
        }
    }

    /** {@code --backbone}, or null for the experiment's (the paper's) backbone. */
    private @Nullable Backbone backbone() {
        if (backbone == null) {
            return null;
        }
        try {
            return Backbone.fromName(backbone);
        } catch (IllegalArgumentException e) {
            throw new UserException("--backbone: " + e.getMessage(), e);
        }
    }

    private List<Backbone> table3Backbones() {
        if (backbones.isEmpty()) {
            throw new UserException("--backbones: expected at least one, such as resnet50");
        }
        List<Backbone> bbs = new ArrayList<>();
        for (String b : backbones) {
            try {
                bbs.add(Backbone.fromName(b));
            } catch (IllegalArgumentException e) {
                throw new UserException("--backbones: " + e.getMessage(), e);
            }
        }
        return bbs;
    }
}
