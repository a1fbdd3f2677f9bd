package dev.sanet.examples.cli;

import ai.djl.translate.TranslateException;
import com.google.gson.JsonObject;
import dev.sanet.core.Backbone;
import dev.sanet.core.Engines;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.ImagePredictor;
import dev.sanet.core.inference.Segmentation;
import dev.sanet.core.io.AtomicWrite;
import dev.sanet.core.io.OutputLock;
import dev.sanet.core.io.Palette;
import dev.sanet.core.training.OptimizerKind;
import dev.sanet.core.training.Training;
import dev.sanet.core.training.TrainingResult;
import dev.sanet.data.ContactSheet;
import dev.sanet.data.DatasetOptions;
import dev.sanet.data.ItemException;
import dev.sanet.data.LabeledImage;
import dev.sanet.data.MaskImages;
import dev.sanet.data.PredictionWriter;
import dev.sanet.data.SegmentationDataset;
import dev.sanet.data.SyntheticTask;
import dev.sanet.data.SyntheticWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sanet demo}: the main job end to end on the embedded default. Writes the synthetic
 * shape-and-texture task in VOC layout, trains a small SANet (ResNet18 at a quarter of the width,
 * from scratch) for a fixed number of epochs with a fixed seed, evaluates it on the validation
 * split, prints the per-class IoU table and writes predictions, overlays, a legend, the training
 * curve and the model.
 *
 * <p>The defaults are tuned for a 2-core CPU: 96x96 images with coarse textures and few
 * distractors, Adam at 0.005 with the head at the backbone's rate (SGD from scratch learns this
 * task several times more slowly), all losses of the paper on. The run's length is a number of
 * epochs, not a time, so that the same command computes the same model on every machine; {@code
 * --seconds} is an optional cap ({@code TrainingConfig.Builder.maxSeconds}) that gives that up.
 *
 * <p>The engine is PyTorch unless the user chose one ({@code --engine}, {@code SANET_ENGINE}): on 2
 * cores it trains this small network in 14 epochs about 1.6x faster than MXNet, with the same
 * accuracy (measured in docs/training.md); every other command keeps MXNet as its default.
 *
 * <p>A demo always starts fresh: a folder that holds an earlier demo is refused unless {@code
 * --overwrite} is given, which first removes everything that demo wrote ({@link #ENTRIES}).
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Writes a synthetic dataset, trains a small SANet for a fixed number of epochs, evaluates"
                        + " it and writes pictures and the model. Its engine is PyTorch unless"
                        + " --engine or SANET_ENGINE says otherwise (faster for this small network).")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("sanet-demo");

    /** The demo's length in epochs: fixed, so that its result does not depend on the machine. */
    static final int DEFAULT_EPOCHS = 14;

    @Option(
            names = "--epochs",
            description =
                    "Training epochs; fixed so that every machine computes the same result"
                            + " (default: ${DEFAULT-VALUE}).")
    int epochs = DEFAULT_EPOCHS;

    @Option(
            names = "--validate-every",
            paramLabel = "N",
            description =
                    "Validate after every N-th epoch and after the last; validation of 200 small"
                            + " images costs about a tenth of an epoch (default: ${DEFAULT-VALUE}).")
    int validateEvery = 4;

    @Option(
            names = "--seconds",
            description =
                    "Optional cap on the whole demo's time in seconds: training then stops (and"
                            + " its learning-rate schedule shortens) when the cap would be passed,"
                            + " so the result depends on the machine's speed (default: none).")
    @Nullable Integer seconds;

    @Option(
            names = "--images",
            description = "Synthetic images, train and val together (default: ${DEFAULT-VALUE}).")
    int images = 1000;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--lr", description = "Base learning rate (default: ${DEFAULT-VALUE}).")
    double lr = 0.005;

    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch = 8;

    @Option(
            names = "--pictures",
            description = "Validation images to draw predictions for (default: ${DEFAULT-VALUE}).")
    int pictures = 8;

    @Option(
            names = "--base-width",
            description = "Backbone stem/base width (default: ${DEFAULT-VALUE}).")
    int baseWidth = 16;

    @Option(
            names = "--output-stride",
            description = "Backbone output stride, 8 or 16 (default: ${DEFAULT-VALUE}).")
    int outputStride = 8;

    @Option(
            names = "--distractors",
            description =
                    "Share of objects that are distractors (background) (default: ${DEFAULT-VALUE}).")
    double distractors = 0.05;

    @Option(
            names = "--texture-scale",
            description = "Texture period factor of the task (default: ${DEFAULT-VALUE}).")
    double textureScale = 1.5;

    @Option(
            names = "--head-lr-multiplier",
            description =
                    "Learning rate of the head relative to the backbone (default: ${DEFAULT-VALUE}).")
    double headMultiplier = 1;

    @Option(
            names = "--optimizer",
            description = "sgd (the paper) or adam (default: ${DEFAULT-VALUE}).")
    String optimizer = "adam";

    @Option(
            names = "--overwrite",
            description =
                    "Replace an earlier demo in --out: first removes everything it wrote (data,"
                            + " run, model, predictions, curve.png, legend.png, contact-sheet.png).")
    boolean overwrite;

    /** The demo's own {@code --engine}: its help states the demo's default, PyTorch. */
    @Option(
            names = "--engine",
            paramLabel = "E",
            description =
                    "mxnet or pytorch (default: the SANET_ENGINE environment variable, else"
                            + " pytorch, which trains this small network faster; every other"
                            + " command defaults to mxnet).")
    @Nullable String engineFlag;

    @Option(names = "--json", description = "Print one JSON object on standard output.")
    boolean json;

    /** The demo's contact sheet: input, truth, prediction and overlay of each pictured image. */
    static final String CONTACT_SHEET = "contact-sheet.png";

    /** What a demo writes in its folder; an earlier demo's copies are replaced only on request. */
    static final List<String> ENTRIES =
            List.of(
                    "data",
                    "run",
                    "model",
                    "predictions",
                    "curve.png",
                    "legend.png",
                    CONTACT_SHEET);

    /**
     * The demo's engine: the user's choice, else PyTorch, which trains this small network in 14
     * epochs in about 2.8 minutes on 2 cores where MXNet takes about 4.5 (docs/training.md, "The
     * demo"): the one command whose faster engine is not the project's default.
     */
    private String engineName() {
        EngineOption engine = new EngineOption();
        engine.engine = engineFlag;
        return engine.name(Engines.PYTORCH);
    }

    private OptimizerKind optimizerKind() {
        try {
            return OptimizerKind.valueOf(optimizer.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("--optimizer " + optimizer + ": expected sgd or adam", e);
        }
    }

    @Option(
            names = "--image-size",
            description =
                    "Side of the synthetic images; small so that a 2-core machine trains in"
                            + " minutes (default: ${DEFAULT-VALUE}).")
    int size = 96;

    @Override
    public Integer call() throws IOException, TranslateException {
        long start = System.nanoTime();
        // Every option is checked before the first file is written.
        Ranges.check("--epochs", epochs, 1, 10_000);
        Ranges.check("--validate-every", validateEvery, 1, 10_000);
        if (seconds != null) {
            Ranges.check("--seconds", seconds, 30, 7 * 24 * 3600);
        }
        Ranges.check("--images", images, 20, 1_000_000);
        Ranges.check("--image-size", size, Ranges.MIN_SIDE, 1024);
        Ranges.check("--batch", batch, 1, Ranges.MAX_BATCH);
        Ranges.check("--pictures", pictures, 0, 10_000);
        Ranges.positive("--lr", lr, Ranges.MAX_LR);
        Ranges.positive("--head-lr-multiplier", headMultiplier, 1000);
        Ranges.between("--distractors", distractors, 0, 1);
        Ranges.between("--texture-scale", textureScale, 0.5, 3);
        OptimizerKind optimizerKind = optimizerKind();
        SANet.Builder network =
                SANet.builder()
                        .backbone(Backbone.RESNET18)
                        .width(baseWidth)
                        .outputStride(outputStride)
                        .prediction(Prediction.DENSE);
        try {
            network.build();
        } catch (IllegalArgumentException e) {
            throw new UserException(
                    (e.getMessage().startsWith("width") ? "--base-width: " : "--output-stride: ")
                            + e.getMessage(),
                    e);
        }
        OutputChecks.notClaimed("--out", out);
        OutputChecks.writable("--out", out);
        List<Path> earlier =
                OutputChecks.earlierRun("--out", out, "an earlier demo", ENTRIES, null, overwrite);
        // The folder is this run's until it ends: a second run into it stops here.
        try (OutputLock lock = OutputChecks.claim("--out", out, "demo", "predictions", "run")) {
            OutputChecks.clear(overwrite, "demo", out, "the earlier demo", earlier);
            Path dataDir = out.resolve("data");
            System.err.printf("sanet demo: writing %d synthetic images to %s%n", images, dataDir);
            SyntheticWriter.Summary written =
                    SyntheticWriter.write(
                            SyntheticWriter.Format.VOC,
                            dataDir,
                            images,
                            SyntheticTask.builder()
                                    .optSize(size, size)
                                    .optDistractors(distractors)
                                    .optTextureScale(textureScale)
                                    .optSeed(seed)
                                    .build());
            DatasetOptions trainOptions = DatasetOpener.syntheticTrain(dataDir, size, batch, seed);
            try (SegmentationDataset train = DatasetOpener.open("voc", trainOptions);
                    SegmentationDataset val =
                            DatasetOpener.open(
                                    "voc",
                                    DatasetOptions.builder().root(dataDir).split("val").build())) {
                SANet def = network.numClasses(train.numClasses()).build();
                JsonObject config = new JsonObject();
                config.add("architecture", def.toJson());
                config.addProperty("dataset", "voc");
                config.addProperty("data", dataDir.toAbsolutePath().toString());
                double elapsed = (System.nanoTime() - start) / 1e9;
                // Keep time for saving the model and drawing the pictures after training.
                double budget =
                        seconds == null
                                ? Double.POSITIVE_INFINITY
                                : Math.max(1, seconds - elapsed - 8);
                System.err.printf(
                        Locale.ROOT,
                        "sanet demo: training %s on %d images (%d val) for %d epochs%s%n",
                        def,
                        train.size(),
                        val.size(),
                        epochs,
                        seconds == null
                                ? ""
                                : String.format(Locale.ROOT, ", at most %.0f s", budget));
                Path runDir = out.resolve("run");
                TrainingResult r =
                        Training.run(
                                TrainingRun.config(TrainingRun.network(def, train).build(), train)
                                        // The data are synthetic, whatever their folder layout.
                                        .title("SANet resnet18 on synthetic shapes (demo)")
                                        .recipe(
                                                TrainingRun.recipe(train)
                                                        .batchSize(batch)
                                                        .epochs(epochs)
                                                        .learningRate(lr)
                                                        .optimizer(optimizerKind)
                                                        .headMultiplier(headMultiplier)
                                                        .seed(seed)
                                                        .build())
                                        .validateEvery(validateEvery)
                                        .maxSeconds(budget)
                                        .engine(engineName())
                                        .outputDir(runDir)
                                        .keepCheckpoints(1)
                                        .modelDir(out.resolve("model"))
                                        .metadata(config)
                                        .build(),
                                train,
                                val);
                AtomicWrite.writeBytes(
                        out.resolve("curve.png"), Files.readAllBytes(runDir.resolve("curve.png")));
                List<String> drawn = drawPredictions(r.modelDir(), val);
                Map<String, Object> o = TrainingRun.json(r, runDir);
                o.put("seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
                o.put("trainSeconds", Math.round(r.summary().seconds() * 10) / 10.0);
                o.put("dataDir", dataDir.toAbsolutePath().toString());
                o.put("dataset", "voc");
                o.put("outDir", out.toAbsolutePath().toString());
                o.put("pictures", drawn);
                o.put("curve", out.resolve("curve.png").toAbsolutePath().toString());
                o.put("legend", out.resolve("legend.png").toAbsolutePath().toString());
                o.put("contactSheet", out.resolve(CONTACT_SHEET).toAbsolutePath().toString());
                // Every file the demo wrote but the dataset's, which dataDir names.
                String data = dataDir.toAbsolutePath().toString();
                o.put(
                        "files",
                        TrainingRun.files(out).stream()
                                .filter(f -> !f.startsWith(data + java.io.File.separator))
                                .toList());
                if (json) {
                    Json.print(System.out, o);
                } else {
                    printReport(r, o, train.classNames());
                }
                return 0;
            }
        }
    }

    private List<String> drawPredictions(Path modelDir, SegmentationDataset val)
            throws IOException {
        PredictionWriter writer =
                PredictionWriter.builder(out.resolve("predictions")).optOverlay(true).build();
        List<String> files = new ArrayList<>();
        try (SANetModel model = SANetModel.load(modelDir, engineName())) {
            MaskImages.writePng(
                    MaskImages.legend(model.classNames(), Palette.voc()),
                    out.resolve("legend.png"));
            ImagePredictor predictor = model.newImagePredictor(model.predictionProtocol(), false);
            ContactSheet sheet = new ContactSheet(model.classNames(), Palette.voc());
            int n = (int) Math.min(pictures, val.size());
            for (int i = 0; i < n; i++) {
                LabeledImage li;
                try {
                    li = val.read(i);
                } catch (ItemException e) {
                    continue;
                }
                String id = val.id(i);
                // The item's id names its outputs (ids have no extension, so the stem is the id).
                PredictionWriter.Planned p = writer.plan(List.of(Path.of(id))).get(0);
                Segmentation s = predictor.predict(li.image(), id);
                writer.write(p, s);
                sheet.add(id, li.image(), rows(li), s.classes());
                files.add(absolute(p.color()));
                files.add(absolute(p.overlay()));
            }
            if (sheet.size() > 0) {
                sheet.write(out.resolve(CONTACT_SHEET));
            }
        }
        return files;
    }

    /** An item's labels as rows, {@code [H][W]}. */
    private static int[][] rows(LabeledImage li) {
        int[] label = li.label();
        int[][] m = new int[li.height()][li.width()];
        for (int y = 0; y < m.length; y++) {
            System.arraycopy(label, y * li.width(), m[y], 0, li.width());
        }
        return m;
    }

    private static String absolute(@Nullable Path p) {
        return p == null ? "" : p.toAbsolutePath().toString();
    }

    private void printReport(TrainingResult r, Map<String, Object> o, List<String> classes) {
        System.out.printf(
                Locale.ROOT,
                "%nsanet demo: %d epochs in %.0f s (whole demo %.0f s) on %s with %s engine"
                        + " thread(s)%n%n",
                r.summary().epochs(),
                r.summary().seconds(),
                (Double) o.get("seconds"),
                r.engine(),
                o.get("threads"));
        System.out.println("| class | IoU (%) |");
        System.out.println("|---|---:|");
        @SuppressWarnings("unchecked")
        Map<String, Double> per = (Map<String, Double>) o.get("perClassIoU");
        for (String c : classes) {
            Double v = per == null ? null : per.get(c);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s |%n",
                    c,
                    v == null ? "n/a" : String.format(Locale.ROOT, "%.1f", 100 * v));
        }
        System.out.printf(
                Locale.ROOT,
                "%npixel accuracy %.2f%%, mIoU %.2f%% (validation split, single scale)%n",
                100 * (Double) o.get("pixAcc"),
                100 * (Double) o.get("mIoU"));
        System.out.printf(
                "%ncontact sheet: %s (input, truth, prediction, overlay; legend below)%n"
                        + "model:         %s%n"
                        + "pictures:      %s (index, colour and overlay PNGs)%n"
                        + "legend:        %s%n"
                        + "curve:         %s%n"
                        + "run:           %s (metrics.json, metrics.csv, the last checkpoint)%n"
                        + "data (voc):    %s%n",
                o.get("contactSheet"),
                r.modelDir().toAbsolutePath(),
                out.resolve("predictions").toAbsolutePath(),
                o.get("legend"),
                o.get("curve"),
                out.resolve("run").toAbsolutePath(),
                o.get("dataDir"));
    }
}
