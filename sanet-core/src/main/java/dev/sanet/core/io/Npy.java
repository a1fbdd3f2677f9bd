package dev.sanet.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format for float32 arrays: what {@code sanet predict --save-scores} writes
 * (class scores, K x H x W), readable with {@code numpy.load}.
 *
 * <p>{@link #writeFloat32} writes format version 1.0: the magic {@code \x93NUMPY}, bytes 1 and 0, a
 * u16 little-endian header length, then the header {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (K, H, W), }} padded with spaces and ended by a newline so that the data starts at a
 * multiple of 64 bytes, then the values, little-endian, C order. {@link #read} reads such files
 * back (versions 1.0 to 3.0, {@code '<f4'}, C order only), mainly for tests.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** NumPy aligns the data to this many bytes. */
    private static final int ALIGN = 64;

    private static final int CHUNK = 1 << 20;

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /**
     * A float32 array read from a file.
     *
     * @param shape its shape
     * @param values its values in C order
     */
    public record Array(Shape shape, float[] values) {}

    /**
     * Writes an array as a float32 {@code .npy} file (converted from another type if needed),
     * atomically; e.g. the {@code (K, H, W)} class scores of {@code sanet predict --save-scores}.
     *
     * @param file the file to write
     * @param array any shape
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, NDArray array) throws IOException {
        NDArray f =
                array.getDataType() == DataType.FLOAT32
                        ? array
                        : array.toType(DataType.FLOAT32, false);
        writeFloat32(file, f.getShape(), f.toFloatArray());
    }

    /**
     * Writes a float32 array, atomically (temporary file, sync, rename).
     *
     * @param file the {@code .npy} file; its folder is created when missing
     * @param shape the shape, e.g. (K, H, W)
     * @param values the values in C order, {@code shape.size()} of them
     * @throws IOException when writing fails
     * @throws IllegalArgumentException when the number of values does not match the shape
     */
    public static void writeFloat32(Path file, Shape shape, float[] values) throws IOException {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(
                    "shape " + shape + " holds " + shape.size() + " values, got " + values.length);
        }
        byte[] header = header(shape);
        AtomicWrite.write(
                file,
                ch -> {
                    AtomicWrite.writeFully(ch, ByteBuffer.wrap(header));
                    ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                    int perChunk = CHUNK / 4;
                    for (int at = 0; at < values.length; at += perChunk) {
                        int n = Math.min(perChunk, values.length - at);
                        buf.clear();
                        FloatBuffer f = buf.asFloatBuffer();
                        f.put(values, at, n);
                        buf.limit(n * 4);
                        AtomicWrite.writeFully(ch, buf);
                    }
                });
    }

    /** Magic, version 1.0, header length and the padded header text. */
    private static byte[] header(Shape shape) {
        StringBuilder dims = new StringBuilder();
        long[] s = shape.getShape();
        for (int i = 0; i < s.length; i++) {
            dims.append(i == 0 ? "" : ", ").append(s[i]);
        }
        if (s.length == 1) {
            dims.append(','); // a Python 1-tuple
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (ALIGN - unpadded % ALIGN) % ALIGN;
        String text = dict + " ".repeat(pad) + "\n";
        if (text.length() > 0xFFFF) {
            throw new IllegalArgumentException("shape " + shape + " is too long for an npy header");
        }
        ByteBuffer b =
                ByteBuffer.allocate(MAGIC.length + 4 + text.length())
                        .order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        b.put(text.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    /**
     * Reads a little-endian float32, C-order {@code .npy} file.
     *
     * @param file the file
     * @return its shape and values
     * @throws IOException when the file cannot be read, is not npy, holds another type or order, or
     *     its size does not match the header; the message names the file
     */
    public static Array read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            while (pre.hasRemaining() && ch.read(pre, pre.position()) >= 0) {
                // Fill the preamble, or as much of it as the file has.
            }
            pre.flip();
            byte[] magic = new byte[MAGIC.length];
            if (pre.remaining() < 10) {
                throw bad(file, "it is shorter than the npy preamble");
            }
            pre.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw bad(file, "it does not start with \\x93NUMPY");
            }
            int major = pre.get();
            pre.get(); // minor version
            long headerLen;
            int headerStart;
            if (major == 1) {
                headerLen = pre.getShort() & 0xFFFF;
                headerStart = 10;
            } else if (major == 2 || major == 3) {
                if (pre.remaining() < 4) {
                    throw bad(file, "it is shorter than the npy preamble");
                }
                headerLen = pre.getInt() & 0xFFFFFFFFL;
                headerStart = 12;
            } else {
                throw bad(file, "format version " + major + " is not 1, 2 or 3");
            }
            if (headerLen > size - headerStart) {
                throw bad(
                        file, "the header length " + headerLen + " runs past the end of the file");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            while (hb.hasRemaining()) {
                if (ch.read(hb, headerStart + hb.position()) < 0) {
                    throw bad(file, "it ends inside the header");
                }
            }
            String header =
                    new String(
                            hb.array(),
                            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Matcher descr = DESCR.matcher(header);
            if (!descr.find() || !descr.group(1).equals("<f4")) {
                throw bad(file, "it does not hold little-endian float32 ('<f4'): " + header.trim());
            }
            Matcher fortran = FORTRAN.matcher(header);
            if (!fortran.find() || !fortran.group(1).equals("False")) {
                throw bad(file, "it is not in C order: " + header.trim());
            }
            Matcher shapeM = SHAPE.matcher(header);
            if (!shapeM.find()) {
                throw bad(file, "its header has no shape: " + header.trim());
            }
            List<Long> dims = new ArrayList<>();
            for (String part : shapeM.group(1).split(",")) {
                if (!part.isBlank()) {
                    try {
                        dims.add(Long.parseLong(part.trim()));
                    } catch (NumberFormatException e) {
                        throw bad(file, "its shape (" + shapeM.group(1) + ") is not integers");
                    }
                }
            }
            Shape shape = new Shape(dims.stream().mapToLong(Long::longValue).toArray());
            long dataStart = headerStart + headerLen;
            if (shape.size() < 0 || shape.size() * 4 != size - dataStart) {
                throw bad(
                        file,
                        "shape "
                                + shape
                                + " needs "
                                + shape.size() * 4
                                + " bytes of data but the file holds "
                                + (size - dataStart));
            }
            float[] values =
                    Elements.readFloats(
                            ch, file, dataStart, shape.size(), DataType.FLOAT32, "the array");
            return new Array(shape, values);
        }
    }

    private static IOException bad(Path file, String what) {
        return new IOException(file + " is not a float32 npy file: " + what);
    }
}
