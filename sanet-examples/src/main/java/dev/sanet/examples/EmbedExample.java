package dev.sanet.examples;

import ai.djl.translate.TranslateException;
import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.ImagePredictor;
import dev.sanet.core.metrics.ConfusionMatrix;
import dev.sanet.data.LabeledImage;
import dev.sanet.data.SyntheticTask;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Embeds a segmentation model in an application: one loaded model and its prediction route ({@link
 * ImagePredictor}) shared by a fixed pool of worker threads, segmenting images held in memory.
 *
 * <p>What an application has to get right, and where this example does it:
 *
 * <ul>
 *   <li><b>One model, one route.</b> The {@link SANetModel} (parameters, native memory) is loaded
 *       once; {@link SANetModel#newImagePredictor} gives the library's prediction route, which
 *       threads share: each call works in its own sub-manager, closed before it returns, and on
 *       MXNet the calls take turns at the forward pass (docs/inference.md, "Threads"). A DJL {@code
 *       Predictor} from {@link SANetModel#newPredictor()} is the same route in DJL's form, one per
 *       thread.
 *   <li><b>Resources.</b> The model holds native memory: it is opened in a try-with-resources
 *       block. The thread pool is shut down, and awaited, in a {@code finally} block inside the
 *       model's.
 *   <li><b>A fixed pool.</b> MXNet keeps per-thread state, so inference should run on a fixed-size
 *       pool rather than on new threads per request. For heavy multi-threaded serving DJL advises
 *       starting the JVM with {@code MXNET_ENGINE_TYPE=NaiveEngine} and a small {@code
 *       OMP_NUM_THREADS}.
 * </ul>
 *
 * <p>The images are {@link BufferedImage}s made in memory (new items of the synthetic task, never
 * written to disk), handed to the route as they are. The result holds a class histogram per image
 * and, because the synthetic task knows its labels, the pixel accuracy of the predictions.
 *
 * <pre>
 * java -cp 'sanet-examples/target/sanet.jar:sanet-examples/target/lib/*' \
 *     dev.sanet.examples.EmbedExample [--model DIR] [--threads T] [--images N] [--size S]
 *     [--seed S]
 * </pre>
 */
public final class EmbedExample {

    private static final String USAGE =
            """
            Usage: EmbedExample [options]
              --model DIR       model directory (default example-run/model)
              --threads T       worker threads, each with its own predictor (default 2)
              --images N        in-memory images to segment (default 32)
              --size S          image side in pixels (default 64, TrainExample's)
              --seed S          seed of the generated images (default 7)
            """;

    /**
     * The class histogram of one image.
     *
     * @param image the image's index in the input list
     * @param worker the name of the thread whose predictor segmented it
     * @param pixels the image's pixel count (width x height)
     * @param classPixels predicted pixels per class name, every class in class-id order (zeros
     *     included); the counts sum to {@code pixels}
     */
    public record Histogram(int image, String worker, long pixels, Map<String, Long> classPixels) {}

    /**
     * What the workers produced.
     *
     * @param classNames the model's class names, index = class id
     * @param threads the worker threads used
     * @param histograms one histogram per input image, in input order
     * @param pixelAccuracy predicted pixels equal to the generated labels, over all pixels (one
     *     {@link ConfusionMatrix} per worker, merged)
     * @param seconds wall-clock seconds of the parallel segmentation (model loading excluded)
     */
    public record Result(
            List<String> classNames,
            int threads,
            List<Histogram> histograms,
            double pixelAccuracy,
            double seconds) {

        /**
         * The names of the threads that did the work.
         *
         * @return the distinct worker names, sorted
         */
        public Set<String> workers() {
            Set<String> names = new TreeSet<>();
            for (Histogram h : histograms) {
                names.add(h.worker());
            }
            return names;
        }
    }

    private EmbedExample() {}

    /**
     * Runs the example from the command line and prints a short summary.
     *
     * @param args see the class comment; {@code --help} prints the options
     * @throws Exception when the model cannot be loaded or a prediction fails
     */
    public static void main(String[] args) throws Exception {
        ExampleArgs.main(args, USAGE, () -> runExample(args));
    }

    /**
     * Makes the images, loads the model once and segments the images on a pool of workers.
     *
     * @param args {@code [--model DIR] [--threads T] [--images N] [--size S] [--seed S]}
     * @return the per-image class histograms
     * @throws IllegalArgumentException naming the bad argument and its value
     * @throws IOException when the model cannot be loaded
     * @throws TranslateException when a prediction fails
     * @throws InterruptedException when interrupted while waiting for the workers
     */
    public static Result runExample(String... args)
            throws IOException, TranslateException, InterruptedException {
        ExampleArgs a =
                ExampleArgs.parse(
                        "EmbedExample",
                        args,
                        0,
                        Set.of("--model", "--threads", "--images", "--size", "--seed"),
                        Set.of());
        Path modelDir = a.path("--model", TrainExample.DEFAULT_OUT.resolve("model"));
        int threads = a.integer("--threads", 2, 1, 64);
        int count = a.integer("--images", 32, 1, 100_000);
        int size = a.integer("--size", 64, 16, 4096);
        int seed = a.integer("--seed", 7, 0, Integer.MAX_VALUE);
        a.requireModel("--model", modelDir);

        // The application's images, in memory: new items of the synthetic task (stream 1; the
        // VOC tree of TrainExample holds stream 0), with their labels for a sanity figure.
        SyntheticTask task =
                SyntheticTask.builder()
                        .optSize(size, size)
                        .optTextureScale(1.5)
                        .optDistractors(0.05)
                        .optSeed(seed)
                        .build();
        List<LabeledImage> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(task.generate(1, i));
        }

        try (SANetModel model = SANetModel.load(modelDir)) {
            if (model.classNames().size() != task.numClasses()) {
                throw a.error(
                        "--model "
                                + modelDir
                                + " predicts "
                                + model.classNames().size()
                                + " classes, not the synthetic task's "
                                + task.numClasses());
            }
            long start = System.nanoTime();
            // Shared by every worker: the route is thread-safe.
            ImagePredictor predictor = model.newImagePredictor(model.predictionProtocol(), false);
            Histogram[] histograms = new Histogram[count];
            // A confusion matrix is not thread-safe: one per worker, merged at the end.
            ConfusionMatrix[] agreement = new ConfusionMatrix[threads];
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Void>> done = new ArrayList<>();
                for (int w = 0; w < threads; w++) {
                    int worker = w;
                    agreement[w] = new ConfusionMatrix(task.numClasses());
                    Callable<Void> job =
                            () -> {
                                for (int i = worker; i < count; i += threads) {
                                    LabeledImage item = items.get(i);
                                    int[][] mask =
                                            predictor.predict(item.image(), "item " + i).classes();
                                    histograms[i] = histogram(i, mask, model.classNames());
                                    agreement[worker].addPixels(item.label(), flat(mask), -1);
                                }
                                return null;
                            };
                    done.add(pool.submit(job));
                }
                for (Future<Void> f : done) {
                    f.get();
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof TranslateException t) {
                    throw t;
                }
                throw new IllegalStateException("a worker failed: " + cause, cause);
            } finally {
                // Stop and wait for the workers before the model closes under them.
                pool.shutdownNow();
                if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("workers still running after a minute");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            ConfusionMatrix all = new ConfusionMatrix(task.numClasses());
            for (ConfusionMatrix m : agreement) {
                all.merge(m);
            }
            Result r =
                    new Result(
                            model.classNames(),
                            threads,
                            List.of(histograms),
                            all.scores().pixelAccuracy(),
                            seconds);
            print(r);
            return r;
        }
    }

    private static Histogram histogram(int index, int[][] mask, List<String> classNames) {
        long pixels = 0;
        for (int[] row : mask) {
            pixels += row.length;
        }
        return new Histogram(
                index,
                Thread.currentThread().getName(),
                pixels,
                PredictExample.classPixels(mask, classNames));
    }

    /** A row-major mask as one array, pixel {@code (x, y)} at {@code y * width + x}. */
    private static int[] flat(int[][] mask) {
        return Arrays.stream(mask).flatMapToInt(Arrays::stream).toArray();
    }

    private static void print(Result r) {
        System.out.printf(
                Locale.ROOT,
                "EmbedExample: %d images on %d thread(s) %s in %.2f s (%.1f images/s);"
                        + " pixel accuracy against the generated labels %.1f%%%n",
                r.histograms().size(),
                r.threads(),
                r.workers(),
                r.seconds(),
                r.histograms().size() / r.seconds(),
                100 * r.pixelAccuracy());
        int shown = Math.min(4, r.histograms().size());
        for (int i = 0; i < shown; i++) {
            Histogram h = r.histograms().get(i);
            StringBuilder line = new StringBuilder();
            h.classPixels()
                    .forEach(
                            (name, px) -> {
                                if (px > 0) {
                                    line.append(line.length() == 0 ? "" : ", ")
                                            .append(name)
                                            .append(' ')
                                            .append(px);
                                }
                            });
            System.out.printf(Locale.ROOT, "  image %d (%s): %s%n", h.image(), h.worker(), line);
        }
        if (r.histograms().size() > shown) {
            System.out.printf("  ... %d more%n", r.histograms().size() - shown);
        }
    }
}
