package dev.sanet.core.io;

import ai.djl.ndarray.types.DataType;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Reads little-endian tensor data from a region of a file into Java arrays, chunk by chunk, so that
 * no copy of the whole region is ever held besides the result.
 */
final class Elements {

    /** Bytes read per chunk: large enough for throughput, small enough to stay out of the way. */
    private static final int CHUNK = 1 << 20;

    /** The largest Java array the readers return. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Elements() {}

    /**
     * Whether {@link #readFloats} converts this type.
     *
     * @param type an element type
     * @return true for float32, float64, float16 and bfloat16
     */
    static boolean isFloat(DataType type) {
        return type == DataType.FLOAT32
                || type == DataType.FLOAT64
                || type == DataType.FLOAT16
                || type == DataType.BFLOAT16;
    }

    /**
     * Whether {@link #readLongs} converts this type.
     *
     * @param type an element type
     * @return true for the signed and unsigned integers and booleans
     */
    static boolean isInteger(DataType type) {
        return switch (type) {
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, BOOLEAN -> true;
            default -> false;
        };
    }

    /**
     * Reads floating-point elements, converted to float32 (float64 rounds to nearest; float16 and
     * bfloat16 convert exactly).
     *
     * @param ch the file
     * @param file the file's path, for messages
     * @param position where the first element starts
     * @param count the number of elements
     * @param type a type for which {@link #isFloat} holds
     * @param what the tensor's name, for messages
     * @return the values
     * @throws IOException when the file ends early or cannot be read
     */
    static float[] readFloats(
            FileChannel ch, Path file, long position, long count, DataType type, String what)
            throws IOException {
        float[] out = new float[checkedCount(count, file, what)];
        int size = type.getNumOfBytes();
        read(
                ch,
                file,
                position,
                count,
                size,
                what,
                (buf, at, n) -> {
                    for (int i = 0; i < n; i++) {
                        out[at + i] =
                                switch (type) {
                                    case FLOAT32 -> buf.getFloat();
                                    case FLOAT64 -> (float) buf.getDouble();
                                    case FLOAT16 -> halfToFloat(buf.getShort());
                                    case BFLOAT16 -> Float.intBitsToFloat(buf.getShort() << 16);
                                    default ->
                                            throw new IllegalArgumentException(
                                                    what
                                                            + " holds "
                                                            + type
                                                            + ", not floating point");
                                };
                    }
                });
        return out;
    }

    /**
     * Reads integer or boolean elements, widened to long (unsigned 64-bit values above {@code
     * Long.MAX_VALUE} wrap to negative numbers).
     *
     * @param ch the file
     * @param file the file's path, for messages
     * @param position where the first element starts
     * @param count the number of elements
     * @param type a type for which {@link #isInteger} holds
     * @param what the tensor's name, for messages
     * @return the values
     * @throws IOException when the file ends early or cannot be read
     */
    static long[] readLongs(
            FileChannel ch, Path file, long position, long count, DataType type, String what)
            throws IOException {
        long[] out = new long[checkedCount(count, file, what)];
        read(
                ch,
                file,
                position,
                count,
                type.getNumOfBytes(),
                what,
                (buf, at, n) -> {
                    for (int i = 0; i < n; i++) {
                        out[at + i] =
                                switch (type) {
                                    case INT8 -> buf.get();
                                    case UINT8, BOOLEAN -> buf.get() & 0xFF;
                                    case INT16 -> buf.getShort();
                                    case UINT16 -> buf.getShort() & 0xFFFF;
                                    case INT32 -> buf.getInt();
                                    case UINT32 -> buf.getInt() & 0xFFFFFFFFL;
                                    case INT64, UINT64 -> buf.getLong();
                                    default ->
                                            throw new IllegalArgumentException(
                                                    what + " holds " + type + ", not integers");
                                };
                    }
                });
        return out;
    }

    /**
     * IEEE 754 half precision to single precision, exactly (Java 17 has no {@code
     * Float.float16ToFloat}).
     *
     * @param half the 16 bits
     * @return the value
     */
    static float halfToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) { // infinity or NaN, payload kept
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) { // zero or subnormal: mantissa * 2^-24, exact in float
            float v = mantissa * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        // Rebias the exponent from 15 to 127.
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static int checkedCount(long count, Path file, String what) throws IOException {
        if (count < 0 || count > MAX_ELEMENTS) {
            throw new IOException(
                    file + ": " + what + " has " + count + " elements, more than sanet can hold");
        }
        return (int) count;
    }

    /** Decodes {@code n} elements from the buffer into the result, starting at index {@code at}. */
    @FunctionalInterface
    private interface Sink {
        void take(ByteBuffer buffer, int at, int n);
    }

    private static void read(
            FileChannel ch, Path file, long position, long count, int size, String what, Sink sink)
            throws IOException {
        int perChunk = CHUNK / size;
        ByteBuffer buf =
                ByteBuffer.allocate((int) Math.min(count, perChunk) * size)
                        .order(ByteOrder.LITTLE_ENDIAN);
        long done = 0;
        while (done < count) {
            int n = (int) Math.min(count - done, perChunk);
            buf.clear().limit(n * size);
            long at = position + done * size;
            while (buf.hasRemaining()) {
                int r = ch.read(buf, at + buf.position());
                if (r < 0) {
                    throw new EOFException(
                            file
                                    + ": ends at byte "
                                    + (at + buf.position())
                                    + " inside the data of "
                                    + what);
                }
            }
            buf.flip();
            sink.take(buf, (int) done, n);
            done += n;
        }
    }
}
