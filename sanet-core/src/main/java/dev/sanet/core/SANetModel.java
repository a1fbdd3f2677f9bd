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
import ai.djl.training.dataset.RandomAccessDataset;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sanet.core.inference.Evaluation;
import dev.sanet.core.inference.EvaluationListener;
import dev.sanet.core.inference.EvaluationResult;
import dev.sanet.core.inference.ImagePredictor;
import dev.sanet.core.inference.ImagePreparation;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.inference.SANetTranslator;
import dev.sanet.core.inference.Segmenter;
import dev.sanet.core.io.AtomicFolder;
import dev.sanet.core.io.Manifest;
import dev.sanet.core.io.WeightsFile;
import dev.sanet.core.nn.BatchNormFolding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trained SANet on disk and in memory: a model directory holding DJL's parameter file {@code
 * sanet-0000.params}, {@code sanet.json} (format version, architecture, class names and colours,
 * normalisation, base and crop sizes, a training summary) and {@code serving.properties} (the
 * engine and the factories through which DJL's {@code Criteria} loads the directory with no sanet
 * class named by the caller; see {@link ServingProperties}).
 *
 * <p>{@link #save} writes the directory atomically, with a SHA-256 manifest ({@code
 * manifest.sha256}) written last; {@link #load} verifies the manifest, rebuilds the network from
 * {@code sanet.json}, loads the parameters and refuses NaN or infinite values, failing with a
 * {@link ModelFileException} that names the missing, damaged or incompatible file (and parameter).
 * The instance owns its DJL {@link Model}: close it.
 */
public final class SANetModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SANetModel.class);

    /** The format version written into {@code sanet.json}. */
    public static final int FORMAT_VERSION = 1;

    /** The metadata file of a model directory. */
    public static final String METADATA = "sanet.json";

    /** The DJL model name, hence the parameter file {@code sanet-0000.params}. */
    public static final String NAME = "sanet";

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
    private final ImagePreparation preparation;
    private final int baseSize;
    private final int cropSize;
    private final JsonObject training;

    private SANetModel(
            SANet definition,
            Model model,
            List<String> classNames,
            int[] colors,
            ImagePreparation preparation,
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
        this.preparation = preparation;
        this.baseSize = baseSize;
        this.cropSize = cropSize;
        this.training = training.deepCopy();
    }

    /**
     * Wraps a trained DJL model (for instance {@code SANetTrainer.model()}) for saving and
     * prediction, with ImageNet's normalisation ({@link ImagePreparation#IMAGENET}, what the data
     * pipeline trains with). The model stays owned by the caller until this instance is closed.
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
                ImagePreparation.IMAGENET,
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
     * The normalisation mean of RGB in [0, 1] ({@code normalization.mean} of {@code sanet.json}).
     *
     * @return three values
     */
    public float[] mean() {
        return preparation.mean();
    }

    /**
     * The normalisation standard deviation of RGB in [0, 1] ({@code normalization.std}).
     *
     * @return three values
     */
    public float[] std() {
        return preparation.std();
    }

    /**
     * How this model's input images are prepared: its mean and standard deviation ({@link
     * ImagePreparation#IMAGENET} unless {@code sanet.json} says otherwise).
     *
     * @return the preparation
     */
    public ImagePreparation preparation() {
        return preparation;
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
     * Writes the model directory: {@code sanet-0000.params}, {@code sanet.json}, {@code
     * serving.properties} and, last, {@code manifest.sha256} with the SHA-256 of the others ({@link
     * Manifest}), which {@link #load} verifies. Saving a loaded model again into its own directory
     * upgrades a directory written before {@code serving.properties} existed.
     *
     * <p>A directory that does not exist yet, or holds only an earlier model's files, is written
     * atomically ({@link AtomicFolder}: a temporary sibling, then a rename), so a crash or a full
     * disk leaves the earlier model intact and never a half-written one. An existing empty folder
     * (e.g. a caller's own temporary folder) or one holding other files is written in place, the
     * manifest last, so that a half-written model fails verification.
     *
     * @param dir the directory, created when missing
     * @throws IOException when writing fails
     */
    public void save(Path dir) throws IOException {
        if (!Files.exists(dir) || onlyModelFiles(dir)) {
            AtomicFolder.write(dir, this::saveInto);
        } else {
            saveInto(dir);
        }
    }

    private static boolean onlyModelFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        Set<String> mine =
                Set.of(METADATA, NAME + "-0000.params", ServingProperties.FILE, Manifest.FILE);
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            return !names.isEmpty() && mine.containsAll(names);
        }
    }

    private void saveInto(Path dir) throws IOException {
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
        norm.add("mean", GSON.toJsonTree(preparation.mean()));
        norm.add("std", GSON.toJsonTree(preparation.std()));
        o.add("normalization", norm);
        o.addProperty("baseSize", baseSize);
        o.addProperty("cropSize", cropSize);
        o.addProperty("parameters", NAME + "-0000.params");
        o.add("training", training);
        ServingProperties.write(dir, engine());
        Path tmp = dir.resolve(METADATA + ".tmp");
        Files.writeString(tmp, GSON.toJson(o), StandardCharsets.UTF_8);
        Files.move(
                tmp,
                dir.resolve(METADATA),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Manifest.write(dir);
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
            throw new ModelFileException(
                    dir,
                    "model directory "
                            + dir
                            + " does not exist: pass a folder written by sanet"
                            + " train or sanet demo (it holds sanet.json)");
        }
        // Damage is reported as such (a checksum mismatch) before any file is parsed.
        verifyManifest(dir);
        ModelMetadata meta = ModelMetadata.read(dir);
        SANet def = meta.definition();
        Path metaFile = dir.resolve(METADATA);
        Path params = dir.resolve(NAME + "-0000.params");
        Model model = Model.newInstance(NAME, device, engineName);
        try {
            Block block = def.newBlock();
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 64, 64));
            model.load(dir, NAME);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new ModelFileException(
                    params,
                    params
                            + " is damaged or does not match the architecture in "
                            + metaFile
                            + " ("
                            + reason(e)
                            + "): export the model again or restore it",
                    e);
        }
        try {
            requireFinite(model.getBlock(), params);
        } catch (ModelFileException e) {
            model.close();
            throw e;
        }
        return new SANetModel(
                def,
                model,
                meta.classNames(),
                meta.colors(),
                meta.preparation(),
                meta.baseSize(),
                meta.cropSize(),
                meta.training());
    }

    /**
     * Checks the files of a model directory against its manifest; a directory written before sanet
     * wrote manifests loads with a note on the log.
     */
    private static void verifyManifest(Path dir) throws ModelFileException {
        try {
            if (Manifest.verify(dir) == Manifest.Status.ABSENT) {
                LOG.info(
                        "{} has no {} (saved before sanet wrote checksums): its files are not"
                                + " verified",
                        dir,
                        Manifest.FILE);
            }
        } catch (IOException e) {
            throw new ModelFileException(
                    dir.resolve(Manifest.FILE),
                    e.getMessage() + ": export the model again or restore it from a copy",
                    e);
        }
    }

    /**
     * Refuses parameters holding NaN or infinite values, naming the first such parameter.
     *
     * @param block the loaded block
     * @param file the parameter file, for the message
     * @throws ModelFileException naming the parameter and the count of bad values
     */
    static void requireFinite(Block block, Path file) throws ModelFileException {
        for (var entry : block.getParameters()) {
            ai.djl.nn.Parameter p = entry.getValue();
            if (!p.isInitialized()) {
                continue;
            }
            ai.djl.ndarray.NDArray a = p.getArray();
            if (!a.getDataType().isFloating()) {
                continue;
            }
            // Counted in Java, one parameter at a time: engine-neutral (MXNet has no isInfinite).
            float[] v;
            if (a.getDataType() == DataType.FLOAT32) {
                v = a.toFloatArray();
            } else {
                try (ai.djl.ndarray.NDArray copy = a.toType(DataType.FLOAT32, true)) {
                    v = copy.toFloatArray();
                }
            }
            long nan = 0;
            long inf = 0;
            for (float x : v) {
                if (Float.isNaN(x)) {
                    nan++;
                } else if (Float.isInfinite(x)) {
                    inf++;
                }
            }
            if (nan + inf > 0) {
                throw new ModelFileException(
                        file,
                        String.format(
                                Locale.ROOT,
                                "%s: parameter %s holds %d NaN and %d infinite value(s) of %d:"
                                        + " the file is damaged or the model diverged; use an"
                                        + " earlier checkpoint",
                                file,
                                entry.getKey(),
                                nan,
                                inf,
                                v.length));
            }
        }
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        String name = e.getClass().getSimpleName();
        return m == null || m.isBlank() ? name : name + ": " + m.strip();
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
     * A protocol with this model's base and crop sizes (those of its training pipeline, 520 and 480
     * in the paper): what {@code sanet eval} uses unless told otherwise.
     *
     * @param scales the scales of the base size, finite and positive
     * @param flip whether to add the horizontally flipped prediction
     * @return the protocol
     * @throws IllegalArgumentException naming a bad scale
     */
    public Protocol protocol(List<Double> scales, boolean flip) {
        return Protocol.builder()
                .scales(scales)
                .flip(flip)
                .baseSize(baseSize)
                .cropSize(cropSize)
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
     * A segmenter for this model under a protocol; the sliding window pads with the black of this
     * model's normalisation.
     *
     * @param protocol scales, flip, base and crop size, e.g. {@link Protocol#SINGLE_SCALE} or
     *     {@link #protocol(List, boolean)}
     * @return the segmenter; one per thread
     */
    public Segmenter newSegmenter(Protocol protocol) {
        return Segmenter.builder(model.getBlock(), definition::predictionLogits)
                .optProtocol(protocol)
                .optPadValue(preparation.black())
                .build();
    }

    /**
     * Evaluates this model on a labelled dataset: {@link Evaluation} with its block, prediction
     * output, class count and pad value, reading every record on this model's manager (its engine
     * and device).
     *
     * @param data records of an image normalised with {@link #preparation()}, {@code (3, H, W)},
     *     and its class ids {@code (H, W)}, e.g. a {@code sanet-data} dataset with {@code
     *     Transform.EVAL}
     * @param protocol the protocol
     * @param listener told after each image
     * @return the confusion matrix over the dataset and its scores
     * @throws IOException when a record cannot be read
     */
    public EvaluationResult evaluate(
            RandomAccessDataset data, Protocol protocol, EvaluationListener listener)
            throws IOException {
        return Evaluation.of(newSegmenter(protocol), definition.numClasses())
                .evaluate(data, model.getNDManager(), listener);
    }

    /**
     * Evaluates this model on a labelled dataset without progress reports; see {@link
     * #evaluate(RandomAccessDataset, Protocol, EvaluationListener)}.
     *
     * @param data records of a normalised image {@code (3, H, W)} and its class ids {@code (H, W)}
     * @param protocol the protocol
     * @return the confusion matrix over the dataset and its scores
     * @throws IOException when a record cannot be read
     */
    public EvaluationResult evaluate(RandomAccessDataset data, Protocol protocol)
            throws IOException {
        return evaluate(data, protocol, EvaluationListener.NONE);
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
     * A new DJL predictor from images to category masks at the image's resolution: the prediction
     * route ({@link SANetTranslator}) with one plain forward pass at the image's size (no sliding
     * window), bounded by {@link Protocol#DEFAULT_MAX_SIDE}. For the model's protocol use {@link
     * #newImagePredictor}. Not thread-safe: one per thread.
     *
     * @return the predictor; close it after use
     */
    public Predictor<Image, CategoryMask> newPredictor() {
        return model.newPredictor(
                SANetTranslator.ofImages(
                        definition::predictionLogits,
                        classNames,
                        preparation,
                        Protocol.SINGLE_SCALE));
    }

    /**
     * The protocol prediction uses unless told otherwise ({@code sanet predict}, the {@code
     * Criteria} translator and Spark share it): one pass at each image's own size, no flip, this
     * model's crop size as the sliding window, the default size bound ({@link
     * Protocol#DEFAULT_MAX_SIDE}).
     *
     * @return the protocol
     */
    public Protocol predictionProtocol() {
        return Protocol.builder().cropSize(cropSize).build();
    }

    /**
     * The prediction route for this model ({@link ImagePredictor}: strict decoding, the size bound,
     * this model's normalisation, the protocol, the class map at the image's own size).
     * Thread-safe: threads may share it.
     *
     * @param protocol scales, flip, base and crop size, the bound; e.g. {@link
     *     #predictionProtocol()}
     * @param keepScores whether each result keeps its class scores
     * @return the predictor
     */
    public ImagePredictor newImagePredictor(Protocol protocol, boolean keepScores) {
        return ImagePredictor.builder(
                        model.getNDManager(),
                        model.getBlock(),
                        definition::predictionLogits,
                        classNames)
                .optProtocol(protocol)
                .optPreparation(preparation)
                .optScores(keepScores)
                .build();
    }

    @Override
    public void close() {
        model.close();
    }
}
