package dev.sanet.core;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.training.dataset.RandomAccessDataset;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sanet.core.data.Resolution;
import dev.sanet.core.inference.Evaluation;
import dev.sanet.core.inference.EvaluationListener;
import dev.sanet.core.inference.EvaluationResult;
import dev.sanet.core.inference.ImagePredictor;
import dev.sanet.core.inference.ImagePreparation;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.inference.RoutePredictor;
import dev.sanet.core.inference.SANetTranslator;
import dev.sanet.core.inference.Segmenter;
import dev.sanet.core.io.WeightsFile;
import dev.sanet.core.nn.BatchNormFolding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A trained SANet in memory: its {@link ModelMetadata} (architecture, classes and colours,
 * normalisation, training resolution, training summary) and the DJL {@link Model} holding its
 * parameters, with the conveniences to predict ({@link #newPredictor}, {@link #newSegmenter}),
 * evaluate ({@link #evaluate}), fold batch norms and export weights.
 *
 * <p>On disk it is a model folder, whose format {@link ModelFolder} owns: {@link #save} writes one
 * atomically, with a SHA-256 manifest written last; {@link #load} verifies the manifest, rebuilds
 * the network from {@code sanet.json}, loads the parameters and refuses NaN or infinite values,
 * failing with a {@link ModelFileException} that names the missing, damaged or incompatible file
 * (and parameter). The instance owns its DJL {@link Model}: close it.
 */
public final class SANetModel implements AutoCloseable {

    /** The format version written into {@code sanet.json}: {@link ModelFolder#FORMAT_VERSION}. */
    public static final int FORMAT_VERSION = ModelFolder.FORMAT_VERSION;

    /** The metadata file of a model directory: {@link ModelFolder#METADATA}. */
    public static final String METADATA = ModelFolder.METADATA;

    /** The DJL model name, hence the parameter file: {@link ModelFolder#MODEL_NAME}. */
    public static final String NAME = ModelFolder.MODEL_NAME;

    private final ModelMetadata metadata;
    private final Model model;

    private SANetModel(ModelMetadata metadata, Model model) {
        this.metadata = metadata;
        this.model = model;
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
     * @throws IllegalArgumentException when the class names or colours are not K
     * @throws dev.sanet.core.settings.SettingException naming {@code baseSize} or {@code cropSize}
     *     when out of {@link Resolution}'s range
     */
    public static SANetModel of(
            SANet definition,
            Model model,
            List<String> classNames,
            int[] colors,
            int baseSize,
            int cropSize,
            JsonObject training) {
        return of(
                model,
                new ModelMetadata(
                        definition,
                        classNames,
                        colors,
                        ImagePreparation.IMAGENET,
                        new Resolution(baseSize, cropSize),
                        training));
    }

    /**
     * Wraps a trained DJL model with its metadata. The model stays owned by the caller until this
     * instance is closed.
     *
     * @param model the DJL model holding the initialised block of {@code metadata.definition()}
     * @param metadata what {@code sanet.json} will say
     * @return the wrapper
     */
    public static SANetModel of(Model model, ModelMetadata metadata) {
        return new SANetModel(metadata, model);
    }

    /**
     * What {@code sanet.json} says about this model.
     *
     * @return the metadata
     */
    public ModelMetadata metadata() {
        return metadata;
    }

    /**
     * The architecture.
     *
     * @return the definition
     */
    public SANet definition() {
        return metadata.definition();
    }

    /**
     * The DJL model (block and parameters; on an inference-only engine, its network).
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
        return metadata.classNames();
    }

    /**
     * The display colours, index = class id.
     *
     * @return K colours as {@code 0xRRGGBB}
     */
    public int[] colors() {
        return metadata.colors();
    }

    /**
     * The normalisation mean of RGB in [0, 1] ({@code normalization.mean} of {@code sanet.json}).
     *
     * @return three values
     */
    public float[] mean() {
        return metadata.preparation().mean();
    }

    /**
     * The normalisation standard deviation of RGB in [0, 1] ({@code normalization.std}).
     *
     * @return three values
     */
    public float[] std() {
        return metadata.preparation().std();
    }

    /**
     * How this model's input images are prepared: its mean and standard deviation ({@link
     * ImagePreparation#IMAGENET} unless {@code sanet.json} says otherwise).
     *
     * @return the preparation
     */
    public ImagePreparation preparation() {
        return metadata.preparation();
    }

    /**
     * The training pipeline's base size, the reference for multi-scale evaluation.
     *
     * @return pixels
     */
    public int baseSize() {
        return metadata.baseSize();
    }

    /**
     * The training crop size, the sliding-window size of evaluation.
     *
     * @return pixels
     */
    public int cropSize() {
        return metadata.cropSize();
    }

    /**
     * The training resolution: base and crop size.
     *
     * @return the resolution recorded in {@code sanet.json}
     */
    public Resolution resolution() {
        return metadata.resolution();
    }

    /**
     * How the model was trained.
     *
     * @return a copy of the summary
     */
    public JsonObject training() {
        return metadata.training();
    }

    /**
     * Writes the model folder ({@link ModelFolder#write}): {@code sanet-0000.params}, {@code
     * sanet.json}, {@code serving.properties} and, last, {@code manifest.sha256} with the SHA-256
     * of the others, which {@link #load} verifies. Saving a loaded model again into its own folder
     * upgrades a folder written before {@code serving.properties} existed.
     *
     * <p>A folder that does not exist yet, or holds only an earlier model's files, is written
     * atomically, so a crash or a full disk leaves the earlier model intact; an existing empty
     * folder or one holding other files is written in place, the manifest last.
     *
     * @param dir the directory, created when missing
     * @throws IOException when writing fails
     */
    public void save(Path dir) throws IOException {
        ModelFolder.of(dir)
                .write(
                        metadata,
                        engine(),
                        (folder, name) -> {
                            model.setProperty("Epoch", "0");
                            model.save(folder, name);
                        });
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
     * Loads a model on the named engine on the CPU: {@link #load(Path, String, Device)}.
     *
     * @param dir the directory (or, for ONNX Runtime, an exported file)
     * @param engine {@code mxnet}, {@code pytorch} or {@code onnxruntime}, or null for the default
     * @return the model, ready for prediction
     * @throws IOException when a file is missing, unreadable or incompatible; the message names it
     */
    public static SANetModel load(Path dir, @Nullable String engine) throws IOException {
        return load(dir, engine, Device.cpu());
    }

    /**
     * Loads a model directory written by {@link #save} (or by an earlier sanet) on the named engine
     * and device: {@link ModelFolder#open} (verify, read {@code sanet.json}), then {@link
     * ModelFolder#loadParameters}.
     *
     * @param dir the directory
     * @param engine {@code mxnet}, {@code pytorch}, null for the default, or {@code onnxruntime}
     *     ({@link InferenceEngine}; also an exported {@code .onnx} file or a folder holding one)
     * @param device where the parameters live, e.g. {@code Device.gpu(0)}
     * @return the model, ready for prediction
     * @throws IOException when a file is missing, unreadable or incompatible; the message names it
     */
    public static SANetModel load(Path dir, @Nullable String engine, Device device)
            throws IOException {
        String engineName = Engines.resolve(engine);
        if (!Engines.trains(engineName)) {
            return Engines.inferenceEngine(engineName).load(dir, device);
        }
        ModelFolder folder = ModelFolder.of(dir);
        ModelMetadata meta = folder.open();
        return new SANetModel(meta, folder.loadParameters(meta.definition(), engineName, device));
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
        meta.put("architecture", metadata.definition().toJson().toString());
        JsonArray classes = new JsonArray();
        metadata.classNames().forEach(classes::add);
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
                .baseSize(metadata.baseSize())
                .cropSize(metadata.cropSize())
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
        return Segmenter.builder(model.getBlock(), definition()::predictionLogits)
                .optProtocol(protocol)
                .optPadValue(preparation().black())
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
        return Evaluation.of(newSegmenter(protocol), definition().numClasses())
                .evaluate(data, model.getNDManager(), listener);
    }

    /**
     * {@link #evaluate(RandomAccessDataset, Protocol, EvaluationListener)} without progress.
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
     * @return DJL's engine name: {@code MXNet}, {@code PyTorch}, or an inference-only engine's
     */
    public String engine() {
        String e = model.getProperty(InferenceEngine.ENGINE_PROPERTY);
        return e != null ? e : model.getNDManager().getEngine().getEngineName();
    }

    /**
     * A DJL predictor of images to category masks: the route ({@link SANetTranslator}, {@link
     * RoutePredictor}) with one pass at the image's size bounded by {@link
     * Protocol#DEFAULT_MAX_SIDE}, for images of the model's training size; other images: {@link
     * #newImagePredictor} with {@link #predictionProtocol()}. One per thread.
     *
     * @return the predictor; close it after use
     */
    public Predictor<Image, CategoryMask> newPredictor() {
        return new RoutePredictor<>(
                model,
                SANetTranslator.ofImages(
                        definition()::predictionLogits,
                        classNames(),
                        preparation(),
                        Protocol.SINGLE_SCALE));
    }

    /**
     * The protocol prediction uses unless told otherwise (predict, Criteria, Spark, the demo and
     * the examples share it), owned by {@link ModelMetadata#predictionProtocol()}: each image's
     * long side scaled to the training base size, the crop as the sliding window.
     *
     * @return the protocol
     */
    public Protocol predictionProtocol() {
        return metadata.predictionProtocol();
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
                        definition()::predictionLogits,
                        classNames())
                .optProtocol(protocol)
                .optPreparation(preparation())
                .optScores(keepScores)
                .build();
    }

    @Override
    public void close() {
        model.close();
    }
}
