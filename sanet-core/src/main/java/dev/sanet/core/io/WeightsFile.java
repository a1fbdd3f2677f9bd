package dev.sanet.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network's weights as one safetensors file: every parameter (trainable ones and batch-norm
 * running statistics) under its {@link ParameterNames stable name}, float32, so that the weights
 * can be read by PyTorch ({@code safetensors.torch.load_file}), inspected, or moved into another
 * sanet model of the same architecture on either engine.
 *
 * <p>The header's {@code __metadata__} holds {@code format} = {@value #FORMAT} and {@code
 * formatVersion} = {@value #FORMAT_VERSION}; an export of a {@code SANetModel} adds {@code
 * architecture} (the definition's JSON, {@code SANet.toJson()}) and {@code classes} (a JSON array
 * of the class names).
 *
 * <p>{@link #importInto} is all or nothing: it checks that every parameter of the target has a
 * tensor of its shape and every tensor a parameter before it copies any value, so a failed import
 * leaves the target as it was.
 */
public final class WeightsFile {

    /** The {@code format} metadata value. */
    public static final String FORMAT = "sanet-weights";

    /** The {@code formatVersion} metadata value written. */
    public static final int FORMAT_VERSION = 1;

    /** PyTorch's batch-norm step counter: present in its state dicts, absent from DJL's blocks. */
    private static final String BATCH_COUNTER = ".num_batches_tracked";

    private WeightsFile() {}

    /**
     * What an export or import did.
     *
     * @param file the weights file
     * @param tensors the number of tensors written or copied (one per parameter)
     * @param parameters the number of values in them (scalars, not tensors)
     * @param ignored tensors of the file that an import skipped: PyTorch's {@code
     *     *.num_batches_tracked} counters of batch norms present in the network (empty for an
     *     export)
     */
    public record Report(Path file, int tensors, long parameters, List<String> ignored) {}

    /**
     * Exports every parameter of an initialised block.
     *
     * @param block the block
     * @param file the {@code .safetensors} file to write, atomically
     * @param metadata extra string metadata; {@code format} and {@code formatVersion} are always
     *     this class's
     * @return what was written
     * @throws IOException when writing fails
     * @throws IllegalStateException when the block is not initialised
     * @throws IllegalArgumentException when a parameter is not float32
     */
    public static Report export(Block block, Path file, Map<String, String> metadata)
            throws IOException {
        Map<String, Parameter> params = ParameterNames.of(block);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        long values = 0;
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray a = array(e.getKey(), e.getValue());
            if (a.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException(
                        "parameter " + e.getKey() + " is " + a.getDataType() + ", not float32");
            }
            shapes.put(e.getKey(), a.getShape());
            values += a.getShape().size();
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        // Set last, so that no caller's entry can disguise the file's format.
        meta.put("format", FORMAT);
        meta.put("formatVersion", Integer.toString(FORMAT_VERSION));
        SafetensorsWriter.write(
                file, shapes, name -> params.get(name).getArray().toFloatArray(), meta);
        return new Report(file, params.size(), values, List.of());
    }

    /**
     * Copies a weights file into an initialised block, by stable name.
     *
     * <p>Checked first, in this order: every parameter has a tensor, of the same shape, of a
     * floating-point type (F32, F16, BF16, F64; converted to float32); every tensor has a
     * parameter, except PyTorch's {@code *.num_batches_tracked} of a batch norm of the block. Only
     * then are the values copied, into the existing arrays, so that they keep their identity,
     * device and gradient attachment (never {@code Parameter.setArray}).
     *
     * @param block an initialised block with float32 parameters
     * @param file a {@code .safetensors} file, for example written by {@link #export}
     * @return what was copied and which tensors were skipped
     * @throws IOException when the file cannot be read or is not valid safetensors
     * @throws IllegalArgumentException at the first missing, unknown or wrongly shaped or typed
     *     tensor, naming the file, the tensor and the expected and found shapes; nothing has been
     *     copied then
     * @throws IllegalStateException when the block is not initialised
     */
    public static Report importInto(Block block, Path file) throws IOException {
        Map<String, Parameter> params = ParameterNames.of(block);
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray a = array(e.getKey(), e.getValue());
            if (a.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException(
                        "parameter " + e.getKey() + " is " + a.getDataType() + ", not float32");
            }
        }
        // Read through the TensorFile view, as every importer does.
        try (TensorFile st = Safetensors.open(file)) {
            Map<String, ? extends TensorFile.Tensor> tensors = st.tensors();
            long values = 0;
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                String name = e.getKey();
                Shape expected = e.getValue().getArray().getShape();
                TensorFile.Tensor t = tensors.get(name);
                if (t == null) {
                    throw new IllegalArgumentException(
                            "weights "
                                    + file
                                    + " have no tensor '"
                                    + name
                                    + "' (expected shape "
                                    + expected
                                    + "): not the weights of this architecture");
                }
                if (!t.shape().equals(expected)) {
                    throw new IllegalArgumentException(
                            "weights "
                                    + file
                                    + ": tensor '"
                                    + name
                                    + "' has shape "
                                    + t.shape()
                                    + ", the network expects "
                                    + expected
                                    + " (another backbone, width or number of classes?)");
                }
                if (!t.isFloat()) {
                    throw new IllegalArgumentException(
                            "weights "
                                    + file
                                    + ": tensor '"
                                    + name
                                    + "' holds "
                                    + t.typeName()
                                    + ", expected floating point");
                }
                values += expected.size();
            }
            List<String> ignored = new ArrayList<>();
            for (TensorFile.Tensor t : tensors.values()) {
                if (params.containsKey(t.name())) {
                    continue;
                }
                if (isBatchCounter(t, params)) {
                    ignored.add(t.name());
                    continue;
                }
                throw new IllegalArgumentException(
                        "weights "
                                + file
                                + ": tensor '"
                                + t.name()
                                + "' (shape "
                                + t.shape()
                                + ") matches no parameter of the network: not the weights of"
                                + " this architecture");
            }
            // Every value read and checked before the first is copied: all or nothing.
            Map<String, float[]> read = new LinkedHashMap<>();
            for (String name : params.keySet()) {
                read.put(name, TensorFile.requireFinite(file, name, st.readFloats(name)));
            }
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                copyInto(read.get(e.getKey()), e.getValue().getArray());
            }
            return new Report(file, params.size(), values, List.copyOf(ignored));
        }
    }

    /** PyTorch's integer step counter of a batch norm whose running mean the block has. */
    private static boolean isBatchCounter(TensorFile.Tensor t, Map<String, Parameter> params) {
        String name = t.name();
        if (!name.endsWith(BATCH_COUNTER) || t.isFloat()) {
            return false;
        }
        String owner = name.substring(0, name.length() - BATCH_COUNTER.length());
        Parameter mean = params.get(owner + ".running_mean");
        return mean != null && ParameterNames.isBatchNorm(mean);
    }

    /**
     * Copies values into a live parameter array. Through a temporary array and {@code copyTo}, not
     * {@code NDArray.set}: after a forward pass MXNet may keep a weight in MKL-DNN's blocked
     * layout, which {@code set} cannot write ("We can't generate TBlob for MKLDNN data") while the
     * engine's copy operator can. The temporary lives in a sub-manager closed at once.
     *
     * @param values the values in C order, as many as the array holds
     * @param to the parameter's array; keeps its identity, device and gradient
     */
    public static void copyInto(float[] values, NDArray to) {
        try (NDManager scope = to.getManager().newSubManager()) {
            HostArrays.floats(scope, values, to.getShape()).copyTo(to);
        }
    }

    private static NDArray array(String name, Parameter p) {
        if (!p.isInitialized()) {
            throw new IllegalStateException(
                    "parameter " + name + " has no value: initialize the block first");
        }
        return p.getArray();
    }
}
