package dev.sanet.examples.cli;

import ai.djl.engine.Engine;
import dev.sanet.core.Backbone;
import dev.sanet.core.data.Resolution;
import dev.sanet.core.io.OutputLock;
import dev.sanet.core.nn.EfficientNet;
import dev.sanet.core.nn.EfficientNetConvention;
import dev.sanet.core.nn.ResNetV1s;
import dev.sanet.core.nn.SegmentationBackbone;
import dev.sanet.core.nn.Stem;
import dev.sanet.core.progress.ConsoleProgressBar;
import dev.sanet.core.training.Checkpoint;
import dev.sanet.core.training.Pretraining;
import dev.sanet.core.training.Recipe;
import dev.sanet.core.training.Schedule;
import dev.sanet.core.training.TrainingProgress;
import dev.sanet.data.ClassificationFolder;
import dev.sanet.data.ItemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sanet pretrain}: trains a backbone as an image classifier on a folder in ImageNet layout
 * ({@link ClassificationFolder}, {@link Pretraining}) and writes {@code RUN/backbone.safetensors},
 * which {@code sanet train --pretrained} reads.
 */
@Command(
        name = "pretrain",
        mixinStandardHelpOptions = true,
        description =
                "Pretrains a ResNet or EfficientNet backbone as an ImageNet-style classifier on an"
                        + " image folder (one sub-folder per class); writes"
                        + " OUT/backbone.safetensors for train --pretrained.")
final class PretrainCommand implements Callable<Integer> {

    /** The flags of the ResNets, which an EfficientNet refuses. */
    private static final List<String> RESNET_FLAGS =
            List.of("--stem", "--avg-down", "--base-width");

    /** The flags of the EfficientNets, which a ResNet refuses. */
    private static final List<String> EFFICIENTNET_FLAGS = List.of("--efficientnet-convention");

    /** What a pretraining run writes in its folder. */
    static final List<String> PRETRAIN_RUN =
            List.of("checkpoints", Pretraining.METRICS, Pretraining.BACKBONE);

    @Option(
            names = "--data",
            required = true,
            paramLabel = "DIR",
            description = "Image folder in ImageNet layout: DIR/CLASS/IMAGE, two classes or more.")
    Path data;

    @Mixin RunFolder output = RunFolder.required();

    @Option(
            names = "--backbone",
            paramLabel = "B",
            description =
                    "resnet18, resnet34, resnet50, resnet101, resnet152, or efficientnet-b0 .."
                            + " efficientnet-b7 (with its ImageNet head: 1x1 convolution, batch"
                            + " norm, SiLU, pooling, dropout, dense) (default: ${DEFAULT-VALUE}).")
    String backbone = "resnet50";

    @Option(
            names = "--stem",
            paramLabel = "S",
            description =
                    "A ResNet's stem: deep64 (train's default), deep32 or standard (torchvision's"
                            + " 7x7) (default: ${DEFAULT-VALUE}).")
    String stem = "deep64";

    @Option(
            names = "--avg-down",
            description = "Average-pool projection shortcuts (ResNet-D; ResNets only).")
    boolean avgDown;

    @Option(
            names = "--base-width",
            paramLabel = "W",
            description = "A ResNet's stem/base width (default: ${DEFAULT-VALUE}).")
    int width = 64;

    @Option(
            names = "--efficientnet-convention",
            paramLabel = "C",
            description =
                    "An EfficientNet's padding and batch-norm epsilon, and the names the file"
                            + " gets: torchvision (torchvision's names), timm or tf (TensorFlow's"
                            + " same padding; timm's names) (default: ${DEFAULT-VALUE}).")
    String efficientNetConvention = "torchvision";

    @Spec CommandSpec spec;

