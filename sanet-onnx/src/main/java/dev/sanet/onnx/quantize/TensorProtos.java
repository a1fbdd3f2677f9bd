package dev.sanet.onnx.quantize;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Reads float initializers and makes the int8, int32 and float initializers of a QDQ graph, through
 * the protobuf classes' own fields (raw data is little-endian, as onnx.proto specifies).
 */
final class TensorProtos {
    private TensorProtos() {}

    /**
     * The values of a float32 initializer, from {@code raw_data} or {@code float_data}.
     *
     * @param tensor the initializer
     * @return its values in row-major order
     * @throws IllegalArgumentException when it is not float32 or its data is stored outside the
     *     file
     */
    static float[] floats(TensorProto tensor) {
        if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException(
                    "initializer " + tensor.getName() + " is not float32");
        }
        if (tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new IllegalArgumentException(
                    "initializer "
                            + tensor.getName()
                            + " keeps its data in an external file; load the model with its data"
                            + " inlined");
        }
        if (!tensor.getRawData().isEmpty()) {
            ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer();
            float[] out = new float[raw.remaining() / Float.BYTES];
            raw.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }
        float[] out = new float[tensor.getFloatDataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = tensor.getFloatData(i);
        }
        return out;
    }

    /**
     * A float32 initializer.
     *
     * @param name its name
     * @param dims its shape ({@code []} for a scalar)
     * @param values row-major values
     * @return the tensor
     */
    static TensorProto floatTensor(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES);
        raw.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
        return tensor(name, TensorProto.DataType.FLOAT_VALUE, dims, raw);
    }

    /**
     * An int8 initializer.
     *
     * @param name its name
     * @param dims its shape
     * @param values row-major values
     * @return the tensor
     */
    static TensorProto int8Tensor(String name, long[] dims, byte[] values) {
        return tensor(name, TensorProto.DataType.INT8_VALUE, dims, ByteBuffer.wrap(values));
    }

    /**
     * A uint8 initializer.
     *
     * @param name its name
     * @param dims its shape
     * @param values row-major values, each the unsigned value's low byte
     * @return the tensor
     */
    static TensorProto uint8Tensor(String name, long[] dims, byte[] values) {
        return tensor(name, TensorProto.DataType.UINT8_VALUE, dims, ByteBuffer.wrap(values));
    }

    /**
     * An int32 initializer.
     *
     * @param name its name
     * @param dims its shape
     * @param values row-major values
     * @return the tensor
     */
    static TensorProto int32Tensor(String name, long[] dims, int[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Integer.BYTES);
        raw.order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(values);
        return tensor(name, TensorProto.DataType.INT32_VALUE, dims, raw);
    }

    /**
     * The shape of a tensor as an array.
     *
     * @param tensor the tensor
     * @return its dims
     */
    static long[] dims(TensorProto tensor) {
        List<Long> dims = tensor.getDimsList();
        long[] out = new long[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dims.get(i);
        }
        return out;
    }

    private static TensorProto tensor(String name, int type, long[] dims, ByteBuffer raw) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(type);
        for (long d : dims) {
            b.addDims(d);
        }
        raw.rewind();
        return b.setRawData(ByteString.copyFrom(raw)).build();
    }
}
