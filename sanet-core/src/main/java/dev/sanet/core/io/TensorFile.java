package dev.sanet.core.io;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A weights file opened for reading: named tensors with their element types and shapes, string
 * metadata, and each tensor's values read on demand as float32. The one view of a weights file that
 * importers use, whatever the container: {@link Safetensors} and MXNet's NDArray list ({@link
 * MxNetParams}, GluonCV's {@code .params}) implement it, and {@link #open} recognises which one a
 * file is from its first bytes.
 *
 * <p>Opening checks the file's whole structure; the data stays on disk until {@link #readFloats}
 * reads one tensor. Close the file after use.
 */
public interface TensorFile extends Closeable {

    /** The containers sanet reads. */
    enum Container {
        /** Hugging Face's safetensors. */
        SAFETENSORS("safetensors"),
        /** MXNet's NDArray list ({@code nd.save}, Gluon's {@code save_parameters}). */
        MXNET_PARAMS("MXNet .params");

        private final String displayName;

        Container(String displayName) {
            this.displayName = displayName;
        }

        /**
         * The container's name for messages.
         *
         * @return {@code safetensors} or {@code MXNet .params}
         */
        public String displayName() {
            return displayName;
        }
    }

    /** One tensor of a file: its name, element type and shape, not its values. */
    interface Tensor {
        /**
         * The tensor's name in the file.
         *
         * @return the key (MXNet: without an {@code arg:}/{@code aux:} prefix)
         */
        String name();

        /**
         * The element type.
         *
         * @return the DJL type
         */
        DataType dataType();

        /**
         * The shape, C order.
         *
         * @return the shape ({@code ()} for a scalar)
         */
        Shape shape();

        /**
         * Whether {@link TensorFile#readFloats} reads this tensor.
         *
         * @return true for float32, float16, bfloat16 and float64
         */
        default boolean isFloat() {
            return Elements.isFloat(dataType());
        }

        /**
         * The element type as the container spells it, for messages.
         *
         * @return e.g. {@code F32} (safetensors) or {@code float32}
         */
        default String typeName() {
            return dataType().toString();
        }
    }

    /**
     * The container of this file.
     *
     * @return the container
     */
    Container container();

    /**
     * The file this was opened from.
     *
     * @return the path
     */
    Path file();

    /**
     * The tensors.
     *
     * @return an unmodifiable map from name to tensor, in the container's order (safetensors:
     *     sorted by name; MXNet: file order)
     */
    Map<String, ? extends Tensor> tensors();

    /**
     * The file's string metadata.
     *
     * @return an unmodifiable map, empty when the container has none (MXNet)
     */
    Map<String, String> metadata();

    /**
     * Reads a floating-point tensor as float32 (float64 rounds to nearest; float16 and bfloat16 are
     * exact).
     *
     * @param name the tensor's name
     * @return its values in C order
     * @throws IOException when reading fails
     * @throws IllegalArgumentException when there is no such tensor or it is not floating point
     */
    float[] readFloats(String name) throws IOException;

    /**
     * Refuses a tensor holding NaN or infinite values, which an import would otherwise copy into a
     * model that every later load refuses (naming an engine's parameter, not the tensor).
     *
     * @param file the weights file, for the message
     * @param name the tensor's name in the file
     * @param values its values
     * @return the values, all finite
     * @throws IllegalArgumentException naming the file, the tensor, the first bad value and its
     *     index, and the count
     */
    static float[] requireFinite(Path file, String name, float[] values) {
        int first = -1;
        long bad = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                if (bad++ == 0) {
                    first = i;
                }
            }
        }
        if (bad > 0) {
            throw new IllegalArgumentException(
                    "weights "
                            + file
                            + ": tensor '"
                            + name
                            + "' holds "
                            + bad
                            + " non-finite value(s) of "
                            + values.length
                            + " (the first, "
                            + values[first]
                            + ", at index "
                            + first
                            + "): weights of a diverged or damaged run; nothing was imported");
        }
        return values;
    }

    /**
     * Opens a weights file of either container, recognised from its first bytes: safetensors starts
     * with a u64 header length and the JSON header's opening brace, MXNet's list with the u64 magic
     * {@code 0x112} and a reserved u64 0 (the ninth byte tells them apart even when a safetensors
     * header happens to be 0x112 bytes long). A PyTorch pickle ({@code .pth}, zip or protocol 2) is
     * recognised and refused with the conversion to make.
     *
     * @param file the file
     * @return the open file; close it after use
     * @throws IOException when the first bytes cannot be read
     * @throws IllegalArgumentException when the file is missing, a PyTorch pickle, of neither
     *     container, or damaged; the message names the file
     */
    static TensorFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "weights " + file + " do not exist or are not a file");
        }
        ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (head.hasRemaining() && ch.read(head) >= 0) {
                // Read the first 16 bytes, or as many as the file has.
            }
        }
        head.flip();
        int n = head.remaining();
        try {
            if (n >= 9 && head.get(8) == '{') {
                return Safetensors.open(file);
            }
            if (n >= 8 && head.getLong(0) == MxNetParams.LIST_MAGIC) {
                return MxNetParams.open(file);
            }
        } catch (IOException e) {
            Container c = head.get(8) == '{' ? Container.SAFETENSORS : Container.MXNET_PARAMS;
            throw new IllegalArgumentException(
                    "weights "
                            + file
                            + " are not a readable "
                            + c.displayName()
                            + " file: "
                            + e.getMessage(),
                    e);
        }
        // torch.save since 1.6 writes a zip archive; earlier versions a pickle (protocol 2).
        if (n >= 4 && (head.getInt(0) == 0x04034b50 || (head.get(0) & 0xFF) == 0x80)) {
            throw new IllegalArgumentException(
                    "weights "
                            + file
                            + " are a PyTorch pickle (.pth/.pt), which Java cannot read"
                            + " safely: convert them with Python, e.g. sd = torch.load(f,"
                            + " map_location='cpu'); sd = sd.get('state_dict', sd);"
                            + " safetensors.torch.save_file({k: v.contiguous() for k, v in"
                            + " sd.items()}, 'weights.safetensors')");
        }
        throw new IllegalArgumentException(
                "weights " + file + " are neither safetensors nor an MXNet/GluonCV .params file");
    }
}
