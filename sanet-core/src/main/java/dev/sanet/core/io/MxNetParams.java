package dev.sanet.core.io;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * MXNet's NDArray list format ({@code nd.save}, Gluon's {@code save_parameters}, the GluonCV model
 * zoo's {@code .params} files), a {@link TensorFile} read in pure Java so that GluonCV weights
 * import on any engine, not only through the MXNet engine's {@code NDManager.load}.
 *
 * <p>Layout, all little-endian, as MXNet 1.9's {@code NDArray::Load} reads it ({@code
 * src/ndarray/ndarray.cc}): u64 list magic {@code 0x112}, u64 reserved, u64 array count; each
 * array; then u64 name count (0 or the array count) and per name a u64 length and UTF-8 bytes. An
 * array is:
 *
 * <ul>
 *   <li>V2 ({@code 0xF993FAC9}, what Gluon 1.x writes) and V3 ({@code 0xF993FACA}, NumPy shape
 *       semantics): u32 magic, i32 storage type (only 0, dense, is supported), shape as i32 ndim
 *       and i64 dims, context (i32 device type, i32 device id), i32 type flag, then the raw data. A
 *       V2 array of ndim 0, and a V3 array of unknown shape (ndim or a dim of -1), is "none" and
 *       has nothing after its shape;
 *   <li>V1 ({@code 0xF993FAC8}): u32 magic, shape as i32 ndim and i64 dims, context, type flag,
 *       data (no storage type);
 *   <li>older files: the first u32 is the ndim and the dims are u32, then as V1.
 * </ul>
 *
 * <p>Type flags: 0 float32, 1 float64, 2 float16, 3 uint8, 4 int32, 5 int8, 6 int64, 7 bool, 8
 * int16, 9 uint16, 10 uint32, 11 uint64, 12 bfloat16. Names lose an {@code arg:} or {@code aux:}
 * prefix (files written by {@code export}); none arrays are skipped. {@link #open} walks the whole
 * structure and checks it against the file's size, so a damaged or truncated file fails there with
 * an {@link IOException} naming the file, the array and what is wrong; the data stays on disk until
 * {@link #readFloats} reads one array.
 */
public final class MxNetParams implements TensorFile {

    /** The list magic at the start of the file. */
    public static final long LIST_MAGIC = 0x112;

    private static final int V1_MAGIC = 0xF993FAC8;
    private static final int V2_MAGIC = 0xF993FAC9;
    private static final int V3_MAGIC = 0xF993FACA;

    /** MXNet's largest number of dimensions; more means the bytes are not a shape. */
    private static final int MAX_NDIM = 32;

    /**
     * One array of the file: where its bytes are, not the values.
     *
     * @param name the key, without an {@code arg:}/{@code aux:} prefix
     * @param dataType the element type
     * @param shape the shape, C order
     * @param offset the file position of the first data byte
     */
    public record Entry(String name, DataType dataType, Shape shape, long offset)
            implements TensorFile.Tensor {

        /**
         * The number of data bytes.
         *
         * @return elements times the element size
         */
        public long byteLength() {
            return shape.size() * dataType.getNumOfBytes();
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final Map<String, Entry> arrays;

    private MxNetParams(Path file, FileChannel channel, Map<String, Entry> arrays) {
        this.file = file;
        this.channel = channel;
        this.arrays = Collections.unmodifiableMap(arrays);
    }

    /**
     * Opens a file and checks its whole structure (see the class description).
     *
     * @param file an MXNet {@code .params} file
     * @return the open file; close it after use
     * @throws IOException when the file cannot be read, is damaged, holds unnamed, sparse or
     *     duplicate arrays; the message names the file and the problem
     */
    public static MxNetParams open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new MxNetParams(file, ch, parse(new Cursor(ch, file)));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public Container container() {
        return Container.MXNET_PARAMS;
    }

    @Override
    public Path file() {
        return file;
    }

    /**
     * The arrays, in file order: {@link #arrays()}.
     *
     * @return an unmodifiable map from name (prefix stripped) to entry
     */
    @Override
    public Map<String, Entry> tensors() {
        return arrays;
    }

    /**
     * MXNet's list has no metadata.
     *
     * @return an empty map
     */
    @Override
    public Map<String, String> metadata() {
        return Map.of();
    }

    /**
     * The arrays, in file order.
     *
     * @return an unmodifiable map from name (prefix stripped) to entry
     */
    public Map<String, Entry> arrays() {
        return arrays;
    }

    /**
     * Reads a floating-point array as float32 (float64 rounds to nearest; float16 and bfloat16 are
     * exact).
     *
     * @param name the array's name, prefix stripped
     * @return its values in C order
     * @throws IOException when reading fails
     * @throws IllegalArgumentException when there is no such array or it is not floating point
     */
    @Override
    public float[] readFloats(String name) throws IOException {
        Entry e = arrays.get(name);
        if (e == null) {
            throw new IllegalArgumentException(file + " has no array '" + name + "'");
        }
        if (!Elements.isFloat(e.dataType())) {
            throw new IllegalArgumentException(
                    file + ": array '" + name + "' holds " + e.dataType() + ", not floats");
        }
        return Elements.readFloats(channel, file, e.offset(), e.shape().size(), e.dataType(), name);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static Map<String, Entry> parse(Cursor in) throws IOException {
        long magic = in.i64("the list magic");
        if (magic != LIST_MAGIC) {
            throw in.damaged(
                    String.format(
                            Locale.ROOT,
                            "it starts with 0x%x, not MXNet's NDArray list magic 0x112",
                            magic));
        }
        in.i64("the reserved word");
        long count = in.i64("the array count");
        // Every array takes at least 8 bytes, so a larger count cannot be right.
        if (count < 0 || count > in.size / 8) {
            throw in.damaged("the array count " + Long.toUnsignedString(count) + " is impossible");
        }
        List<@Nullable Entry> found = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            found.add(array(in, i));
        }
        long names = in.i64("the name count");
        if (names == 0 && count > 0) {
            throw in.damaged(
                    "it holds "
                            + count
                            + " unnamed arrays: expected named parameters, as save_parameters"
                            + " writes them");
        }
        if (names != count) {
            throw in.damaged("it has " + count + " arrays but " + names + " names");
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            long len = in.i64("the length of name #" + i);
            if (len < 0 || len > in.size - in.pos) {
                throw in.damaged("name #" + i + " has an impossible length " + len);
            }
            String key = new String(in.bytes((int) len, "name #" + i), StandardCharsets.UTF_8);
            String name = key.startsWith("arg:") || key.startsWith("aux:") ? key.substring(4) : key;
            Entry e = found.get(i);
            if (e == null) {
                continue; // a "none" array: no data to import
            }
            if (out.containsKey(name)) {
                throw in.damaged("the name '" + name + "' appears twice");
            }
            out.put(name, new Entry(name, e.dataType(), e.shape(), e.offset()));
        }
        return out;
    }

    /** One array's header; skips its data. Null for a "none" array. */
    private static @Nullable Entry array(Cursor in, int index) throws IOException {
        String what = "array #" + index;
        int magic = in.i32(what + "'s magic");
        long @Nullable [] dims;
        if (magic == V2_MAGIC || magic == V3_MAGIC) {
            int storage = in.i32(what + "'s storage type");
            if (storage != 0) {
                throw in.damaged(
                        what
                                + " uses storage type "
                                + storage
                                + (storage == 1 ? " (row_sparse)" : storage == 2 ? " (csr)" : "")
                                + "; only dense arrays (0) are supported");
            }
            dims = shape(in, what, magic == V3_MAGIC);
        } else if (magic == V1_MAGIC) {
            dims = shape(in, what, false);
        } else {
            // Before V1 the first word is the ndim, followed by 32-bit dims.
            long ndim = magic & 0xFFFFFFFFL;
            if (ndim > MAX_NDIM) {
                throw in.damaged(
                        String.format(
                                Locale.ROOT,
                                "%s starts with 0x%08x, neither an NDArray magic nor a shape",
                                what,
                                magic));
            }
            long[] legacy = new long[(int) ndim];
            for (int d = 0; d < legacy.length; d++) {
                legacy[d] = in.i32(what + "'s shape") & 0xFFFFFFFFL;
            }
            dims = legacy.length == 0 ? null : legacy;
        }
        if (dims == null) {
            return null;
        }
        in.i32(what + "'s device type");
        in.i32(what + "'s device id");
        int flag = in.i32(what + "'s type flag");
        DataType type = typeOf(flag);
        if (type == null) {
            throw in.damaged(what + " has the unknown type flag " + flag);
        }
        Shape shape = new Shape(dims);
        long bytes;
        try {
            long n = 1;
            for (long d : dims) {
                n = Math.multiplyExact(n, d);
            }
            bytes = Math.multiplyExact(n, (long) type.getNumOfBytes());
        } catch (ArithmeticException e) {
            throw in.damaged(what + " has an impossible shape " + shape);
        }
        long offset = in.pos;
        if (bytes > in.size - offset) {
            throw in.damaged(
                    String.format(
                            Locale.ROOT,
                            "%s (%s %s) needs %d bytes at byte %d but the file ends at %d"
                                    + " (truncated?)",
                            what,
                            type,
                            shape,
                            bytes,
                            offset,
                            in.size));
        }
        in.pos += bytes;
        return new Entry(what, type, shape, offset);
    }

    /**
     * A shape stored as i32 ndim and i64 dims; null when it marks a "none" array (ndim 0 in the
     * classic semantics, an unknown ndim or dim (-1) in NumPy semantics).
     */
    private static long @Nullable [] shape(Cursor in, String what, boolean numpy)
            throws IOException {
        int ndim = in.i32(what + "'s ndim");
        if (ndim < -1 || ndim > MAX_NDIM) {
            throw in.damaged(what + " has an impossible ndim " + ndim);
        }
        if (ndim == -1 || (!numpy && ndim == 0)) {
            return null;
        }
        long[] dims = new long[ndim];
        boolean unknown = false;
        for (int d = 0; d < ndim; d++) {
            dims[d] = in.i64(what + "'s shape");
            if (dims[d] == -1 && numpy) {
                unknown = true;
            } else if (dims[d] < 0) {
                throw in.damaged(what + " has a negative dimension " + dims[d]);
            }
        }
        return unknown ? null : dims;
    }

    private static @Nullable DataType typeOf(int flag) {
        return switch (flag) {
            case 0 -> DataType.FLOAT32;
            case 1 -> DataType.FLOAT64;
            case 2 -> DataType.FLOAT16;
            case 3 -> DataType.UINT8;
            case 4 -> DataType.INT32;
            case 5 -> DataType.INT8;
            case 6 -> DataType.INT64;
            case 7 -> DataType.BOOLEAN;
            case 8 -> DataType.INT16;
            case 9 -> DataType.UINT16;
            case 10 -> DataType.UINT32;
            case 11 -> DataType.UINT64;
            case 12 -> DataType.BFLOAT16;
            default -> null;
        };
    }

    /** Sequential little-endian reads at a tracked position, failing clearly at the end. */
    private static final class Cursor {
        private final FileChannel ch;
        private final Path file;
        private final long size;
        private final ByteBuffer small = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        private long pos;

        Cursor(FileChannel ch, Path file) throws IOException {
            this.ch = ch;
            this.file = file;
            this.size = ch.size();
        }

        int i32(String what) throws IOException {
            return fill(4, what).getInt();
        }

        long i64(String what) throws IOException {
            return fill(8, what).getLong();
        }

        byte[] bytes(int n, String what) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(n);
            read(b, what);
            return b.array();
        }

        private ByteBuffer fill(int n, String what) throws IOException {
            small.clear().limit(n);
            read(small, what);
            return small.flip();
        }

        private void read(ByteBuffer b, String what) throws IOException {
            if (b.remaining() > size - pos) {
                throw damaged(
                        "it ends at byte " + size + " while reading " + what + " (truncated?)");
            }
            while (b.hasRemaining()) {
                int r = ch.read(b, pos);
                if (r < 0) {
                    throw damaged("it ends at byte " + pos + " while reading " + what);
                }
                pos += r;
            }
        }

        IOException damaged(String what) {
            return new IOException(file + " is not a valid MXNet .params file: " + what);
        }
    }
}
