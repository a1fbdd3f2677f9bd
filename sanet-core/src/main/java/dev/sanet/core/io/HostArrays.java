package dev.sanet.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Engine arrays made from Java arrays through a direct buffer that stays reachable until the engine
 * has its copy.
 *
 * <p>Why this exists: DJL 0.36's {@code NDManager.create(float[])} and {@code NDArray.set(float[])}
 * copy the values into a temporary direct buffer and hand its address to the engine. On MXNet
 * ({@code MXNDArraySyncCopyFromCPU}) the copy first waits until the engine has finished every
 * queued operation on the target, and the temporary buffer is unreachable from Java during that
 * wait: a garbage collection there frees it, and the engine then copies whatever has taken its
 * place. Under collector pressure this gave losses of 1e22 to 1e25 in the mask and categorical
 * terms of the demo's training on MXNet (docs/training.md, "The same answer on every machine");
 * with the interpolation matrices and batch-norm statistics made here, the same stressed runs
 * repeated a normal run to the last bit. On PyTorch the buffer becomes the tensor's memory, and DJL
 * keeps it with the tensor.
 *
 * <p>Every array made from Java data in sanet goes through these methods.
 */
public final class HostArrays {
    private HostArrays() {}

    /**
     * A float32 array holding {@code values}.
     *
     * @param manager the manager the array is attached to
     * @param values the values in row-major order
     * @param shape the shape; its size must be {@code values.length}
     * @return the array
     * @throws IllegalArgumentException when the shape's size is not {@code values.length}
     */
    public static NDArray floats(NDManager manager, float[] values, Shape shape) {
        ByteBuffer b = buffer(values.length, Float.BYTES, shape);
        b.asFloatBuffer().put(values);
        return create(manager, b, shape, DataType.FLOAT32);
    }

    /**
     * A float32 vector holding {@code values}.
     *
     * @param manager the manager the array is attached to
     * @param values the values
     * @return the array, shape {@code (values.length)}
     */
    public static NDArray floats(NDManager manager, float[] values) {
        return floats(manager, values, new Shape(values.length));
    }

    /**
     * An int32 array holding {@code values}.
     *
     * @param manager the manager the array is attached to
     * @param values the values in row-major order
     * @param shape the shape; its size must be {@code values.length}
     * @return the array
     * @throws IllegalArgumentException when the shape's size is not {@code values.length}
     */
    public static NDArray ints(NDManager manager, int[] values, Shape shape) {
        ByteBuffer b = buffer(values.length, Integer.BYTES, shape);
        b.asIntBuffer().put(values);
        return create(manager, b, shape, DataType.INT32);
    }

    /**
     * An int64 vector holding {@code values}.
     *
     * @param manager the manager the array is attached to
     * @param values the values
     * @return the array, shape {@code (values.length)}
     */
    public static NDArray longs(NDManager manager, long[] values) {
        Shape shape = new Shape(values.length);
        ByteBuffer b = buffer(values.length, Long.BYTES, shape);
        b.asLongBuffer().put(values);
        return create(manager, b, shape, DataType.INT64);
    }

    /**
     * Overwrites a float32 array's values in place, outside autograd.
     *
     * @param target the array
     * @param values the new values in row-major order, as many as the array has
     * @throws IllegalArgumentException when the sizes differ
     */
    public static void set(NDArray target, float[] values) {
        ByteBuffer b = buffer(values.length, Float.BYTES, target.getShape());
        b.asFloatBuffer().put(values);
        try {
            target.set(b);
        } finally {
            Reference.reachabilityFence(b);
        }
    }

    private static ByteBuffer buffer(int count, int bytes, Shape shape) {
        if (shape.size() != count) {
            throw new IllegalArgumentException(
                    "shape " + shape + " holds " + shape.size() + " values, got " + count);
        }
        return ByteBuffer.allocateDirect(count * bytes).order(ByteOrder.nativeOrder());
    }

    private static NDArray create(NDManager manager, ByteBuffer b, Shape shape, DataType type) {
        try {
            return manager.create(b, shape, type);
        } finally {
            // The engine has its copy (MXNet) or keeps the buffer (PyTorch) once create returns.
            Reference.reachabilityFence(b);
        }
    }
}
