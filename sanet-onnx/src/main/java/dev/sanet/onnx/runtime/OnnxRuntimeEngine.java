package dev.sanet.onnx.runtime;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sanet.core.Engines;
import dev.sanet.core.InferenceEngine;
import dev.sanet.core.ModelFileException;
import dev.sanet.core.ModelFolder;
import dev.sanet.core.ModelMetadata;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANetModel;
import dev.sanet.onnx.OnnxExport;
import dev.sanet.onnx.OnnxMetadata;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * ONNX Runtime ({@value Engines#ONNXRUNTIME}) as a sanet inference engine, found by {@code
 * SANetModel.load(path, "onnxruntime")} through the {@link InferenceEngine} seam. It loads
 *
 * <ul>
 *   <li>a sanet model folder: the model is loaded on the default engine and moved onto ONNX Runtime
 *       ({@link #transfer}: exported with {@link OnnxExport}, the model's own prediction, symbolic
 *       height and width, to a temporary file; closed before the session loads);
 *   <li>an exported {@code .onnx} file, or a folder holding one: the model's metadata comes from
 *       the file's {@value OnnxMetadata#METADATA} entry.
 * </ul>
 *
 * <p>The graph runs in DJL's ONNX Runtime engine (its {@code OrtSymbolBlock}); everything around it
 * (decoding, normalisation, resizing, flip, sliding window, argmax) runs on the default engine
 * ({@link Engines#defaultEngine()}). Threads: ONNX Runtime's intra-op threads are {@value
 * #THREADS_PROPERTY} if set, else {@code OMP_NUM_THREADS} (the setting the other engines read),
 * else ONNX Runtime's default (one per physical core); one inter-op thread.
 */
public final class OnnxRuntimeEngine implements InferenceEngine {

    /** The system property that sets ONNX Runtime's intra-op threads (e.g. per Spark task). */
    public static final String THREADS_PROPERTY = "sanet.onnxruntime.threads";

    /** The file name of the graph in a folder written by {@link OnnxFolder}. */
    public static final String FILE = ModelFolder.MODEL_NAME + ".onnx";

    /** The key of DJL's ONNX Runtime model options that takes a whole {@code SessionOptions}. */
    private static final String SESSION_OPTIONS = "sessionOptions";

    /** Creates the engine (the service loader does). */
    public OnnxRuntimeEngine() {}

    @Override
    public String name() {
        return Engines.ONNXRUNTIME;
    }

    @Override
    public SANetModel load(Path path, Device device) throws IOException {
        if (Files.isRegularFile(path.resolve(ModelFolder.METADATA))) {
            return transfer(
                    SANetModel.load(path, Engines.defaultEngine(), Device.cpu()),
                    OnnxExport.builder().build(),
                    device);
        }
        Path file = onnxFile(path);
        Model ort = open(file, device, false);
        Map<String, String> props = ort.getBlock().getCustomMetadata();
        ModelMetadata meta;
        int @Nullable [] fixedSize;
        try {
            meta = OnnxMetadata.read(props, file);
            fixedSize = GraphInput.fixedSize(file);
        } catch (IOException e) {
            ort.close();
            throw e;
        }
        String p = props.get(OnnxMetadata.PREDICTION);
        Prediction prediction =
                p == null
                        ? meta.definition().prediction()
                        : Prediction.valueOf(p.toUpperCase(Locale.ROOT));
        return wrap(ort, withPrediction(meta, prediction), fixedSize);
    }

    /**
     * The graph of an exported folder that DJL's {@code Criteria} loaded on ONNX Runtime, as the
     * network of the prediction route (the same block {@link #load} gives a model).
     *
     * @param loaded DJL's ONNX Runtime model of the folder; stays the caller's
     * @param metadata the model's metadata (from the file's)
     * @return the network, taking and giving arrays of the caller's engine
     * @throws IOException when the graph's file cannot be read
     */
    @Override
    public Block network(Model loaded, ModelMetadata metadata) throws IOException {
        Path named = loaded.getModelPath().resolve(loaded.getName() + ".onnx");
        Path file = Files.isRegularFile(named) ? named : onnxFile(loaded.getModelPath());
        return new OrtNetwork(
                loaded.getBlock(),
                loaded.getNDManager(),
                metadata.definition().numClasses(),
                GraphInput.fixedSize(file));
    }

    /**
     * A model in memory on ONNX Runtime: its network exported with the given settings and run from
     * the exported graph. The source stays open, so while ONNX Runtime loads, the weights are in
     * memory twice; {@link #transfer} avoids that where the source is not needed any more.
     *
     * @param source the model (not changed, still the caller's)
     * @param export the export settings (prediction, size, opset)
     * @param device where ONNX Runtime runs the graph (a GPU needs ONNX Runtime's CUDA build)
     * @return the model on ONNX Runtime; the caller closes it
     * @throws IOException when ONNX Runtime cannot load the graph
     */
    public static SANetModel of(SANetModel source, OnnxExport export, Device device)
            throws IOException {
        ModelMetadata meta =
                withPrediction(source.metadata(), export.predictionFor(source.definition()));
        Path tmp = exportToTemporaryFile(source, export);
        try {
            return wrap(open(tmp, device, true), meta, export.fixedSize());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Moves a model onto ONNX Runtime: exports its network with the given settings, closes it, and
     * only then loads the graph, so that the source's parameters are freed before ONNX Runtime
     * allocates its own (what {@code sanet bench --engine onnxruntime} and loading a model folder
     * on this engine do: one copy of the weights at the peak, not two).
     *
     * @param source the model; closed by this method, also when it fails
     * @param export the export settings (prediction, size, opset)
     * @param device where ONNX Runtime runs the graph (a GPU needs ONNX Runtime's CUDA build)
     * @return the model on ONNX Runtime; the caller closes it
     * @throws IOException when the export cannot be written or ONNX Runtime cannot load it
     */
    public static SANetModel transfer(SANetModel source, OnnxExport export, Device device)
            throws IOException {
        ModelMetadata meta;
        Path tmp;
        try (source) {
            meta = withPrediction(source.metadata(), export.predictionFor(source.definition()));
            tmp = exportToTemporaryFile(source, export);
        }
        // The export's garbage (a copy of every weight, a few hundred MB of heap for a ResNet50)
        // would stay committed to the JVM while ONNX Runtime allocates its own copy; a full
        // collection now lets the JVM hand it back first (peak memory, docs/performance.md).
        System.gc();
        NativeHeap.trim();
        try {
            return wrap(open(tmp, device, true), meta, export.fixedSize());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes the export to a temporary file. A file, not bytes: DJL's stream loading copies the
     * whole model into the Java heap twice more (a ResNet50 is about 100 MB), while ONNX Runtime
     * reads the file itself; the protobuf is garbage once this returns.
     */
    private static Path exportToTemporaryFile(SANetModel source, OnnxExport export)
            throws IOException {
        Path tmp = Files.createTempFile("sanet-", ".onnx");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            export.toProto(source).writeTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    /**
     * Loads a graph file into DJL's ONNX Runtime engine with sanet's session options.
     *
     * @param exported whether sanet just wrote the file (then a failure is sanet's, not the file's)
     */
    private static Model open(Path file, Device device, boolean exported) throws IOException {
        Model ort = Model.newInstance(ModelFolder.MODEL_NAME, device, Engines.ONNXRUNTIME);
        try (OrtSession.SessionOptions options = sessionOptions()) {
            ort.load(file, null, Map.of(SESSION_OPTIONS, options));
            // Parsing and optimising the graph leaves its scratch memory free but held.
            NativeHeap.trim();
        } catch (MalformedModelException | IOException | OrtException | RuntimeException e) {
            ort.close();
            if (exported) {
                throw new IOException("ONNX Runtime could not load the exported graph: " + e, e);
            }
            throw new ModelFileException(
                    file,
                    file + " is not an ONNX model that ONNX Runtime reads (" + e.getMessage() + ")",
                    e);
        }
        return ort;
    }

    private static SANetModel wrap(Model ort, ModelMetadata meta, int @Nullable [] fixedSize) {
        NDManager work = NDManager.newBaseManager(Device.cpu(), Engines.defaultEngine());
        return SANetModel.of(
                new OnnxRuntimeModel(ort, work, meta.definition().numClasses(), fixedSize), meta);
    }

    /** The metadata with the prediction the graph gives, so that the model says what it runs. */
    private static ModelMetadata withPrediction(ModelMetadata m, Prediction p) {
        if (m.definition().prediction() == p) {
            return m;
        }
        return new ModelMetadata(
                m.definition().toBuilder().prediction(p).build(),
                m.classNames(),
                m.colors(),
                m.preparation(),
                m.resolution(),
                m.training());
    }

    /**
     * ONNX Runtime's session options, handed to DJL's engine as one object (its string options can
     * only turn the memory settings on): the intra-op threads from the setting the other engines
     * read, one inter-op thread, and no memory pattern. The pattern pre-plans one block for all
     * intermediate tensors of an input shape; without it SANet-ResNet50 at 512x512 peaked at
     * 504-527 MiB instead of 645-661 MiB in ONNX Runtime alone, at the same speed.
     *
     * @return new options; the caller closes them once the session is created
     * @throws OrtException when ONNX Runtime refuses an option
     */
    static OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        try {
            o.setInterOpNumThreads(1);
            Integer threads = threads();
            if (threads != null) {
                o.setIntraOpNumThreads(threads);
            }
            o.setMemoryPatternOptimization(false);
        } catch (OrtException | RuntimeException e) {
            o.close();
            throw e;
        }
        return o;
    }

    /**
     * The intra-op thread count: {@value #THREADS_PROPERTY}, else {@code OMP_NUM_THREADS}.
     *
     * @return a count of at least 1, or null for ONNX Runtime's default
     */
    static @Nullable Integer threads() {
        String v = System.getProperty(THREADS_PROPERTY);
        if (v == null || v.isBlank()) {
            v = System.getenv("OMP_NUM_THREADS");
        }
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.trim());
            return n >= 1 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The exported file: the path itself, or the one {@code .onnx} file of a folder. */
    private static Path onnxFile(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return path;
        }
        if (!Files.isDirectory(path)) {
            throw new ModelFileException(
                    path,
                    path
                            + " does not exist: pass a sanet model folder, an exported .onnx file"
                            + " or a folder holding one");
        }
        if (Files.isRegularFile(path.resolve(FILE))) {
            return path.resolve(FILE);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(path)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".onnx")).sorted().toList();
        }
        if (files.size() != 1) {
            throw new ModelFileException(
                    path,
                    path
                            + (files.isEmpty()
                                    ? " holds neither sanet.json nor an .onnx file"
                                    : " holds several .onnx files " + files)
                            + ": pass a sanet model folder, an exported .onnx file or a folder"
                            + " holding one");
        }
        return files.get(0);
    }
}