    @Option(names = "--epochs", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs = 90;

    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch = 32;

    @Option(
            names = "--size",
            description = "Side the images are resized to (default: ${DEFAULT-VALUE}).")
    int size = 224;

    @Option(names = "--lr", description = "Base learning rate (default: ${DEFAULT-VALUE}).")
    double lr = 0.1;

    @Option(
            names = "--schedule",
            paramLabel = "NAME",
            description = "cosine or poly (default: ${DEFAULT-VALUE}).")
    String schedule = "cosine";

    @Option(
            names = "--skip-bad",
            description =
                    "Decode every image first and train without those that fail (a truncated JPEG,"
                            + " a 0-byte file), with a warning each; by default the first bad image"
                            + " stops the run with exit 2, naming it.")
    boolean skipBad;

    @Option(
            names = "--keep-checkpoints",
            paramLabel = "N",
            description =
                    "Keep the newest N checkpoints (one per epoch) and delete older ones; --resume"
                            + " needs only the newest. 0 keeps all (default: ${DEFAULT-VALUE}).")
    int keepCheckpoints = KeepCheckpoints.DEFAULT;

    @Option(names = "--resume", description = "Continue from the newest checkpoint in --out.")
    boolean resume;

    @Mixin EngineOption engine = new EngineOption();

    @Mixin SeedOption seedOption = new SeedOption();

    @Mixin ThreadsOption threadCount = new ThreadsOption();

    @Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() throws IOException {
        Path out = output.folder();
        boolean overwrite = output.overwrite();
        long seed = seedOption.value();
        Ranges.check("--epochs", epochs, 1, Ranges.MAX_EPOCHS);
        Ranges.check("--batch", batch, 1, Ranges.MAX_BATCH);
        Ranges.side("--size", size);
        Ranges.positive("--lr", lr, Ranges.MAX_LR);
        int threads = threadCount.count();
        Ranges.check("--base-width", width, 1, 1024);
        Ranges.check("--keep-checkpoints", keepCheckpoints, 0, Ranges.MAX_EPOCHS);
        Schedule sched = parse("--schedule", () -> Schedule.fromName(schedule));
        Backbone depth = parse("--backbone", () -> Backbone.fromName(backbone));
        Stem stemKind = parse("--stem", () -> Stem.fromName(stem));
        EfficientNetConvention convention =
                parse(
                        "--efficientnet-convention",
                        () -> EfficientNetConvention.fromName(efficientNetConvention));
        for (String flag : depth.isEfficientNet() ? RESNET_FLAGS : EFFICIENTNET_FLAGS) {
            if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
                throw new UserException(
                        flag
                                + " does not apply to --backbone "
                                + depth.cliName()
                                + ": drop it, or choose "
                                + (depth.isEfficientNet()
                                        ? "a ResNet backbone"
                                        : "an EfficientNet backbone"));
            }
        }
        // A width out of range fails in the backbone's build(), named --base-width by the root.
        SegmentationBackbone net =
                depth.isEfficientNet()
                        ? EfficientNet.builder()
                                .scale(depth.efficientNetScale())
                                .convention(convention)
                                .outputStride(32)
                                .build()
                        : depth.newBackbone(stemKind, avgDown, width, 32);
        String engineName = engine.name();
        InputChecks.folder("--data", data, "pass a folder with one sub-folder of images per class");
        Splits splits = splits(data);
        Path trainDir = splits.train();
        Path valDir = splits.val();
        List<String> classes = parse("--data", () -> ClassificationFolder.check(trainDir));
        OutputChecks.notClaimed("--out", out);
        if (valDir != null) {
            List<String> valClasses = parse("--data", () -> ClassificationFolder.check(valDir));
            if (!valClasses.equals(classes)) {
                throw new UserException(
                        "--data "
                                + data
                                + ": val/ has the classes "
                                + valClasses
                                + " but train/ has "
                                + classes
                                + ": give both the same class sub-folders");
            }
        }
        OutputChecks.apart("--out", out, "--data", data);
        OutputChecks.writable("--out", out);
        List<Path> earlier =
                OutputChecks.earlierRun(
                        "--out",
                        out,
                        "an earlier pretraining run",
                        PRETRAIN_RUN,
                        resume,
                        overwrite);
        if (resume && !earlier.isEmpty() && Checkpoint.newest(out).isEmpty()) {
            throw new UserException(
                    "--out "
                            + out
                            + " holds an earlier run ("
                            + OutputChecks.listing(earlier)
                            + ") but no checkpoint to continue from: pass --overwrite instead of"
                            + " --resume, or choose another --out");
        }
        java.util.function.Consumer<String> warn = w -> System.err.println("sanet pretrain: " + w);
        ClassificationFolder folder =
                ClassificationFolder.open(trainDir, size, batch, skipBad, warn);
        ClassificationFolder valFolder =
                valDir == null
                        ? null
                        : ClassificationFolder.open(valDir, size, batch, skipBad, warn);
        if (folder.size() < batch) {
            throw new UserException(
                    "--data "
                            + data
                            + " has "
                            + folder.size()
                            + " images, fewer than --batch "
                            + batch
                            + ": lower --batch");
        }
        // The folder is this run's until it ends: a second run into it stops here.
        try (OutputLock lock = OutputChecks.claim("--out", out, "pretrain", "checkpoints")) {
            OutputChecks.clear(overwrite, "pretrain", out, "the earlier run", earlier);
            ConsoleProgressBar bar = ConsoleProgressBar.stderr();
            Pretraining pretraining =
                    (net instanceof EfficientNet e
                                    ? Pretraining.builder(e, classes.size(), out)
                                    : Pretraining.builder((ResNetV1s) net, classes.size(), out))
                            .recipe(
                                    Recipe.pretraining().toBuilder()
                                            .epochs(epochs)
                                            .batchSize(batch)
                                            .resolution(new Resolution(size, size))
                                            .learningRate(lr)
                                            .schedule(sched)
                                            .seed(seed)
                                            .build())
                            .resume(resume)
                            .keepCheckpoints(keepCheckpoints)
                            .engine(engineName)
                            .device(Engine.getEngine(engineName).defaultDevice())
                            .threads(threads)
                            .progress(TrainingProgress.console(bar))
                            .build();
            Pretraining.Result r;
            try {
                r =
                        pretraining.run(
                                folder.dataset(), valFolder == null ? null : valFolder.dataset());
            } catch (IOException | RuntimeException e) {
                ItemException bad = itemCause(e);
                if (bad == null) {
                    throw e;
                }
                throw new UserException(
                        bad.getMessage()
                                + ": fix or remove it, or pass --skip-bad to pretrain without it",
                        e);
            }
            String format = pretraining.format();
            String use =
                    String.format(
                            Locale.ROOT,
                            "--pretrained %s --pretrained-format %s --backbone %s%s",
                            r.backboneFile(),
                            format,
                            depth.cliName(),
                            depth.isEfficientNet()
                                    ? (convention == EfficientNetConvention.TORCHVISION
                                            ? ""
                                            : " --efficientnet-convention " + convention.cliName())
                                    : " --stem "
                                            + stemKind.cliName()
                                            + (avgDown ? " --avg-down" : "")
                                            + (width == 64 ? "" : " --base-width " + width));
            if (json.on()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("backbone", r.backboneFile().toAbsolutePath().toString());
                o.put("format", format);
                o.put("layout", pretraining.backboneDescription());
                o.put("classes", classes);
                o.put("images", folder.size());
                o.put("validationImages", valFolder == null ? 0 : valFolder.size());
                o.put("startEpoch", r.startEpoch());
                List<Map<String, Object>> epochsOut = new ArrayList<>();
                for (Pretraining.Epoch e : r.history()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("epoch", e.epoch());
                    m.put("loss", e.loss());
                    m.put("top1", e.top1());
                    m.put("valTop1", Double.isNaN(e.valTop1()) ? null : e.valTop1());
                    m.put("lr", e.learningRate());
                    m.put("seconds", e.seconds());
                    epochsOut.add(m);
                }
                o.put("epochs", epochsOut);
                o.put("trainOptions", use);
                Json.print(System.out, o);
            } else {
                System.out.printf(
                        Locale.ROOT,
                        "pretrained %s on %d images of %d classes%n",
                        pretraining.backboneDescription(),
                        folder.size(),
                        classes.size());
                for (Pretraining.Epoch e : r.history()) {
                    System.out.printf(
                            Locale.ROOT,
                            "epoch %d: loss %.4f, top-1 %.1f%%%s, lr %.2e (%.1f s)%n",
                            e.epoch(),
                            e.loss(),
                            100 * e.top1(),
                            Double.isNaN(e.valTop1())
                                    ? ""
                                    : String.format(
                                            Locale.ROOT,
                                            ", validation top-1 %.1f%%",
                                            100 * e.valTop1()),
                            e.learningRate(),
                            e.seconds());
                }
                System.out.printf(
                        Locale.ROOT,
                        "backbone: %s%nuse with: sanet train %s%n",
                        r.backboneFile(),
                        use);
            }
            return 0;
        }
    }

