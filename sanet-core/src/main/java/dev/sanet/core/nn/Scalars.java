package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic between an array and a constant that stays correct under autograd on every engine.
 *
 * <p>Why this exists: DJL 0.36's PyTorch engine implements {@code NDArray.mul(Number)} (and {@code
 * div}, {@code pow}, ...) by wrapping the number in a 0-d tensor whose memory is a Java direct
 * buffer ({@code torch::from_blob}), running the tensor operator and closing the wrapper at once.
 * Inside a {@code GradientCollector}, libtorch's autograd keeps that 0-d tensor for the backward
 * pass of {@code mul} and {@code div}; the direct buffer under it is freed whenever the JVM's
 * garbage collector gets to it. A collection between the forward and the backward pass therefore
 * makes the backward pass read freed memory: the gradient of {@code x.mul(3f).mul(x)} came out as
 * 1070, 3.0 or 4e33 instead of 6 in 20 of 20 trials with a collection forced in between, and the
 * demo's training gave a different model in 4 of 25 runs (docs/training.md, "The same answer on
 * every machine"). The constant made here is a tensor the engine allocates itself ({@code
 * NDManager.full}), which autograd's reference keeps alive. Numerically nothing changes: it is the
 * same 0-d tensor of the same type, so the results are bit for bit those of the plain call. MXNet
 * passes the number to its operator as a parameter, so the plain call is kept there.
 *
 * <p>Use these in every forward computation that can run inside a gradient collector (losses, loss
 * weights, layers); outside autograd the plain {@code mul(Number)} is safe.
 */
public final class Scalars {
    private Scalars() {}

    /**
     * {@code x * value}, elementwise.
     *
     * @param x any array
     * @param value the constant
     * @return an array of {@code x}'s shape and type, attached to {@code x}'s manager
     */
    public static NDArray mul(NDArray x, float value) {
        if (!nativeTensorNeeded(x)) {
            return x.mul(value);
        }
        return x.mul(constant(x, value));
    }

    /**
     * {@code x / value}, elementwise.
     *
     * @param x any array
     * @param value the constant, not zero
     * @return an array of {@code x}'s shape and type, attached to {@code x}'s manager
     */
    public static NDArray div(NDArray x, float value) {
        if (!nativeTensorNeeded(x)) {
            return x.div(value);
        }
        return x.div(constant(x, value));
    }

    /**
     * A 0-d array holding {@code value}, of {@code like}'s type, allocated by the engine and
     * attached to {@code like}'s manager (it broadcasts against any shape).
     *
     * @param like the array whose manager and data type the constant takes
     * @param value the value
     * @return the constant, shape {@code ()}
     */
    public static NDArray constant(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType());
    }

    /** Whether the engine turns a number into a tensor over Java memory (DJL's PyTorch engine). */
    private static boolean nativeTensorNeeded(NDArray x) {
        return "PyTorch".equals(x.getManager().getEngine().getEngineName());
    }
}
