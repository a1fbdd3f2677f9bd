package dev.sanet.examples;

import com.google.gson.JsonObject;
import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.data.Resolution;
import dev.sanet.core.training.EpochRecord;
import dev.sanet.core.training.OptimizerKind;
import dev.sanet.core.training.Recipe;
import dev.sanet.core.training.Training;
import dev.sanet.core.training.TrainingConfig;
import dev.sanet.core.training.TrainingNetwork;
import dev.sanet.core.training.TrainingProgress;
import dev.sanet.core.training.TrainingResult;
import dev.sanet.core.training.TrainingSummary;
import dev.sanet.data.DatasetOptions;
import dev.sanet.data.SegmentationDataset;
import dev.sanet.data.SyntheticTask;
import dev.sanet.data.SyntheticWriter;
import dev.sanet.data.Transform;
import dev.sanet.data.VocDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Trains a small SANet from scratch on generated data and saves it: the whole training side of the
 * library in one method.
 *
 * <ol>
 *   <li>{@link SyntheticWriter} writes the synthetic shape-and-texture task ({@link SyntheticTask},
 *       6 classes) as a PASCAL VOC tree with train and val splits, the layout your own data would
 *       have.
 *   <li>{@link VocDataset} reads it: the training split with the random joint augmentation ({@link
 *       Transform#TRAIN}), the validation split at original size ({@link Transform#EVAL}).
 *   <li>{@link SANet#builder()} defines the network: ResNet18 at a reduced width, 4 SA heads.
 *   <li>{@link TrainingConfig} holds the recipe; {@link Training#run} trains for some epochs or a
 *       time budget, validating every epoch, and then writes the model directory ({@link
 *       SANetModel#save}, atomically) that {@link EvaluateExample}, {@link PredictExample} and
 *       {@link EmbedExample} load.
 * </ol>
 *
 * <pre>
 * java -cp 'sanet-examples/target/sanet.jar:sanet-examples/target/lib/*' \
 *     dev.sanet.examples.TrainExample [OUT] [--images N] [--size S] [--epochs E] [--seconds T]
 *     [--width W] [--batch B] [--lr X] [--optimizer adam|sgd] [--texture-scale F] [--seed S]
 * </pre>
 *
 * <p>It writes {@code OUT/data} (the dataset), {@code OUT/run} (checkpoints, {@code metrics.csv},
 * {@code curve.png}) and {@code OUT/model}. The defaults (600 images of 64x64, width 16, Adam at
 * 0.005, 15 epochs) follow {@code sanet demo} at a smaller scale: about 100 s of training on two
 * cores for a validation mIoU of about 50% (docs/getting-started.md has measured figures). It
 * trains every epoch asked for unless {@code --seconds} sets a time budget, and says so when that
 * budget stopped it early.
 */
public final class TrainExample {

    /**
     * The default output folder, {@code example-run}; the other examples read from it by default.
     */
    public static final Path DEFAULT_OUT = Path.of("example-run");

    private static final String USAGE =
            """
            Usage: TrainExample [OUT] [options]
              OUT               output folder (default example-run): data/, run/, model/
              --images N        synthetic images, train and val together (default 600)
              --size S          image side in pixels (default 64)
              --epochs E        epochs (default 15)
              --seconds T       time budget: fewer epochs when they would not fit (default: none)
              --width W         backbone base width, a multiple of 8 (default 16; the paper: 64)
              --batch B         batch size (default 8)
              --lr X            learning rate (default 0.005)
              --optimizer O     adam (default, fast from scratch) or sgd (the paper's)
              --texture-scale F texture period factor of the synthetic task (default 1.5)
              --seed S          data and training seed (default 42)
            """;

    /**
     * What a training run produced.
     *
     * @param dataDir the synthetic VOC tree (pass it as {@code --data} with {@code --dataset voc})
     * @param runDir checkpoints, {@code metrics.csv}, {@code metrics.json} and {@code curve.png}
     * @param modelDir the saved model directory ({@code sanet.json} and the parameters)
     * @param trainImages images in the training split
     * @param valImages images in the validation split
     * @param epochs epochs trained
     * @param iterations optimizer steps taken
     * @param seconds wall-clock seconds of training (validation included)
     * @param pixAcc validation pixel accuracy after the last epoch, in [0, 1]
     * @param mIoU validation mean IoU over the classes present after the last epoch, in [0, 1]
     * @param mIoUAllClasses validation mean IoU with absent classes counted as 0, in [0, 1]
     * @param perClassIoU validation IoU by class name, null for a class absent from labels and
     *     predictions
     */
    public record Result(
            Path dataDir,
            Path runDir,
            Path modelDir,
            long trainImages,
            long valImages,
            int epochs,
            long iterations,
            double seconds,
            double pixAcc,
            double mIoU,
            double mIoUAllClasses,
            Map<String, @Nullable Double> perClassIoU) {}

    private TrainExample() {}

    /**
     * Runs the example from the command line and prints a short summary.
     *
     * @param args see the class comment; {@code --help} prints the options
     * @throws Exception when the data or the model cannot be written
     */
    public static void main(String[] args) throws Exception {
        ExampleArgs.main(args, USAGE, () -> runExample(args));
    }

    /**
     * Writes the synthetic dataset, trains, validates and saves the model.
     *
     * @param args {@code [OUT] [--images N] [--size S] [--epochs E] [--seconds T] [--width W]
     *     [--batch B] [--lr X] [--optimizer adam|sgd] [--texture-scale F] [--seed S]}
     * @return the run's figures and folders
     * @throws IllegalArgumentException naming the bad argument and its value
     * @throws IOException when the data, the checkpoints or the model cannot be written
     */
    public static Result runExample(String... args) throws IOException {
        ExampleArgs a =
                ExampleArgs.parse(
                        "TrainExample",
                        args,
                        1,
                        Set.of(
                                "--images",
                                "--size",
                                "--epochs",
                                "--seconds",
                                "--width",
                                "--batch",
                                "--lr",
                                "--optimizer",
                                "--texture-scale",
                                "--seed"),
                        Set.of());
        Path out = a.path(0, DEFAULT_OUT);
        int images = a.integer("--images", 600, 4, 100_000);
        int size = a.integer("--size", 64, 16, 1024);
        int epochs = a.integer("--epochs", 15, 1, 10_000);
        double seconds = a.number("--seconds", Double.POSITIVE_INFINITY, 0, true, 1e7);
        int width = a.integer("--width", 16, 8, 256);
        if (width % 8 != 0) {
            throw a.error("--width " + width + ": expected a multiple of 8 in 8..256");
        }
        int batch = a.integer("--batch", 8, 1, 1024);
        double lr = a.number("--lr", 0.005, 0, true, 10);
        OptimizerKind optimizer =
                switch (a.string("--optimizer", "adam").toLowerCase(Locale.ROOT)) {
                    case "adam" -> OptimizerKind.ADAM;
                    case "sgd" -> OptimizerKind.SGD;
                    default ->
                            throw a.error(
                                    "--optimizer "
                                            + a.string("--optimizer", "")
                                            + ": expected adam or sgd");
                };
        double textureScale = a.number("--texture-scale", 1.5, 0.5, false, 3);
        int seed = a.integer("--seed", 42, 0, Integer.MAX_VALUE);

        // 1. The data: the synthetic task as a VOC tree (80% train, 20% val). Coarser textures and
        //    few distractors suit small images, as in `sanet demo`.
        Path dataDir = out.resolve("data");
        SyntheticTask task =
                SyntheticTask.builder()
                        .optSize(size, size)
                        .optTextureScale(textureScale)
                        .optDistractors(0.05)
                        .optSeed(seed)
                        .build();
        SyntheticWriter.Summary written =
                SyntheticWriter.write(SyntheticWriter.Format.VOC, dataDir, images, task);
        if (written.train() < batch) {
            throw a.error(
                    "--batch "
                            + batch
                            + ": the training split has only "
                            + written.train()
                            + " images; lower --batch or raise --images");
        }

        // 2. The splits. Training: random scale in [0.75, 1.5] of the image side, flip, crop to
        //    the side; shuffled batches, the last partial batch dropped. Validation: original size.
        DatasetOptions trainOptions =
                DatasetOptions.builder()
                        .root(dataDir)
                        .split("train")
                        .transform(Transform.TRAIN)
                        .resolution(new Resolution(size, size))
                        .scaleRange(0.75, 1.5)
                        .seed(seed)
                        .sampling(batch, true, true)
                        .build();
        DatasetOptions valOptions = DatasetOptions.builder().root(dataDir).split("val").build();
        try (SegmentationDataset train = VocDataset.builder().options(trainOptions).build();
                SegmentationDataset val = VocDataset.builder().options(valOptions).build()) {
            List<String> classes = train.classNames();

            // 3. The network: SANet on a dilated ResNet18 (output stride 8), 4 SA heads, the
            //    paper's loss weights; a reduced width keeps it CPU-sized.
            SANet definition =
                    SANet.builder()
                            .backbone(Backbone.RESNET18)
                            .width(width)
                            .numClasses(classes.size())
                            .heads(4)
                            .alpha(0.2)
                            .beta(0.8)
                            .build();
            JsonObject metadata = new JsonObject();
            metadata.add("architecture", definition.toJson());
            metadata.addProperty("dataset", "voc");
            metadata.addProperty("data", dataDir.toAbsolutePath().toString());

            // 4. Training, then the model directory, in one call. Adam with the head at the
            //    backbone's rate learns this task from scratch far faster than the paper's SGD
            //    (which assumes ImageNet weights). The model directory holds the parameters and
            //    sanet.json: architecture, classes and colours, normalisation, base/crop size and
            //    a summary of the training.
            Path runDir = out.resolve("run");
            Path modelDir = out.resolve("model");
            deleteOldCheckpoints(runDir);
            TrainingConfig config =
                    TrainingConfig.builder(
                                    TrainingNetwork.builder(definition).classes(classes).build())
                            .recipe(
                                    Recipe.segmentation().toBuilder()
                                            .resolution(new Resolution(size, size))
                                            .batchSize(batch)
                                            .epochs(epochs)
                                            .learningRate(lr)
                                            .optimizer(optimizer)
                                            .headMultiplier(
                                                    optimizer == OptimizerKind.ADAM ? 1 : 10)
                                            .seed(seed)
                                            .build())
                            .maxSeconds(seconds)
                            .outputDir(runDir)
                            .modelDir(modelDir)
                            .metadata(metadata)
                            .progress(TrainingProgress.stderr())
                            .title("TrainExample: SANet-ResNet18 (width " + width + ")")
                            .build();
            TrainingResult trained = Training.run(config, train, val);
            TrainingSummary summary = trained.summary();
            EpochRecord last = summary.last();
            if (last == null) {
                throw new IllegalStateException("training ended before its first epoch");
            }
            Map<String, @Nullable Double> perClass = last.perClassIoU();
            Result r =
                    new Result(
                            dataDir,
                            runDir,
                            trained.modelDir(),
                            train.size(),
                            val.size(),
                            summary.epochs(),
                            summary.iterations(),
                            summary.seconds(),
                            last.pixAcc(),
                            last.mIoU(),
                            last.mIoUAllClasses(),
                            perClass == null ? Map.of() : perClass);
            print(r);
            if (summary.epochs() < epochs) {
                // A budget that cut the run short changes its figures: say so, with the way out.
                System.out.printf(
                        Locale.ROOT,
                        "TrainExample: stopped at epoch %d of %d by the %s s budget; pass a larger"
                                + " --seconds, or leave it out, to finish%n",
                        summary.epochs(),
                        epochs,
                        new java.math.BigDecimal(seconds)
                                .round(new java.math.MathContext(4))
                                .stripTrailingZeros()
                                .toPlainString());
            }
            return r;
        }
    }

    /** A fresh run: checkpoints of an earlier, longer run in the same folder would only confuse. */
    private static void deleteOldCheckpoints(Path runDir) throws IOException {
        Path checkpoints = runDir.resolve("checkpoints");
        if (Files.isDirectory(checkpoints)) {
            try (Stream<Path> walk = Files.walk(checkpoints)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void print(Result r) {
        System.out.printf(
                Locale.ROOT,
                "TrainExample: %d epochs (%d steps) in %.0f s on %d training images;"
                        + " validation (%d images): pixAcc %.1f%%, mIoU %.1f%%%n",
                r.epochs(),
                r.iterations(),
                r.seconds(),
                r.trainImages(),
                r.valImages(),
                100 * r.pixAcc(),
                100 * r.mIoU());
        r.perClassIoU()
                .forEach(
                        (name, iou) ->
                                System.out.printf(
                                        Locale.ROOT,
                                        "  %-18s %s%n",
                                        name,
                                        iou == null
                                                ? "n/a"
                                                : String.format(
                                                        Locale.ROOT, "%5.1f%%", 100 * iou)));
        System.out.println("  model:    " + r.modelDir());
        System.out.println("  data:     " + r.dataDir() + " (VOC layout)");
        System.out.println("  run:      " + r.runDir() + " (metrics.csv, curve.png)");
    }
}