    /** The training folder and the validation folder (or null) of {@code --data}. */
    private record Splits(Path train, @Nullable Path val) {}

    /**
     * {@code DIR} itself in the single-folder layout ({@code DIR/CLASS/IMAGE}); {@code DIR/train}
     * and {@code DIR/val} in ImageNet's split layout, recognised by a {@code train} sub-folder that
     * holds class sub-folders rather than images.
     */
    private static Splits splits(Path dir) throws IOException {
        Path train = dir.resolve("train");
        if (!Files.isDirectory(train) || holdsImages(train)) {
            return new Splits(dir, null);
        }
        Path val = dir.resolve("val");
        if (!Files.isDirectory(val)) {
            System.err.println(
                    "sanet pretrain: --data "
                            + dir
                            + " holds train/ but no val/: training on "
                            + train
                            + " without validation (add val/ with the same class sub-folders for a"
                            + " validation top-1 per epoch)");
            return new Splits(train, null);
        }
        return new Splits(train, val);
    }

    /** Whether a folder holds files directly (then it is a class folder, not a split). */
    private static boolean holdsImages(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.anyMatch(Files::isRegularFile);
        }
    }

    /** The bad dataset item behind a failure of the loader, if that is what it was. */
    private static @Nullable ItemException itemCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ItemException i) {
                return i;
            }
        }
        return null;
    }

    /** Runs a parse or check, turning its IllegalArgumentException into a one-line user error. */
    private static <T> T parse(String flag, Check<T> check) throws IOException {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new UserException(flag + ": " + e.getMessage(), e);
        }
    }

    /** A check that may fail with IllegalArgumentException or IOException. */
    @FunctionalInterface
    private interface Check<T> {
        T get() throws IOException;
    }
}
