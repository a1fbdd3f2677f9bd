package dev.sanet.spark.cli;

import com.google.gson.GsonBuilder;
import dev.sanet.core.Engines;
import dev.sanet.core.ModelMetadata;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.io.AtomicFolder;
import dev.sanet.core.io.AtomicWrite;
import dev.sanet.core.io.FolderInUseException;
import dev.sanet.core.io.InputFiles;
import dev.sanet.core.io.NoSpaceLeftException;
import dev.sanet.core.io.OutputFolders;
import dev.sanet.core.io.OutputLock;
import dev.sanet.core.zoo.ProtocolArguments;
import dev.sanet.data.PredictionWriter;
import dev.sanet.spark.ModelCache;
import dev.sanet.spark.SparkSegmenter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sanet spark predict}: segments every file of a folder on Spark ({@link SparkSegmenter})
 * and writes the masks either as Parquet ({@code OUTPUT/masks.parquet}: the rows of {@link
 * SparkSegmenter#SCHEMA}) or as one index PNG per image ({@code OUTPUT/NAME.png}, the names {@code
 * sanet predict} gives). A file that is not a readable image is counted as an error and listed; the
 * others are still segmented.
 *
 * <p>Before Spark starts every output is planned and checked: the output folder is kept apart from
 * {@code --input} and {@code --model} and is writable, and without {@code --overwrite} no planned
 * output may exist; a {@code masks.parquet} without {@code _SUCCESS} is named as an interrupted
 * run's partial output. The output folder is claimed ({@link OutputLock}) for the run, and every
 * PNG is written under a temporary name and renamed when complete.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description =
                "Segments every file of a folder on Spark; writes Parquet rows or index PNGs.")
final class SparkPredictCommand implements Callable<Integer> {

    /** The output formats. */
    enum Format {
        /** {@code OUTPUT/masks.parquet}. */
        parquet,
        /** {@code OUTPUT/NAME.png}. */
        png
    }

