package dev.sanet.core.zoo;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import dev.sanet.core.Engines;
import dev.sanet.core.ModelFolder;
import dev.sanet.core.ModelMetadata;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.inference.SANetTranslator;
import dev.sanet.core.inference.Segmenter;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * DJL's {@link TranslatorFactory} for a sanet model directory, named by {@code serving.properties}
 * ({@code translatorFactory=}). Supported types:
 *
 * <ul>
 *   <li>{@code Path -> CategoryMask}: the same for an image file, decoded strictly (a truncated or
 *       corrupt file fails with {@code UnreadableImageException}, as on every route);
 *   <li>{@code Image -> CategoryMask}: the class of every pixel at the image's own size, with the
 *       class names of {@code sanet.json} ({@link SANetTranslator});
 *   <li>{@code Image -> float[][][]}: the class scores {@code [K][H][W]} ({@link
 *       ClassScoresTranslator}).
 * </ul>
 *
 * <p>Images are normalised with the model's own mean and standard deviation. The model's block is
 * the {@link ProtocolBlock} of {@link SANetBlockFactory}, which runs the protocol. For a folder
 * holding an exported ONNX file loaded with {@code optEngine("OnnxRuntime")} (whose DJL model takes
 * no block factory) this factory puts a {@link ProtocolBlock} in place of the graph's block: the
 * same protocol around the engine's network ({@link dev.sanet.core.InferenceEngine#network}), its
 * NDArray work on the default engine, with the metadata the file carries; so the masks are those of
 * {@code SANetModel.load(dir, "onnxruntime")} under {@code predictionProtocol()}.
 */
public final class SANetTranslatorFactory implements TranslatorFactory {

    /**
     * The key under which an exported ONNX file's metadata holds the model's {@code sanet.json}
     * (sanet-onnx writes it).
     */
    public static final String EMBEDDED_METADATA = "sanet.metadata";

    private static final Set<Pair<Type, Type>> SUPPORTED =
            Set.of(
                    new Pair<>(Image.class, CategoryMask.class),
                    new Pair<>(Path.class, CategoryMask.class),
                    new Pair<>(Image.class, float[][][].class));

    /** Creates the factory (DJL instantiates it by its class name). */
    public SANetTranslatorFactory() {}

    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return SUPPORTED;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(
            Class<I> input, Class<O> output, Model model, Map<String, ?> arguments)
            throws TranslateException {
        ModelMetadata meta = metadata(model);
        // The bound is the only protocol setting the translator applies; the block runs the rest.
        Protocol protocol = ProtocolArguments.parse(arguments, meta.predictionProtocol());
        useRoute(model, meta, protocol);
        if (input == Image.class && output == CategoryMask.class) {
            return (Translator<I, O>)
                    SANetTranslator.ofImages(
                            NDList::head, meta.classNames(), meta.preparation(), protocol);
        }
        if (input == Path.class && output == CategoryMask.class) {
            return (Translator<I, O>)
                    SANetTranslator.ofFiles(
                            NDList::head, meta.classNames(), meta.preparation(), protocol);
        }
        if (input == Image.class && output == float[][][].class) {
            return (Translator<I, O>)
                    new ClassScoresTranslator(meta.preparation(), meta.classNames(), protocol);
        }
        throw new IllegalArgumentException(
                "unsupported types "
                        + input.getName()
                        + " -> "
                        + output.getName()
                        + ": use Image"
                        + " -> CategoryMask, Path -> CategoryMask or Image -> float[][][]");
    }

    /**
     * On an inference-only engine, replaces the loaded graph's block by the route's: the protocol
     * around the engine's network, its NDArray work on a manager of the default engine that is
     * closed with the model.
     */
    private static void useRoute(Model model, ModelMetadata meta, Protocol protocol)
            throws TranslateException {
        String engine = model.getNDManager().getEngine().getEngineName();
        if (model.getBlock() instanceof ProtocolBlock || Engines.trains(engine)) {
            return;
        }
        Block network;
        try {
            network = Engines.inferenceEngine(engine).network(model, meta);
        } catch (IOException e) {
            throw new TranslateException(e.getMessage(), e);
        }
        NDManager work = NDManager.newBaseManager(Device.cpu(), Engines.defaultEngine());
        model.getNDManager().attachInternal(NDManager.nextUid(), work);
        Segmenter segmenter =
                Segmenter.builder(network, meta.definition()::predictionLogits)
                        .optProtocol(protocol)
                        .optPadValue(meta.preparation().black())
                        .build();
        model.setBlock(new ProtocolBlock(network, segmenter, meta.definition().numClasses(), work));
    }

    /**
     * The model's metadata: {@code sanet.json} of a model folder, or, for an exported ONNX file
     * loaded on ONNX Runtime, the copy of it that the file's metadata holds under {@value
     * #EMBEDDED_METADATA}.
     */
    private static ModelMetadata metadata(Model model) throws TranslateException {
        Path dir = model.getModelPath();
        try {
            if (Files.isRegularFile(dir.resolve(ModelFolder.METADATA))) {
                return ModelMetadata.read(dir);
            }
            String embedded = model.getBlock().getCustomMetadata().get(EMBEDDED_METADATA);
            if (embedded != null) {
                return ModelMetadata.fromJson(embedded, dir);
            }
            return ModelMetadata.read(dir);
        } catch (IOException e) {
            throw new TranslateException(e.getMessage(), e);
        }
    }
}
