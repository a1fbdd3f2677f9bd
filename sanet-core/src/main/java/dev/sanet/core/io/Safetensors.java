package dev.sanet.core.io;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The safetensors format (Hugging Face), read and written in pure Java, so that weights travel
 * between sanet, PyTorch and other tools on either engine.
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
 * <p>{@link #write} writes float32 tensors sorted by name, the header padded with spaces to a
 * multiple of 8 bytes as the reference implementation does, atomically (temporary file, sync,
 * rename), holding one tensor in memory at a time.
 */
public final class Safetensors implements Closeable {

    /** The largest header accepted, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** The header key of the free-form string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    /** Bytes per write chunk. */
    private static final int CHUNK = 1 << 20;

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
    public record Tensor(String name, DataType dataType, Shape shape, long begin, long end) {

        /**
         * The number of bytes of data.
         *
         * @return {@code end - begin}
         */
        public long byteLength() {
            return end - begin;
        }

        /**
         * Whether {@link Safetensors#readFloats} reads this tensor.
         *
         * @return true for F32, F16, BF16 and F64
         */
        public boolean isFloat() {
            return Elements.isFloat(dataType);
        }
    }

    /** Supplies the values of one tensor when the writer reaches it. */
    @FunctionalInterface
    public interface Values {
        /**
         * The values of a tensor.
         *
         * @param name the tensor's name
         * @return its values in C order, as many as its shape holds
         * @throws IOException when the values cannot be produced
         */
        float[] get(String name) throws IOException;
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
            Map<String, Tensor> tensors = parseHeader(file, json, metadata);
            checkLayout(file, tensors.values(), size - 8 - n);
            return new Safetensors(file, ch, 8 + n, metadata, tensors);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * The file this was opened from.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * The header's {@value #METADATA_KEY} entries.
     *
     * @return an unmodifiable map, empty when the file has none
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The tensors, sorted by name.
     *
     * @return an unmodifiable map from name to tensor
     */
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
    public float[] readFloats(String name) throws IOException {
        Tensor t = tensor(name);
        if (!t.isFloat()) {
            throw new IllegalArgumentException(
                    file
                            + ": tensor '"
                            + name
                            + "' holds "
                            + dtypeName(t.dataType())
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
                            + dtypeName(t.dataType())
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
     * Writes float32 tensors and string metadata to a safetensors file, atomically: the file is
     * either written completely or not at all (an existing file is replaced only on success).
     *
     * @param file the file to write; its folder is created when missing
     * @param shapes the tensors' names and shapes; written sorted by name
     * @param values supplies each tensor's values when it is written, so one tensor is held at a
     *     time
     * @param metadata written under {@value #METADATA_KEY} (omitted when empty), sorted by key
     * @throws IOException when writing fails
     * @throws IllegalArgumentException when a name is empty or {@value #METADATA_KEY}, or a
     *     tensor's values do not match its shape
     */
    public static void write(
            Path file, Map<String, Shape> shapes, Values values, Map<String, String> metadata)
            throws IOException {
        TreeMap<String, Shape> sorted = new TreeMap<>(shapes);
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            // Sorted, so that the same content always gives the same bytes whatever the map type.
            new TreeMap<>(metadata)
                    .forEach(
                            (k, v) ->
                                    meta.addProperty(
                                            Objects.requireNonNull(k, "metadata key"),
                                            Objects.requireNonNull(v, "metadata value of " + k)));
            header.add(METADATA_KEY, meta);
        }
        long offset = 0;
        for (Map.Entry<String, Shape> e : sorted.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || METADATA_KEY.equals(name)) {
                throw new IllegalArgumentException("invalid tensor name '" + name + "'");
            }
            Shape shape = e.getValue();
            long bytes = Math.multiplyExact(shape.size(), 4L);
            JsonObject info = new JsonObject();
            info.addProperty("dtype", "F32");
            JsonArray dims = new JsonArray();
            for (long d : shape.getShape()) {
                dims.add(d);
            }
            info.add("shape", dims);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + bytes);
            info.add("data_offsets", offsets);
            header.add(name, info);
            offset += bytes;
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        // Pad with spaces so that the data starts 8-byte aligned, as the reference writer does.
        int padded = json.length + (8 - json.length % 8) % 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        AtomicWrite.write(
                file,
                ch -> {
                    AtomicWrite.writeFully(ch, head);
                    ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                    for (Map.Entry<String, Shape> e : sorted.entrySet()) {
                        float[] v = values.get(e.getKey());
                        if (v == null || v.length != e.getValue().size()) {
                            throw new IllegalArgumentException(
                                    "tensor '"
                                            + e.getKey()
                                            + "' of shape "
                                            + e.getValue()
                                            + " got "
                                            + (v == null ? "no" : String.valueOf(v.length))
                                            + " values");
                        }
                        writeFloats(ch, buf, v);
                    }
                });
    }

    private static void writeFloats(FileChannel ch, ByteBuffer buf, float[] v) throws IOException {
        int perChunk = buf.capacity() / 4;
        for (int at = 0; at < v.length; at += perChunk) {
            int n = Math.min(perChunk, v.length - at);
            buf.clear();
            FloatBuffer f = buf.asFloatBuffer();
            f.put(v, at, n);
            buf.limit(n * 4);
            AtomicWrite.writeFully(ch, buf);
        }
    }

    /**
     * The safetensors name of an element type.
     *
     * @param type a DJL type
     * @return e.g. {@code F32}, {@code BF16}, {@code I64}
     */
    static String dtypeName(DataType type) {
        return switch (type) {
            case FLOAT64 -> "F64";
            case FLOAT32 -> "F32";
            case FLOAT16 -> "F16";
            case BFLOAT16 -> "BF16";
            case INT64 -> "I64";
            case INT32 -> "I32";
            case INT16 -> "I16";
            case INT8 -> "I8";
            case UINT64 -> "U64";
            case UINT32 -> "U32";
            case UINT16 -> "U16";
            case UINT8 -> "U8";
            case BOOLEAN -> "BOOL";
            default -> type.toString();
        };
    }

    private static DataType dtype(String name) {
        return switch (name) {
            case "F64" -> DataType.FLOAT64;
            case "F32" -> DataType.FLOAT32;
            case "F16" -> DataType.FLOAT16;
            case "BF16" -> DataType.BFLOAT16;
            case "I64" -> DataType.INT64;
            case "I32" -> DataType.INT32;
            case "I16" -> DataType.INT16;
            case "I8" -> DataType.INT8;
            case "U64" -> DataType.UINT64;
            case "U32" -> DataType.UINT32;
            case "U16" -> DataType.UINT16;
            case "U8" -> DataType.UINT8;
            case "BOOL" -> DataType.BOOLEAN;
            default -> DataType.UNKNOWN;
        };
    }

    private static Map<String, Tensor> parseHeader(
            Path file, String json, Map<String, String> metadata) throws IOException {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw damaged(file, "the header is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isJsonObject()) {
            throw damaged(file, "the header is not a JSON object");
        }
        Map<String, Tensor> tensors = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : root.getAsJsonObject().entrySet()) {
            String name = e.getKey();
            JsonElement v = e.getValue();
            if (METADATA_KEY.equals(name)) {
                if (!v.isJsonObject()) {
                    throw damaged(file, METADATA_KEY + " is not a JSON object");
                }
                for (Map.Entry<String, JsonElement> m : v.getAsJsonObject().entrySet()) {
                    if (!m.getValue().isJsonPrimitive()
                            || !m.getValue().getAsJsonPrimitive().isString()) {
                        throw damaged(
                                file, METADATA_KEY + " entry '" + m.getKey() + "' is not a string");
                    }
                    metadata.put(m.getKey(), m.getValue().getAsString());
                }
                continue;
            }
            tensors.put(name, tensor(file, name, v));
        }
        return tensors;
    }

    private static Tensor tensor(Path file, String name, JsonElement v) throws IOException {
        String where = "tensor '" + name + "'";
        if (!v.isJsonObject()) {
            throw damaged(file, where + " is not a JSON object");
        }
        JsonObject o = v.getAsJsonObject();
        JsonElement dt = o.get("dtype");
        if (dt == null || !dt.isJsonPrimitive() || !dt.getAsJsonPrimitive().isString()) {
            throw damaged(file, where + " has no dtype string");
        }
        DataType type = dtype(dt.getAsString());
        if (type == DataType.UNKNOWN) {
            throw damaged(
                    file,
                    where
                            + " has dtype '"
                            + dt.getAsString()
                            + "', which sanet does not read (F32, F16, BF16, F64, integers, BOOL)");
        }
        long[] dims = longs(file, where, "shape", o.get("shape"), -1);
        long[] offsets = longs(file, where, "data_offsets", o.get("data_offsets"), 2);
        long count = 1;
        try {
            for (long d : dims) {
                count = Math.multiplyExact(count, d);
            }
            long bytes = Math.multiplyExact(count, (long) type.getNumOfBytes());
            if (offsets[1] < offsets[0] || offsets[1] - offsets[0] != bytes) {
                throw damaged(
                        file,
                        String.format(
                                Locale.ROOT,
                                "%s: %s x shape %s needs %d bytes but data_offsets [%d, %d] hold"
                                        + " %d",
                                where,
                                dtypeName(type),
                                new Shape(dims),
                                bytes,
                                offsets[0],
                                offsets[1],
                                offsets[1] - offsets[0]));
            }
        } catch (ArithmeticException e) {
            throw damaged(file, where + " has a shape too large to address");
        }
        return new Tensor(name, type, new Shape(dims), offsets[0], offsets[1]);
    }

    /** A JSON array of non-negative integers, of the given length (or any when -1). */
    private static long[] longs(Path file, String where, String key, JsonElement v, int length)
            throws IOException {
        if (v == null || !v.isJsonArray()) {
            throw damaged(file, where + " has no " + key + " array");
        }
        JsonArray a = v.getAsJsonArray();
        if (length >= 0 && a.size() != length) {
            throw damaged(
                    file, where + ": " + key + " has " + a.size() + " entries, not " + length);
        }
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement x = a.get(i);
            BigDecimal d = null;
            if (x.isJsonPrimitive()) {
                JsonPrimitive p = x.getAsJsonPrimitive();
                if (p.isNumber()) {
                    d = p.getAsBigDecimal();
                }
            }
            try {
                if (d == null || d.signum() < 0) {
                    throw new ArithmeticException();
                }
                out[i] = d.longValueExact();
            } catch (ArithmeticException e) {
                throw damaged(
                        file,
                        where
                                + ": "
                                + key
                                + " holds "
                                + x
                                + ", not a count of bytes"
                                + " or elements");
            }
        }
        return out;
    }

    /** The data ranges, sorted, must tile the data section exactly. */
    private static void checkLayout(Path file, Iterable<Tensor> tensors, long dataBytes)
            throws IOException {
        List<Tensor> byOffset = new ArrayList<>();
        tensors.forEach(byOffset::add);
        byOffset.sort(Comparator.comparingLong(Tensor::begin).thenComparingLong(Tensor::end));
        long expected = 0;
        String previous = null;
        for (Tensor t : byOffset) {
            if (t.begin() != expected) {
                throw damaged(
                        file,
                        "tensor '"
                                + t.name()
                                + "' starts at byte "
                                + t.begin()
                                + " of the data but "
                                + (previous == null
                                        ? "the data starts at 0"
                                        : "'" + previous + "' ends at " + expected)
                                + (t.begin() < expected ? " (overlap)" : " (gap)"));
            }
            expected = t.end();
            previous = t.name();
        }
        if (expected != dataBytes) {
            throw damaged(
                    file,
                    "the tensors cover "
                            + expected
                            + " bytes of data but the file holds "
                            + dataBytes
                            + (expected > dataBytes ? " (truncated)" : " (trailing bytes)"));
        }
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
        return new IOException(file + " is not a valid safetensors file: " + what);
    }
}
