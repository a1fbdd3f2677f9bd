package dev.sanet.core.io;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format (Hugging Face), read in pure Java, so that weights travel between sanet,
 * PyTorch and other tools on either engine: a {@link TensorFile}. {@link SafetensorsWriter} writes
 * it; {@link SafetensorsHeader} checks the header.
 *
 * <p>Layout: an unsigned 64-bit little-endian header length N; N bytes of UTF-8 JSON {@code
 * {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ..., "__metadata__":
 * {string: string}}}; then the tensors' raw little-endian bytes in C order, the offsets counting
 * from the first byte after the header.
 *
 * <p>{@link #open} reads and checks the header: N at most {@value #MAX_HEADER_BYTES} bytes and
 * inside the file, valid UTF-8 JSON, every dtype known, every shape non-negative, every byte range
 * equal to the dtype's size times the element count, and the ranges, sorted, contiguous from 0 to
 * the end of the file (no gap, overlap or trailing byte). Any violation is an {@link IOException}
 * naming the file and what is wrong. The data stays on disk until {@link #readFloats} or {@link
 * #readLongs} reads one tensor.
 *
 * <p>{@link #write} is {@link SafetensorsWriter#write}, kept here for its callers.
 */
public final class Safetensors implements TensorFile {

    /** The largest header accepted, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** The header key of the free-form string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    /**
     * One tensor of a file: where its bytes are, not the values.
     *
     * @param name the key in the header
     * @param dataType the element type ({@code F32} is {@link DataType#FLOAT32}, {@code BF16}
     *     {@link DataType#BFLOAT16}, {@code I64} {@link DataType#INT64}, ...)
     * @param shape the shape, C order ({@code ()} for a scalar)
     * @param begin the first byte, counted from the end of the header
     * @param end one past the last byte
     */
    public record Tensor(String name, DataType dataType, Shape shape, long begin, long end)
            implements TensorFile.Tensor {

        /**
         * The number of bytes of data.
         *
         * @return {@code end - begin}
         */
        public long byteLength() {
            return end - begin;
        }

        /**
         * The safetensors name of the element type.
         *
         * @return e.g. {@code F32}, {@code BF16}, {@code I64}
         */
        @Override
        public String typeName() {
            return SafetensorsHeader.dtypeName(dataType);
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, String> metadata;
    private final Map<String, Tensor> tensors;

    private Safetensors(
            Path file,
            FileChannel channel,
            long dataStart,
            Map<String, String> metadata,
            Map<String, Tensor> tensors) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /**
     * Opens a file and checks its header (see the class description).
     *
     * @param file a {@code .safetensors} file
     * @return the open file; close it after use
     * @throws IOException when the file cannot be read or is damaged; the message names the file
     *     and the problem
     */
    public static Safetensors open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (size < 8) {
                throw damaged(
                        file, "it has " + size + " bytes, fewer than the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, file);
            long n = lenBuf.flip().getLong();
            if (n < 0 || n > MAX_HEADER_BYTES) {
                throw damaged(
                        file,
                        "the header length "
                                + Long.toUnsignedString(n)
                                + " is above the limit of "
                                + MAX_HEADER_BYTES
                                + " bytes (not a safetensors file?)");
            }
            if (n > size - 8) {
                throw damaged(
                        file,
                        "the header length "
                                + n
                                + " runs past the end of the file ("
                                + size
                                + " bytes): the file is truncated or not safetensors");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) n);
            readFully(ch, headerBuf, 8, file);
            headerBuf.flip();
            String json;
            try {
                CharBuffer chars =
                        StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT)
                                .decode(headerBuf);
                json = chars.toString();
            } catch (CharacterCodingException e) {
                throw damaged(file, "the header is not UTF-8 text");
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, Tensor> tensors = SafetensorsHeader.parse(file, json, metadata);
            SafetensorsHeader.checkLayout(file, tensors.values(), size - 8 - n);
            return new Safetensors(file, ch, 8 + n, metadata, tensors);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public Container container() {
        return Container.SAFETENSORS;
    }

    @Override
    public Path file() {
        return file;
    }

    /**
     * The header's {@value #METADATA_KEY} entries.
     *
     * @return an unmodifiable map, empty when the file has none
     */
    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The tensors, sorted by name.
     *
     * @return an unmodifiable map from name to tensor
     */
    @Override
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /**
     * Reads a floating-point tensor as float32 (F64 rounds to nearest; F16 and BF16 are exact).
     *
     * @param name the tensor's name
     * @return its values in C order
     * @throws IOException when reading fails
     * @throws IllegalArgumentException when there is no such tensor or it is not floating point
     */
    @Override
    public float[] readFloats(String name) throws IOException {
        Tensor t = tensor(name);
        if (!t.isFloat()) {
            throw new IllegalArgumentException(
                    file
                            + ": tensor '"
                            + name
                            + "' holds "
                            + SafetensorsHeader.dtypeName(t.dataType())
                            + ", not floats");
        }
        return Elements.readFloats(
                channel, file, dataStart + t.begin(), t.shape().size(), t.dataType(), name);
    }

    /**
     * Reads an integer or boolean tensor (such as PyTorch's {@code num_batches_tracked}) as longs.
     *
     * @param name the tensor's name
     * @return its values in C order
     * @throws IOException when reading fails
     * @throws IllegalArgumentException when there is no such tensor or it is not integer
     */
    public long[] readLongs(String name) throws IOException {
        Tensor t = tensor(name);
        if (!Elements.isInteger(t.dataType())) {
            throw new IllegalArgumentException(
                    file
                            + ": tensor '"
                            + name
                            + "' holds "
                            + SafetensorsHeader.dtypeName(t.dataType())
                            + ", not integers");
        }
        return Elements.readLongs(
                channel, file, dataStart + t.begin(), t.shape().size(), t.dataType(), name);
    }

    private Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException(file + " has no tensor '" + name + "'");
        }
        return t;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Writes float32 tensors and string metadata to a safetensors file, atomically; see {@link
     * SafetensorsWriter#write}, which this calls.
     *
     * @param file the file to write; its folder is created when missing
     * @param shapes the tensors' names and shapes; written sorted by name
     * @param values supplies each tensor's values when it is written
     * @param metadata written under {@value #METADATA_KEY} (omitted when empty), sorted by key
     * @throws IOException when writing fails
     * @throws IllegalArgumentException when a name is empty or {@value #METADATA_KEY}, or a
     *     tensor's values do not match its shape
     */
    public static void write(
            Path file,
            Map<String, Shape> shapes,
            SafetensorsWriter.Values values,
            Map<String, String> metadata)
            throws IOException {
        SafetensorsWriter.write(file, shapes, values, metadata);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file)
            throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new EOFException(
                        file + ": ends early at byte " + (position + buf.position()));
            }
        }
    }

    private static IOException damaged(Path file, String what) {
        return SafetensorsHeader.damaged(file, what);
    }
}
