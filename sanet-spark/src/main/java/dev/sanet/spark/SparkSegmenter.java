package dev.sanet.spark;

import dev.sanet.core.Engines;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.settings.SettingException;
import dev.sanet.core.zoo.ProtocolArguments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/**
 * Segments a Spark dataset of images with a saved sanet model, one output row per input row:
 *
 * <pre>{@code
 * Dataset<Row> images = spark.read().format("binaryFile").load("s3a://bucket/images/");
 * SparkSegmenter segmenter = SparkSegmenter.builder().modelDir("/models/voc").build();
 * Dataset<Row> masks = segmenter.segment(images);  // lazy, like any Spark transformation
 * masks.write().parquet("s3a://bucket/masks.parquet");
 * }</pre>
 *
 * <p>The input is either Spark's {@code binaryFile} rows (columns {@code path} and {@code content};
 * others are ignored) or any dataset with a string column {@code path} (read by the executors
 * through Hadoop's file systems), e.g. {@link #segmentPaths}. The output has the columns of {@link
 * #SCHEMA}: {@code path}, {@code width}, {@code height}, {@code mask} (the bytes of an 8-bit PNG
 * whose pixel values are class ids, as {@code sanet predict} writes it), {@code counts} (pixels per
 * class id) and {@code error} (null when the image was segmented; otherwise why not, with the other
 * columns null: a corrupt file or a non-image does not stop the job).
 *
 * <p>Each executor loads the model once ({@link ModelCache}) and its tasks share it. The model
 * directory must be readable at the same local path on every executor (a shared file system, or
 * shipped with {@code --files}/{@code --archives}). Settings are validated in {@link
 * Builder#build()}. Instances are immutable; the executors receive only the settings.
 */
public final class SparkSegmenter {

    /** The output columns. */
    public static final StructType SCHEMA =
            new StructType(
                    new StructField[] {
                        DataTypes.createStructField("path", DataTypes.StringType, false),
                        DataTypes.createStructField("width", DataTypes.IntegerType, true),
                        DataTypes.createStructField("height", DataTypes.IntegerType, true),
                        DataTypes.createStructField("mask", DataTypes.BinaryType, true),
                        DataTypes.createStructField(
                                "counts", DataTypes.createArrayType(DataTypes.LongType), true),
                        DataTypes.createStructField("error", DataTypes.StringType, true)
                    });

    private final String modelDir;
    private final String engine;
    private final Map<String, String> protocol;

    private SparkSegmenter(Builder b) {
        this.modelDir = Objects.requireNonNull(b.modelDir);
        this.engine = b.engine;
        this.protocol = Map.copyOf(b.protocol);
    }

    /**
     * Starts a builder.
     *
     * @return a builder: default engine, the model's prediction protocol (one pass with each
     *     image's long side scaled to the model's training base size, bounded by {@code
     *     Protocol.DEFAULT_MAX_SIDE})
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The engine the executors run.
     *
     * @return DJL's engine name
     */
    public String engine() {
        return engine;
    }

    /**
     * Segments images.
     *
     * @param images {@code binaryFile} rows ({@code path}, {@code content}) or rows with a string
     *     column {@code path}
     * @return one row per input row, columns {@link #SCHEMA}; lazy
     * @throws IllegalArgumentException when the dataset has no {@code path} column
     */
    public Dataset<Row> segment(Dataset<Row> images) {
        List<String> columns = Arrays.asList(images.columns());
        if (!columns.contains("path")) {
            throw new IllegalArgumentException(
                    "the images need a path column (and a content column, as Spark's binaryFile"
                            + " source gives), got columns "
                            + columns);
        }
        Column content =
                columns.contains("content")
                        ? images.col("content")
                        : functions.lit(null).cast(DataTypes.BinaryType);
        JavaRDD<Row> rows =
                images.select(images.col("path").cast(DataTypes.StringType), content)
                        .javaRDD()
                        .mapPartitions(new PartitionSegmenter(modelDir, engine, protocol));
        return images.sparkSession().createDataFrame(rows, SCHEMA);
    }

    /**
     * Segments the images at some paths (any Hadoop file system URI or local path).
     *
     * @param paths the image paths
     * @return one row per path, columns {@link #SCHEMA}; lazy
     */
    public Dataset<Row> segmentPaths(Dataset<String> paths) {
        return segment(paths.as(Encoders.STRING()).toDF("path"));
    }

    /** Settings of a {@link SparkSegmenter}; {@link #build()} checks them. */
    public static final class Builder {
        private @Nullable String modelDir;
        private @Nullable String engineName;
        private String engine = "";
        private final Map<String, String> protocol = new TreeMap<>();

        private Builder() {}

        /**
         * Sets the model directory (required), as the executors see it.
         *
         * @param modelDir a folder written by {@code sanet train} or {@code sanet demo}
         * @return this builder
         */
        public Builder modelDir(String modelDir) {
            this.modelDir = modelDir;
            return this;
        }

        /**
         * Sets the engine (default: {@code Engines.defaultEngine()} on the driver).
         *
         * @param engine {@code mxnet} or {@code pytorch}, any case
         * @return this builder
         */
        public Builder engine(String engine) {
            this.engineName = engine;
            return this;
        }

        /**
         * Sets one setting of the protocol, by the names and with the values of DJL {@code
         * Criteria} arguments ({@link ProtocolArguments}: {@code scales} "0.75,1.0,1.25", {@code
         * flip} "true", {@code baseSize} pixels, 0 or -1 for the model's, {@code crop} pixels, 0 or
         * -1 for the model's, {@code maxSide} pixels or 0, {@code maxPixels} the most pixels an
         * image may declare), so that Spark, {@code Criteria} and {@code sanet predict} resolve a
         * protocol against a model in one place. Unset settings keep the defaults of {@code sanet
         * predict}.
         *
         * @param name the argument's name
         * @param value its value
         * @return this builder
         */
        public Builder protocolArgument(String name, Object value) {
            protocol.put(name, String.valueOf(value));
            return this;
        }

        /**
         * Checks the settings and creates the segmenter.
         *
         * @return the segmenter
         * @throws IllegalArgumentException naming the bad value: no model directory, one without
         *     {@code sanet.json} (when it is a local path the driver can see), an unknown engine, a
         *     bad scale or base size
         */
        public SparkSegmenter build() {
            if (modelDir == null || modelDir.isBlank()) {
                throw new SettingException("modelDir", modelDir, "a model folder");
            }
            Path local = Path.of(modelDir);
            if (Files.isDirectory(local) && !Files.isRegularFile(local.resolve("sanet.json"))) {
                throw new IllegalArgumentException(
                        "modelDir " + modelDir + " holds no sanet.json: not a sanet model folder");
            }
            engine = Engines.resolve(engineName);
            // The protocol's own checks, on the driver: placeholder model sizes stand in for -1.
            ProtocolArguments.parse(protocol, Protocol.PAPER_BASE_SIZE, Protocol.PAPER_CROP_SIZE);
            return new SparkSegmenter(this);
        }
    }
}