    /** The Parquet folder inside the output folder. */
    static final String PARQUET = "masks.parquet";

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder.")
    Path modelDir;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "DIR",
            description = "A folder of images (every file in it is read; subfolders are not).")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
    Path output;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description =
                    "Spark master (default: ${DEFAULT-VALUE}; under spark-submit the master it"
                            + " sets is used when this is not given).")
    @Nullable String master;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "parquet or png (default: ${DEFAULT-VALUE}).")
    Format format = Format.parquet;

    @Option(
            names = "--engine",
            paramLabel = "ENGINE",
            description = "mxnet, pytorch or onnxruntime (default: SANET_ENGINE, else mxnet).")
    @Nullable String engine;

    @Option(
            names = "--scales",
            split = ",",
            paramLabel = "LIST",
            description = "Scales of the base size, comma-separated (default: 1.0).")
    List<Double> scales = List.of(1.0);

    @Option(names = "--flip", description = "Add the horizontally flipped prediction.")
    boolean flip;

    @Option(
            names = "--base-size",
            description =
                    "Long side at scale 1.0: -1 = the model's base size, the resolution it was"
                            + " trained at (as sanet predict); 0 = each image's own long side"
                            + " (default: ${DEFAULT-VALUE}).")
    int baseSize = -1;

    @Option(
            names = "--max-side",
            paramLabel = "N",
            description =
                    "Segment an image whose long side exceeds N at a copy scaled to N, then scale"
                            + " the mask up (nearest), as sanet predict does. 0 = no limit"
                            + " (default: ${DEFAULT-VALUE}).")
    int maxSide = Protocol.DEFAULT_MAX_SIDE;

    @Option(
            names = "--max-pixels",
            paramLabel = "N",
            description =
                    "Refuse (as an error row) an image whose header declares more than N pixels,"
                            + " before decoding it; a smaller one much larger than --max-side is"
                            + " decoded subsampled (default: ${DEFAULT-VALUE}, 100 megapixels).")
    long maxPixels = Protocol.DEFAULT_MAX_PIXELS;

    @Option(
            names = "--partitions",
            description =
                    "Spark partitions (default: 4 per core of the master, at most one per image).")
    int partitions = 0;

    @Option(names = "--overwrite", description = "Replace outputs that exist already.")
    boolean overwrite;

    @Option(names = "--json", description = "Print one JSON object on standard output.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        // Every check before Spark starts or a file is written.
        String engineName = Engines.resolve(engine);
        try {
            ModelMetadata.read(modelDir);
        } catch (IOException e) {
            throw new IllegalArgumentException("--model: " + e.getMessage(), e);
        }
        String problem = InputFiles.problem(input);
        if (problem != null
                && !problem.equals(InputFiles.FOLDER)
                && !problem.equals(InputFiles.MISSING)) {
            throw new IllegalArgumentException(
                    "--input " + input + " is " + problem + ", not a folder of images");
        }
        if (!Files.isDirectory(input)) {
            throw new IllegalArgumentException("--input " + input + ": no such folder");
        }
        if (partitions < 0) {
            throw new IllegalArgumentException(
                    "--partitions must be >= 0 (0: automatic), got " + partitions);
        }
        List<Path> files = listFiles(input);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("--input " + input + ": the folder has no files");
        }
        try {
            OutputLock.holder(output)
                    .ifPresent(
                            o -> {
                                throw new FolderInUseException(output, o);
                            });
            OutputFolders.checkApart(output, input);
            OutputFolders.checkApart(output, modelDir);
            OutputFolders.checkWritableFolder(output);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--output: " + e.getMessage(), e);
        }
        Map<String, String> targets = new HashMap<>();
        List<Path> planned = new ArrayList<>();
        if (format == Format.png) {
            // The index PNGs of sanet predict, named by the same writer's plan.
            PredictionWriter writer = PredictionWriter.builder(output).optColor(false).build();
            for (PredictionWriter.Planned p : writer.plan(files)) {
                Path out = p.index().toAbsolutePath();
                planned.add(out);
                targets.put(uri(p.input()), out.toString());
            }
        } else {
            planned.add(output.resolve(PARQUET));
        }
        if (format == Format.parquet && !overwrite) {
            checkNotPartial(output.resolve(PARQUET));
        }
        try {
            OutputFolders.checkOutputs(planned, files, overwrite);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--output: " + e.getMessage() + (overwrite ? "" : " (or pass --overwrite)"), e);
        }
        SparkSegmenter segmenter =
                SparkSegmenter.builder()
                        .modelDir(modelDir.toAbsolutePath().toString())
                        .engine(engineName)
                        .protocolArgument(
                                ProtocolArguments.SCALES,
                                String.join(",", scales.stream().map(String::valueOf).toList()))
                        .protocolArgument(ProtocolArguments.FLIP, flip)
                        .protocolArgument(ProtocolArguments.BASE_SIZE, baseSize)
                        .protocolArgument(ProtocolArguments.MAX_SIDE, maxSide)
                        .protocolArgument(ProtocolArguments.MAX_PIXELS, maxPixels)
                        .build();

        // The folder is this run's until it ends: a second run into it stops here (exit 2).
        try (OutputLock lock = OutputLock.acquire(output, "sanet spark predict")) {
            lock.replaced()
                    .ifPresent(
                            o ->
                                    System.err.println(
                                            "sanet spark predict: warning: replaced a stale lock in "
                                                    + output
                                                    + " ("
                                                    + o.describe()
                                                    + ", no longer running)"));
            List<Path> stale = AtomicFolder.removeStale(output);
            if (!stale.isEmpty()) {
                System.err.println(
                        "sanet spark predict: removed "
                                + stale.size()
                                + " temporary file(s) of an interrupted earlier run in "
                                + output);
            }
            return run(files, targets, segmenter);
        } catch (FolderInUseException e) {
            throw new IllegalArgumentException("--output " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Spark wraps an executor's failure; a full disk is named by the output it hit.
            if (NoSpaceLeftException.isNoSpace(e)) {
                throw new NoSpaceLeftException(
                        format == Format.png ? output : output.resolve(PARQUET), e);
            }
            throw e;
        }
    }

    /**
     * A Parquet folder that an interrupted run left (Spark writes {@code _SUCCESS} last): refused
     * as partial output, saying how to continue.
     */
    static void checkNotPartial(Path parquet) {
        if (Files.isDirectory(parquet) && !Files.exists(parquet.resolve("_SUCCESS"))) {
            throw new IllegalArgumentException(
                    "--output: "
                            + parquet
                            + " is the partial output of an interrupted run (no _SUCCESS"
                            + (Files.isDirectory(parquet.resolve("_temporary"))
                                    ? ", only Spark's _temporary/"
                                    : "")
                            + "): rerun with --overwrite to replace it, or delete "
                            + parquet);
        }
    }

    private int run(List<Path> files, Map<String, String> targets, SparkSegmenter segmenter)
            throws IOException {
        long t0 = System.nanoTime();
        SparkSession.Builder sb =
                SparkSession.builder()
                        .appName("sanet spark predict")
                        .config("spark.ui.showConsoleProgress", "false");
        if (master != null) {
            sb.master(master);
        } else if (System.getProperty("spark.master") == null) {
            sb.master("local[*]");
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        try (SparkSession spark = sb.getOrCreate()) {
            spark.sparkContext().setLogLevel("WARN");
            double sessionSeconds = (System.nanoTime() - t0) / 1e9;
            int parallelism = spark.sparkContext().defaultParallelism();
            int n =
                    partitions > 0
                            ? partitions
                            : Math.max(1, Math.min(files.size(), 4 * parallelism));
            long t1 = System.nanoTime();
            List<String> uris = files.stream().map(SparkPredictCommand::uri).toList();
            // Sliced as they are made: no shuffle stage before the work.
            Dataset<String> paths =
                    spark.createDataset(
                            JavaSparkContext.fromSparkContext(spark.sparkContext())
                                    .parallelize(uris, n)
                                    .rdd(),
                            Encoders.STRING());
            Dataset<Row> result = segmenter.segmentPaths(paths);
            long rows;
            List<Row> errors;
            if (format == Format.png) {
                // One pass: the PNGs are written and the summary gathered by the same action.
                Broadcast<Map<String, String>> where =
                        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(targets);
                LongAccumulator seen = spark.sparkContext().longAccumulator("images");
                CollectionAccumulator<String> failed =
                        spark.sparkContext().collectionAccumulator("errors");
                result.foreachPartition(
                        (ForeachPartitionFunction<Row>)
                                it -> {
                                    Map<String, String> m = where.value();
                                    while (it.hasNext()) {
                                        Row r = it.next();
                                        seen.add(1);
                                        if (r.isNullAt(3)) {
                                            failed.add(r.getString(0) + "\t" + r.getString(5));
                                        } else {
                                            Path p = Path.of(m.get(r.getString(0)));
                                            AtomicWrite.writeBytes(p, (byte[]) r.get(3));
                                        }
                                    }
                                });
                rows = seen.value();
                errors = new ArrayList<>();
                for (String e : failed.value()) {
                    int tab = e.indexOf('\t');
                    errors.add(RowFactory.create(e.substring(0, tab), e.substring(tab + 1)));
                }
            } else {
                String where = output.resolve(PARQUET).toAbsolutePath().toString();
                result.write()
                        .mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
                        .parquet(where);
                // The summary from what was written: no second inference pass.
                Dataset<Row> written = spark.read().parquet(where).select("path", "error");
                rows = written.count();
                errors = written.filter(written.col("error").isNotNull()).collectAsList();
            }
            double seconds = (System.nanoTime() - t1) / 1e9;
            summary.put("engine", segmenter.engine());
            summary.put("master", spark.sparkContext().master());
            summary.put("format", format.name());
            summary.put("partitions", n);
            summary.put("images", rows);
            summary.put("segmented", rows - errors.size());
            summary.put("errorCount", errors.size());
            List<Map<String, String>> errorList = new ArrayList<>();
            for (Row e : errors) {
                errorList.add(Map.of("path", e.getString(0), "error", e.getString(1)));
            }
            summary.put("errors", errorList);
            summary.put("sessionSeconds", round(sessionSeconds));
            summary.put("seconds", round(seconds));
            summary.put("imagesPerSecond", round(rows / seconds));
            summary.put("modelLoadsInDriver", ModelCache.loads());
            summary.put(
                    "output",
                    format == Format.png ? output.toString() : output.resolve(PARQUET).toString());
        } finally {
            ModelCache.clear();
        }
        if (json) {
            System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(summary));
        } else {
            @SuppressWarnings("unchecked")
            List<Map<String, String>> errorList = (List<Map<String, String>>) summary.get("errors");
            for (Map<String, String> e : errorList) {
                System.err.println("sanet spark predict: " + e.get("path") + ": " + e.get("error"));
            }
            System.out.printf(
                    Locale.ROOT,
                    "segmented %d of %d file(s), %d error(s), in %.1f s (%.2f images/s, %s) into"
                            + " %s%n",
                    (long) summary.get("segmented"),
                    (long) summary.get("images"),
                    errorList.size(),
                    (double) summary.get("seconds"),
                    (double) summary.get("imagesPerSecond"),
                    summary.get("master"),
                    summary.get("output"));
        }
        return 0;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String uri(Path p) {
        return p.toAbsolutePath().normalize().toUri().toString();
    }

    /**
     * The regular files of a folder, not hidden (Hadoop skips names starting with . or _); FIFOs,
     * sockets, devices, link loops and dangling links are named on standard error and left out,
     * never opened ({@link InputFiles#list}), as {@code sanet predict} does.
     */
    private static List<Path> listFiles(Path folder) {
        try {
            InputFiles.Listing listing =
                    InputFiles.list(
                            folder,
                            p -> {
                                String n = p.getFileName().toString();
                                return !n.startsWith(".") && !n.startsWith("_");
                            });
            for (InputFiles.Skipped skipped : listing.skipped()) {
                System.err.println("sanet spark predict: warning: " + skipped.message());
            }
            return listing.files();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
