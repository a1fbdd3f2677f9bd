package dev.sanet.core;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * The deep-learning engines sanet runs on, and how one is chosen. Both come with sanet-core from
 * Maven Central, native libraries included, so nothing is downloaded at run time:
 *
 * <ul>
 *   <li>{@value #MXNET}: Apache MXNet 1.9.1 (CPU, MKL-DNN), the default;
 *   <li>{@value #PYTORCH}: libtorch 2.7.1 (CPU build bundled; CUDA builds for today's NVIDIA GPUs,
 *       see docs/training.md, "GPUs");
 *   <li>{@value #ONNXRUNTIME}: ONNX Runtime, for inference only, when a module implementing {@link
 *       InferenceEngine} (sanet-onnx) is on the classpath; it is never the default.
 * </ul>
 *
 * <p>The model code is engine-neutral: the same block computes the same numbers on either engine
 * (tested within 1e-4), and a saved model directory loads on either, whichever trained it.
 *
 * <p>Choosing: every API that creates a model, predictor or trainer takes an engine name; where
 * none is given, {@link #defaultEngine()} applies: the environment variable {@value #ENV}, else the
 * system property {@value #PROPERTY}, else {@value #MXNET}.
 */
public final class Engines {

    /** DJL's name of the MXNet engine, the default. */
    public static final String MXNET = "MXNet";

    /** DJL's name of the PyTorch engine. */
    public static final String PYTORCH = "PyTorch";

    /**
     * DJL's name of the ONNX Runtime engine, which runs inference only ({@link InferenceEngine}).
     */
    public static final String ONNXRUNTIME = "OnnxRuntime";

    /**
     * The environment variable that picks the default engine ({@code mxnet} or {@code pytorch}).
     */
    public static final String ENV = "SANET_ENGINE";

    /** The system property that picks the default engine when {@value #ENV} is unset. */
    public static final String PROPERTY = "sanet.engine";

    private Engines() {}

    /**
     * The engines sanet trains and predicts on, in DJL's spelling.
     *
     * @return {@code [MXNet, PyTorch]}
     */
    public static List<String> supported() {
        return List.of(MXNET, PYTORCH);
    }

    /**
     * Whether an engine trains (and runs every part of sanet) rather than running inference only.
     *
     * @param name DJL's spelling, as {@link #canonical} returns it
     * @return true for {@value #MXNET} and {@value #PYTORCH}
     */
    public static boolean trains(String name) {
        return supported().contains(name);
    }

    /**
     * The inference-only engine of that name, found through {@link ServiceLoader}.
     *
     * @param name DJL's spelling, e.g. {@value #ONNXRUNTIME}
     * @return the engine's loader
     * @throws IllegalArgumentException when no module on the classpath provides it, saying which
     */
    public static InferenceEngine inferenceEngine(String name) {
        for (InferenceEngine e : ServiceLoader.load(InferenceEngine.class)) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException(
                "the "
                        + name
                        + " engine needs the sanet-onnx module (dev.sanet:sanet-onnx) on the"
                        + " classpath");
    }

    /**
     * The engine used where none is named: {@value #ENV}, else {@value #PROPERTY}, else {@value
     * #MXNET}.
     *
     * @return DJL's name of the engine
     * @throws IllegalArgumentException if the variable or property names no supported engine
     */
    public static String defaultEngine() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            try {
                return trainingEngine(canonical(env));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ENV + ": " + e.getMessage(), e);
            }
        }
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            try {
                return trainingEngine(canonical(prop));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PROPERTY + ": " + e.getMessage(), e);
            }
        }
        return MXNET;
    }

    /** The default must train: an inference-only engine is named per call. */
    private static String trainingEngine(String name) {
        if (!trains(name)) {
            throw new IllegalArgumentException(
                    name
                            + " runs inference only and cannot be the default engine: name it per"
                            + " call (--engine onnxruntime) and leave the default mxnet or pytorch");
        }
        return name;
    }

    /**
     * The engine to use for a possibly absent name: the name itself, canonicalised, or {@link
     * #defaultEngine()}.
     *
     * @param name {@code mxnet}, {@code pytorch} (any case), or null for the default
     * @return DJL's name of the engine
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static String resolve(@Nullable String name) {
        return name == null || name.isBlank() ? defaultEngine() : canonical(name);
    }

    /**
     * DJL's spelling of an engine name.
     *
     * @param name {@code mxnet}, {@code pytorch} or {@code onnxruntime}, any case ({@code torch}
     *     and {@code ort} are accepted too)
     * @return {@value #MXNET}, {@value #PYTORCH} or {@value #ONNXRUNTIME}
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static String canonical(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "mxnet" -> MXNET;
            case "pytorch", "torch" -> PYTORCH;
            case "onnxruntime", "ort" -> ONNXRUNTIME;
            default ->
                    throw new IllegalArgumentException(
                            "unknown engine '" + name + "': use mxnet, pytorch or onnxruntime");
        };
    }

    /**
     * The loaded DJL engine of that name, starting it on first use.
     *
     * @param name an engine name accepted by {@link #resolve(String)}
     * @return the engine
     * @throws IllegalStateException if the engine's native library cannot be loaded
     */
    public static Engine get(@Nullable String name) {
        String canonical = resolve(name);
        try {
            return Engine.getEngine(canonical);
        } catch (EngineException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "the " + canonical + " engine could not start: " + e.getMessage(), e);
        }
    }
}
