package dev.sanet.core;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The seam through which a module adds an inference-only engine without sanet-core depending on it:
 * an implementation registered for {@link java.util.ServiceLoader} (a {@code
 * META-INF/services/dev.sanet.core.InferenceEngine} file) is what {@link SANetModel#load(Path,
 * String)} delegates to when the engine named is not one that trains. sanet-onnx registers ONNX
 * Runtime ({@value Engines#ONNXRUNTIME}).
 *
 * <p>The model it returns goes through the one prediction route like any other: its DJL model's
 * manager is a training engine's (the NDArray work around the network runs there), its block takes
 * the normalised image and gives {@code [logits]}, and its {@link #ENGINE_PROPERTY} property names
 * the engine that runs the network, which {@link SANetModel#engine()} reports.
 */
public interface InferenceEngine {

    /** The DJL model property naming the engine that runs the network. */
    String ENGINE_PROPERTY = "sanet.engine";

    /**
     * The engine's name in DJL's spelling, as {@link Engines#canonical} returns it.
     *
     * @return e.g. {@value Engines#ONNXRUNTIME}
     */
    String name();

    /**
     * Loads a model for inference on this engine.
     *
     * @param path a sanet model folder, or what the engine reads itself (for ONNX Runtime an
     *     exported {@code .onnx} file or a folder holding one)
     * @param device where the network runs
     * @return the model, ready for prediction; the caller closes it
     * @throws IOException when a file is missing, unreadable or incompatible; the message names it
     */
    SANetModel load(Path path, Device device) throws IOException;

    /**
     * The network of a model that DJL's {@code Criteria} loaded on this engine (for ONNX Runtime an
     * exported folder loaded with {@code optEngine("OnnxRuntime")}), as the prediction route runs
     * it: a block that takes the normalised image {@code (N, 3, H, W)} on a training engine's
     * manager and gives {@code [logits]} there, as the block of a model {@link #load} returns does.
     * sanet's {@code Criteria} translator runs the route's protocol around it.
     *
     * @param loaded the DJL model this engine loaded; stays the caller's, and the block is usable
     *     while it is open
     * @param metadata the model's metadata
     * @return the network
     * @throws IOException when the model's file cannot be read; the message names it
     */
    Block network(Model loaded, ModelMetadata metadata) throws IOException;
}
