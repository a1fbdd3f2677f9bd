package dev.sanet.core;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.sanet.core.inference.SANetTranslator;
import dev.sanet.core.inference.Segmenter;
import dev.sanet.core.io.WeightsFile;
import dev.sanet.core.nn.BatchNormFolding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A trained SANet on disk and in memory: a model directory holding DJL's parameter file {@code
 * sanet-0000.params} and {@code sanet.json} (format version, architecture, class names and colours,
 * normalisation, base and crop sizes, a training summary).
 *
 * <p>{@link #save} writes the directory (the JSON atomically); {@link #load} rebuilds the network
 * from {@code sanet.json} and loads the parameters, failing with a message that names the missing
 * or incompatible file. The instance owns its DJL {@link Model}: close it.
 */
public final class SANetModel implements AutoCloseable {

    /** The format version written into {@code sanet.json}. */
    public static final int FORMAT_VERSION = 1;

    /** The metadata file of a model directory. */
    public static final String METADATA = "sanet.json";

    /** The DJL model name, hence the parameter file {@code sanet-0000.params}. */
    public static final String NAME = "sanet";

    /** ImageNet mean of RGB in [0, 1]. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};

    /** ImageNet standard deviation of RGB in [0, 1]. */
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    private static final Gson GSON =
            new GsonBuilder()
                    .setPrettyPrinting()
                    .serializeNulls()
                    .serializeSpecialFloatingPointValues()
                    .create();

    private final SANet definition;
    private final Model model;
    private final List<String> classNames;
    private final int[] colors;
    private final float[] mean;
    private final float[] std;
    private final int baseSize;
    private final int cropSize;
    private final JsonObject training;

    private SANetModel(
            SANet definition,
            Model model,
            List<String> classNames,
            int[] colors,
            float[] mean,
            float[] std,
            int baseSize,
            int cropSize,
            JsonObject training) {
        if (classNames.size() != definition.numClasses()) {
            throw new IllegalArgumentException(
                    "the network has "
                            + definition.numClasses()
                            + " classes but "
                            + classNames.size()
                            + " class names were given");
        }
        if (colors.length != classNames.size()) {
            throw new IllegalArgumentException(
                    "expected " + classNames.size() + " colours, got " + colors.length);
        }
        this.definition = definition;
        this.model = model;
        this.classNames = List.copyOf(classNames);
        this.colors = colors.clone();
        this.mean = mean.clone();
        this.std = std.clone();
        this.baseSize = baseSize;
        this.cropSize = cropSize;
        this.training = training.deepCopy();
    }

    /**
     * Wraps a trained DJL model (for instance {@code SANetTrainer.model()}) for saving and
     * prediction. The model stays owned by the caller until this instance is closed.
     *
     * @param definition the architecture the model's block was built from
     * @param model the DJL model holding the initialised block
     * @param classNames K names
     * @param colors K colours as {@code 0xRRGGBB}
     * @param baseSize the base size of the training pipeline (520 in the paper)
     * @param cropSize the crop size of the training pipeline (480 in the paper)
     * @param training a summary of how the model was trained (free-form JSON)
     * @return the wrapper
     */
    public static SANetModel of(
            SANet definition,
            Model model,
            List<String> classNames,
            int[] colors,
            int baseSize,
            int cropSize,
            JsonObject training) {
        return new SANetModel(
                definition,
                model,
                classNames,
                colors,
                IMAGENET_MEAN,
                IMAGENET_STD,
                baseSize,
                cropSize,
                training);
    }

    /**
     * The architecture.
     *
     * @return the definition
     */
    public SANet definition() {
        return definition;
    }

    /**
     * The DJL model (block and parameters).
     *
     * @return the model
     */
    public Model model() {
        return model;
    }

    /**
     * The class names, index = class id.
     *
     * @return K names
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * The display colours, index = class id.
     *
     * @return K colours as {@code 0xRRGGBB}
     */
    public int[] colors() {
        return colors.clone();
    }

    /**
     * The normalisation mean of RGB in [0, 1].
     *
     * @return three values
     */
    public float[] mean() {
        return mean.clone();
    }

    /**
     * The normalisation standard deviation of RGB in [0, 1].
     *
     * @return three values
     */
    public float[] std() {
        return std.clone();
    }

    /**
     * The training pipeline's base size, the reference for multi-scale evaluation.
     *
     * @return pixels
     */
    public int baseSize() {
        return baseSize;
    }

    /**
     * The training crop size, the sliding-window size of evaluation.
     *
     * @return pixels
     */
    public int cropSize() {
        return cropSize;
    }

    /**
     * How the model was trained.
     *
     * @return a copy of the summary
     */
    public JsonObject training() {
        return training.deepCopy();
    }

    /**
     * Writes the model directory: {@code sanet-0000.params} and {@code sanet.json}.
     *
     * @param dir the directory, created when missing
     * @throws IOException when writing fails
     */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        model.setProperty("Epoch", "0");
        model.save(dir, NAME);
        JsonObject o = new JsonObject();
        o.addProperty("format", "sanet-model");
        o.addProperty("formatVersion", FORMAT_VERSION);
        o.addProperty("sanet", RuntimeInfo.sanetVersion());
        o.add("architecture", definition.toJson());
        JsonArray classes = new JsonArray();
        for (int k = 0; k < classNames.size(); k++) {
            JsonObject c = new JsonObject();
            c.addProperty("id", k);
            c.addProperty("name", classNames.get(k));
            c.addProperty("color", String.format(Locale.ROOT, "#%06x", colors[k] & 0xFFFFFF));
            classes.add(c);
        }
        o.add("classes", classes);
        JsonObject norm = new JsonObject();
        norm.add("mean", GSON.toJsonTree(mean));
        norm.add("std", GSON.toJsonTree(std));
        o.add("normalization", norm);
        o.addProperty("baseSize", baseSize);
        o.addProperty("cropSize", cropSize);
        o.addProperty("parameters", NAME + "-0000.params");
        o.add("training", training);
        Path tmp = dir.resolve(METADATA + ".tmp");
        Files.writeString(tmp, GSON.toJson(o), StandardCharsets.UTF_8);
        Files.move(
                tmp,
                dir.resolve(METADATA),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Loads a model directory written by {@link #save} on the default engine ({@link
     * Engines#defaultEngine()}), on the CPU.
     *
     * @param dir the directory
     * @return the model, ready for prediction
     * @throws IOException when a file is missing, unreadable or incompatible; the message names it
     */
    public static SANetModel load(Path dir) throws IOException {
        return load(dir, Engines.defaultEngine(), Device.cpu());
    }

    /**
     * Loads a model directory written by {@link #save} on the named engine, on the CPU. The
     * parameter file is engine-neutral: a model trained on one engine loads on the other.
     *
     * @param dir the directory
     * @param engine {@code mxnet} or {@code pytorch} (any case), or null for the default
     * @return the model, ready for prediction
     * @throws IOException when a file is missing, unreadable or incompatible; the message names it
     * @throws IllegalArgumentException for an unknown engine name
     */
    public static SANetModel load(Path dir, @Nullable String engine) throws IOException {
        return load(dir, engine, Device.cpu());
    }

    /**
     * Loads a model directory written by {@link #save} on the named engine and device.
     *
     * @param dir the directory
     * @param engine {@code mxnet} or {@code pytorch} (any case), or null for the default
     * @param device where the parameters live, e.g. {@code Device.gpu(0)}
     * @return the model, ready for prediction
     * @throws IOException when a file is missing, unreadable or incompatible; the message names it
     * @throws IllegalArgumentException for an unknown engine name
     */
    public static SANetModel load(Path dir, @Nullable String engine, Device device)
            throws IOException {
        String engineName = Engines.resolve(engine);
        if (!Files.isDirectory(dir)) {
            throw new IOException(
                    "model directory "
                            + dir
                            + " does not exist: pass a folder written by sanet"
                            + " train or sanet demo (it holds sanet.json)");
        }
        Path metaFile = dir.resolve(METADATA);
        if (!Files.isRegularFile(metaFile)) {
            throw new IOException(
                    metaFile + " is missing: " + dir + " is not a sanet model directory");
        }
        JsonObject o;
        try {
            o = GSON.fromJson(Files.readString(metaFile, StandardCharsets.UTF_8), JsonObject.class);
        } catch (JsonParseException e) {
            throw new IOException(metaFile + " is not valid JSON: " + e.getMessage(), e);
        }
        if (o == null || !o.has("formatVersion")) {
            throw new IOException(metaFile + " has no formatVersion: not a sanet model file");
        }
        int version = o.get("formatVersion").getAsInt();
        if (version != FORMAT_VERSION) {
            throw new IOException(
                    metaFile
                            + " has format version "
                            + version
                            + "; this sanet reads version "
                            + FORMAT_VERSION);
        }
        SANet def;
        List<String> names = new ArrayList<>();
        int[] colors;
        try {
            def = SANet.fromJson(o.getAsJsonObject("architecture"));
            JsonArray classes = o.getAsJsonArray("classes");
            colors = new int[classes.size()];
            for (int k = 0; k < classes.size(); k++) {
                JsonObject c = classes.get(k).getAsJsonObject();
                names.add(c.get("name").getAsString());
                colors[k] = Integer.parseInt(c.get("color").getAsString().substring(1), 16);
            }
        } catch (RuntimeException e) {
            throw new IOException(metaFile + " is incompatible: " + e.getMessage(), e);
        }
        Path params = dir.resolve(NAME + "-0000.params");
        if (!Files.isRegularFile(params)) {
            throw new IOException(params + " is missing: the model directory is incomplete");
        }
        JsonObject norm = o.getAsJsonObject("normalization");
        float[] mean = GSON.fromJson(norm.get("mean"), float[].class);
        float[] std = GSON.fromJson(norm.get("std"), float[].class);
        int baseSize = o.get("baseSize").getAsInt();
        int cropSize = o.get("cropSize").getAsInt();
        JsonElement training = o.get("training");

        Model model = Model.newInstance(NAME, device, engineName);
        try {
            Block block = def.newBlock();
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 64, 64));
            model.load(dir, NAME);
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new IOException(
                    params
                            + " does not match the architecture in "
                            + metaFile
                            + ": "
                            + e.getMessage(),
                    e);
        }
        return new SANetModel(
                def,
                model,
                names,
                colors,
                mean,
                std,
                baseSize,
                cropSize,
                training != null && training.isJsonObject()
                        ? training.getAsJsonObject()
                        : new JsonObject());
    }

    /**
     * Exports this model's weights (every parameter and batch-norm statistic under its stable name,
     * {@link dev.sanet.core.io.ParameterNames}) to a safetensors file, with the architecture and
     * class names in its metadata; written atomically.
     *
     * @param file the {@code .safetensors} file
     * @return what was written
     * @throws IOException when writing fails
     */
    public WeightsFile.Report exportWeights(Path file) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("architecture", definition.toJson().toString());
        JsonArray classes = new JsonArray();
        classNames.forEach(classes::add);
        meta.put("classes", classes.toString());
        return WeightsFile.export(model.getBlock(), file, meta);
    }

    /**
     * A segmenter for this model under a protocol: its base and crop sizes, its normalisation
     * (padding is black), the given scales and flip.
     *
     * @param scales the scales, relative to the model's base size
     * @param flip whether to add the horizontally flipped prediction
     * @return the segmenter
     */
    public Segmenter newSegmenter(List<Double> scales, boolean flip) {
        float[] black = new float[3];
        for (int c = 0; c < 3; c++) {
            black[c] = -mean[c] / std[c];
        }
        return Segmenter.builder(model.getBlock(), definition::predictionLogits)
                .optScales(scales)
                .optFlip(flip)
                .optBaseSize(baseSize)
                .optCropSize(cropSize)
                .optPadValue(black)
                .build();
    }

    /**
     * Folds every batch norm into the convolution before it, for faster inference with the same
     * outputs (within float rounding); see {@link BatchNormFolding}. In place: afterwards the model
     * predicts and evaluates but cannot be trained or saved (load it again for that).
     *
     * @return the number of batch norms folded
     * @throws IllegalStateException if the model is folded already
     */
    public int foldBatchNorm() {
        return BatchNormFolding.fold(model.getBlock());
    }

    /**
     * The engine this model runs on.
     *
     * @return DJL's engine name, {@code MXNet} or {@code PyTorch}
     */
    public String engine() {
        return model.getNDManager().getEngine().getEngineName();
    }

    /**
     * A new single-scale predictor from images to category masks at the image's resolution. Not
     * thread-safe: one per thread.
     *
     * @return the predictor; close it after use
     */
    public Predictor<Image, CategoryMask> newPredictor() {
        return model.newPredictor(
                new SANetTranslator(definition::predictionLogits, classNames, mean, std));
    }

    @Override
    public void close() {
        model.close();
    }
}
