package dev.sanet.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Record;
import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.Segmenter;
import dev.sanet.core.metrics.ConfusionMatrix;
import dev.sanet.core.metrics.SegmentationEvaluator;
import dev.sanet.core.metrics.SegmentationScores;
import dev.sanet.data.Datasets;
import dev.sanet.data.SegmentationDataset;
import dev.sanet.data.Transform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a saved model on a labelled split with the paper's protocol: the evaluation side of the
 * library in one method.
 *
 * <ol>
 *   <li>{@link SANetModel#load} rebuilds the network from the model directory.
 *   <li>{@link Datasets} opens the split at original size ({@link Transform#EVAL}): any dataset
 *       name of {@code sanet eval}, by default {@code voc}, which also reads your own data in VOC
 *       layout.
 *   <li>{@link Segmenter#builder} runs the protocol on each image: the given scales of the model's
 *       base size, optional horizontal flip, a sliding window when a scaled image exceeds the crop.
 *   <li>A {@link SegmentationEvaluator} (a DJL evaluator, usable in a DJL training configuration as
 *       well) accumulates one {@link ConfusionMatrix} over the whole split; {@link
 *       SegmentationScores} turns it into pixel accuracy and mean IoU.
 * </ol>
 *
 * <pre>
 * java -cp 'sanet-examples/target/sanet.jar:sanet-examples/target/lib/*' \
 *     dev.sanet.examples.EvaluateExample [MODEL] [DATA] [--dataset D] [--split S]
 *     [--scales 0.75,1.0,1.25] [--flip]
 * </pre>
 *
 * <p>The defaults evaluate what {@link TrainExample} wrote ({@code example-run/model} on the val
 * split of {@code example-run/data}) at scale 1.0 without flip, which reproduces the validation
 * figures training reported.
 */
public final class EvaluateExample {

    private static final String USAGE =
            """
            Usage: EvaluateExample [MODEL] [DATA] [options]
              MODEL             model directory (default example-run/model)
              DATA              dataset root (default example-run/data)
              --dataset D       voc (default; also your own VOC-layout data), voc-aug,
                                context59, context60, folder
              --split S         split (default val)
              --scales LIST     comma-separated scales of the model's base size (default 1.0;
                                the paper: 0.5,0.75,1.0,1.25,1.5,1.75)
              --flip            add the horizontally flipped prediction
            """;

    /**
     * The scores of one evaluation.
     *
     * @param modelDir the evaluated model
     * @param dataDir the dataset root
     * @param split the split
     * @param images images evaluated
     * @param scales the scales of the model's base size
     * @param flip whether flipped predictions were added
     * @param classNames the class names, index = class id
     * @param scores pixel accuracy and IoUs from the split's confusion matrix
     * @param perClassIoU IoU by class name, null for a class absent from labels and predictions
     * @param seconds wall-clock seconds of the evaluation
     */
    public record Result(
            Path modelDir,
            Path dataDir,
            String split,
            long images,
            List<Double> scales,
            boolean flip,
            List<String> classNames,
            SegmentationScores scores,
            Map<String, @Nullable Double> perClassIoU,
            double seconds) {

        /**
         * Pixel accuracy: correctly classified labelled pixels over all labelled pixels.
         *
         * @return a value in [0, 1]
         */
        public double pixAcc() {
            return scores.pixelAccuracy();
        }

        /**
         * Mean IoU over the classes present in labels or predictions.
         *
         * @return a value in [0, 1], NaN when no pixel was labelled
         */
        public double mIoU() {
            return scores.meanIoU();
        }

        /**
         * Mean IoU over all classes, an absent class counted as 0.
         *
         * @return a value in [0, 1]
         */
        public double mIoUAllClasses() {
            return scores.meanIoUAllClasses();
        }
    }

    private EvaluateExample() {}

    /**
     * Runs the example from the command line and prints a short summary.
     *
     * @param args see the class comment; {@code --help} prints the options
     * @throws Exception when the model or the data cannot be read
     */
    public static void main(String[] args) throws Exception {
        ExampleArgs.main(args, USAGE, () -> runExample(args));
    }

    /**
     * Loads the model, evaluates it on the split and prints the scores.
     *
     * @param args {@code [MODEL] [DATA] [--dataset D] [--split S] [--scales LIST] [--flip]}
     * @return the scores
     * @throws IllegalArgumentException naming the bad argument and its value (also a folder that is
     *     not a model or not a dataset of that name)
     * @throws IOException when the model or an image cannot be read
     */
    public static Result runExample(String... args) throws IOException {
        ExampleArgs a =
                ExampleArgs.parse(
                        "EvaluateExample",
                        args,
                        2,
                        Set.of("--dataset", "--split", "--scales"),
                        Set.of("--flip"));
        Path modelDir = a.path(0, TrainExample.DEFAULT_OUT.resolve("model"));
        Path dataDir = a.path(1, TrainExample.DEFAULT_OUT.resolve("data"));
        String dataset = a.string("--dataset", "voc");
        String split = a.string("--split", "val");
        List<Double> scales = a.numbers("--scales", List.of(1.0), 0, 8);
        boolean flip = a.flag("--flip");
        a.requireModel("model directory", modelDir);
        if (!Files.isDirectory(dataDir)) {
            throw a.error("dataset root " + dataDir + " does not exist");
        }

        long start = System.nanoTime();
        try (SANetModel model = SANetModel.load(modelDir);
                SegmentationDataset ds = open(a, dataset, dataDir, split)) {
            int k = model.classNames().size();
            if (ds.numClasses() != k) {
                throw a.error(
                        String.format(
                                Locale.ROOT,
                                "--dataset %s at %s has %d classes but the model predicts %d",
                                dataset,
                                dataDir,
                                ds.numClasses(),
                                k));
            }
            // The protocol with the model's base and crop sizes and normalisation.
            Segmenter segmenter = model.newSegmenter(scales, flip);
            // One confusion matrix over the whole split, never an average of per-image scores.
            SegmentationEvaluator evaluator =
                    new SegmentationEvaluator("mIoU", k, outputs -> outputs.get(0));
            String key = "evaluate/" + split;
            evaluator.addAccumulator(key);
            long n = ds.size();
            // Every array of an image lives in a sub-manager closed after the image.
            try (NDManager root = model.model().getNDManager().newSubManager()) {
                for (long i = 0; i < n; i++) {
                    try (NDManager m = root.newSubManager()) {
                        Record item = ds.get(m, i); // image (3, H, W), label (H, W)
                        NDArray scores = segmenter.scores(item.getData().head()); // (K, H, W)
                        NDArray label = item.getLabels().head();
                        evaluator.updateAccumulator(
                                key,
                                new NDList(label.expandDims(0)),
                                new NDList(scores.expandDims(0)));
                    }
                }
            }
            SegmentationScores s = evaluator.matrix(key).scores();
            Result r =
                    new Result(
                            modelDir,
                            dataDir,
                            split,
                            n,
                            scales,
                            flip,
                            ds.classNames(),
                            s,
                            s.perClass(ds.classNames()),
                            (System.nanoTime() - start) / 1e9);
            print(r);
            return r;
        }
    }

    private static SegmentationDataset open(
            ExampleArgs a, String dataset, Path dataDir, String split) {
        try {
            return Datasets.builder(dataset)
                    .optRoot(dataDir)
                    .optSplit(split)
                    .optTransform(Transform.EVAL)
                    .setSampling(1, false)
                    .build();
        } catch (IllegalArgumentException e) {
            // Unknown dataset name, wrong layout under the root, unknown split: one line each.
            throw a.error(e.getMessage());
        }
    }

    private static void print(Result r) {
        System.out.printf(
                Locale.ROOT,
                "EvaluateExample: %d %s images, scales %s%s: pixAcc %.2f%%, mIoU %.2f%%"
                        + " (all classes %.2f%%) in %.1f s%n",
                r.images(),
                r.split(),
                r.scales(),
                r.flip() ? " + flip" : "",
                100 * r.pixAcc(),
                100 * r.mIoU(),
                100 * r.mIoUAllClasses(),
                r.seconds());
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
    }
}
