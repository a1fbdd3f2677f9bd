package dev.sanet.examples.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import dev.sanet.core.data.Resolution;
import dev.sanet.core.progress.ConsoleProgressBar;
import dev.sanet.data.DatasetOptions;
import dev.sanet.data.DatasetStats;
import dev.sanet.data.MissingFilesException;
import dev.sanet.data.Problem;
import dev.sanet.data.SegmentationDataset;
import dev.sanet.data.SyntheticTask;
import dev.sanet.data.SyntheticWriter;
import dev.sanet.data.Transform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sanet dataset}: inspects datasets ({@code stats}) and times loading ({@code bench}). */
@Command(
        mixinStandardHelpOptions = true,
        name = "dataset",
        description = "Reads, validates and benchmarks datasets.",
        subcommands = {DatasetCommand.Stats.class, DatasetCommand.Bench.class})
final class DatasetCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return SanetCommand.EXIT_USAGE;
    }

    /**
     * Stops before any work when an item's image or label file is missing or unreadable: the
     * library's check ({@link SegmentationDataset#checkFiles()}, no decoding) as a user mistake
     * naming {@code --data}.
     *
     * @param ds the opened split
     * @param root the {@code --data} value, for the message
     * @param skipBad whether the command offers {@code --skip-bad} (named as a fix)
     * @throws UserException naming the first such file and how many items have one
     */
    static void requireFiles(SegmentationDataset ds, @Nullable Path root, boolean skipBad) {
        try {
            ds.checkFiles();
        } catch (MissingFilesException e) {
            throw new UserException(
                    "--data "
                            + root
                            + ": "
                            + e.getMessage()
                            + (skipBad ? ", or pass --skip-bad to train on the rest" : ""),
                    e);
        }
    }

    /** {@code sanet dataset stats}: per-class pixel counts and one problem line per bad item. */
    @Command(
            mixinStandardHelpOptions = true,
            name = "stats",
            description =
                    "Reads and validates every item of a split: pixels per class after mapping,"
                            + " ignore pixels, and one line per bad item (exit status 2 if any).")
    static final class Stats implements Callable<Integer> {

        @Mixin DatasetFlags source = new DatasetFlags(null, "train");

        @Mixin ThreadsOption threadCount = new ThreadsOption();

        @Mixin JsonOption json = new JsonOption();

        @Override
        public Integer call() {
            int threads = threadCount.count();
            String split = source.split();
            SegmentationDataset ds =
                    DatasetOpener.open(source.name(), source.options().threads(threads).build());
            ConsoleProgressBar bar = ConsoleProgressBar.stderr();
            String label = "reading " + ds.name() + " " + split;
            DatasetStats stats =
                    DatasetStats.compute(ds, threads, done -> bar.onItems(label, done, ds.size()));
            bar.finish();
            ds.close();
            if (json.on()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("dataset", ds.name());
                o.put("split", split);
                o.put("images", stats.images());
                o.put("classes", stats.classNames().size());
                o.put("pixelsPerClass", stats.pixelsPerClassByName());
                o.put("ignorePixels", stats.ignorePixels());
                List<Map<String, String>> problems = new ArrayList<>();
                for (Problem p : stats.problems()) {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("path", p.path().toString());
                    m.put("problem", p.problem());
                    problems.add(m);
                }
                o.put("problems", problems);
                Json.print(System.out, o);
            } else {
                printHuman(ds, stats);
            }
            return stats.problems().isEmpty() ? 0 : SanetCommand.EXIT_USAGE;
        }

        private void printHuman(SegmentationDataset ds, DatasetStats stats) {
            String split = source.split();
            long[] counts = stats.pixelsPerClass();
            long labelled = 0;
            for (long c : counts) {
                labelled += c;
            }
            System.out.printf(
                    "%s %s: %d images, %d classes%n",
                    ds.name(), split, stats.images(), stats.classNames().size());
            int width = 12;
            for (String n : stats.classNames()) {
                width = Math.max(width, n.length() + 2);
            }
            System.out.printf(
                    Locale.ROOT, "%-" + width + "s %14s %8s%n", "class", "pixels", "share");
            for (int c = 0; c < counts.length; c++) {
                double share = labelled == 0 ? 0 : 100.0 * counts[c] / labelled;
                System.out.printf(
                        Locale.ROOT,
                        "%-" + width + "s %14d %7.2f%%%n",
                        stats.classNames().get(c),
                        counts[c],
                        share);
            }
            System.out.printf(
                    Locale.ROOT, "%-" + width + "s %14d%n", "(ignore 255)", stats.ignorePixels());
            if (stats.problems().isEmpty()) {
                System.out.println("problems: none");
            } else {
                System.out.printf("problems: %d%n", stats.problems().size());
                for (Problem p : stats.problems()) {
                    System.out.println(p);
                }
            }
        }
    }

    /**
     * {@code sanet dataset bench}: images per second of the parallel loader with the training
     * transform.
     */
    @Command(
            mixinStandardHelpOptions = true,
            name = "bench",
            description =
                    "Times the data loader with the training transform (decode, random scale, crop,"
                            + " flip, normalise, batch). Without --data it writes VOC-sized"
                            + " synthetic JPEGs to a temporary folder first.")
    static final class Bench implements Callable<Integer> {

        @Mixin DatasetFlags source = new DatasetFlags("voc", "train");

        @Option(
                names = "--images",
                defaultValue = "200",
                description =
                        "Synthetic images to write without --data (default ${DEFAULT-VALUE}).")
        int images;

        @Option(
                names = "--size",
                defaultValue = "500x375",
                description = "Synthetic image size without --data (default ${DEFAULT-VALUE}).")
        String size;

        @Mixin ThreadsOption threadCount = new ThreadsOption();

        @Option(
                names = "--batch",
                defaultValue = "16",
                description = "Batch size (default ${DEFAULT-VALUE}).")
        int batch;

        @Option(
                names = "--base",
                defaultValue = "520",
                description = "Base size (default ${DEFAULT-VALUE}).")
        int base;

        @Option(
                names = "--crop",
                defaultValue = "480",
                description = "Crop size (default ${DEFAULT-VALUE}).")
        int crop;

        @Option(
                names = "--epochs",
                defaultValue = "2",
                description = "Timed passes after one warm-up pass (default ${DEFAULT-VALUE}).")
        int epochs;

        @Mixin JsonOption json = new JsonOption();

        @Override
        public Integer call() throws IOException {
            int threads = threadCount.count();
            Ranges.check("--batch", batch, 1, Ranges.MAX_BATCH);
            Ranges.check("--epochs", epochs, 1, 1000);
            // The resolution owns the sizes' range: out of it, its constructor fails with the
            // setting's name, which the root prints as --base or --crop.
            new Resolution(base, crop);
            Path data = source.root();
            String split = source.split();
            if (data == null) {
                Ranges.check("--images", images, 2, 100_000);
                SynthCommand.parseSize(size);
            }
            Path root = data;
            Path temp = null;
            String name = source.name();
            if (root == null) {
                int[] wh = SynthCommand.parseSize(size);
                temp = Files.createTempDirectory("sanet-bench");
                root = temp;
                name = "voc";
                System.err.printf(
                        "writing %d synthetic %dx%d JPEGs under %s ...%n",
                        images, wh[0], wh[1], temp);
                SyntheticWriter.write(
                        SyntheticWriter.Format.VOC,
                        temp,
                        Math.max(2, images),
                        SyntheticTask.builder().optSize(wh[0], wh[1]).optObjects(2, 5).build());
                split = "trainval";
            }
            DatasetOptions options =
                    DatasetOptions.builder()
                            .root(root)
                            .split(split)
                            .transform(Transform.TRAIN)
                            .resolution(new Resolution(base, crop))
                            .threads(threads)
                            .sampling(batch, true, false)
                            .build();
            try (SegmentationDataset ds = DatasetOpener.open(name, options)) {
                try (NDManager manager = NDManager.newBaseManager()) {
                    pass(ds, manager); // warm-up: JIT, ImageIO plugins, engine
                    long start = System.nanoTime();
                    long n = 0;
                    for (int e = 0; e < epochs; e++) {
                        n += pass(ds, manager);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    report(ds, n, seconds);
                }
            } finally {
                if (temp != null) {
                    deleteTree(temp);
                }
            }
            return 0;
        }

        private static long pass(SegmentationDataset ds, NDManager manager) {
            long n = 0;
            for (Batch b : ds.getData(manager)) {
                n += b.getSize();
                b.close();
            }
            return n;
        }

        private void report(SegmentationDataset ds, long n, double seconds) {
            int threads = threadCount.count();
            double ips = n / seconds;
            int cores = Runtime.getRuntime().availableProcessors();
            int used = Math.min(threads, cores);
            if (json.on()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("dataset", ds.name());
                o.put("images", n);
                o.put("seconds", seconds);
                o.put("imagesPerSecond", ips);
                o.put("threads", threads);
                o.put("cores", cores);
                o.put("imagesPerSecondPerCore", ips / used);
                o.put("batch", batch);
                o.put("crop", crop);
                o.put("base", base);
                Json.print(System.out, o);
            } else {
                System.out.printf(
                        Locale.ROOT,
                        "%s: %d images in %.2f s = %.1f images/s with %d loader threads on %d cores"
                                + " (%.1f images/s per core), batch %d, crop %d%n",
                        ds.name(),
                        n,
                        seconds,
                        ips,
                        threads,
                        cores,
                        ips / used,
                        batch,
                        crop);
            }
        }

        private static void deleteTree(Path dir) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder())
                        .forEach(
                                p -> {
                                    try {
                                        Files.deleteIfExists(p);
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                });
            } catch (IOException | UncheckedIOException e) {
                System.err.println("sanet: could not delete " + dir + ": " + e.getMessage());
            }
        }
    }
}
