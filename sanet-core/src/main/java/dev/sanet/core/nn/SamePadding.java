package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * TensorFlow's "same" padding for a strided convolution, which DJL's symmetric padding cannot
 * express: the total padding of an axis of size {@code in} is {@code max((ceil(in / s) - 1) s + (k
 * - 1) d + 1 - in, 0)}, half of it (rounded down) before and the rest after. The input gets the
 * zeros explicitly (a concatenation, the same on every engine) and the convolution has none.
 */
final class SamePadding {

    private SamePadding() {}

    /**
     * The padding of one axis.
     *
     * @param in the axis size
     * @param kernel the kernel size
     * @param stride the stride
     * @param dilation the dilation
     * @return {@code [before, after]}
     */
    static int[] of(long in, int kernel, int stride, int dilation) {
        long out = (in + stride - 1) / stride;
        int total = (int) Math.max((out - 1) * stride + (long) (kernel - 1) * dilation + 1 - in, 0);
        return new int[] {total / 2, total - total / 2};
    }

    /**
     * Pads the last two axes of an NCHW array with zeros.
     *
     * @param x the input
     * @param kernel the kernel size
     * @param stride the stride
     * @param dilation the dilation
     * @return the padded input ({@code x} itself when no padding is needed)
     */
    static NDArray pad(NDArray x, int kernel, int stride, int dilation) {
        Shape s = x.getShape();
        int[] h = of(s.get(2), kernel, stride, dilation);
        int[] w = of(s.get(3), kernel, stride, dilation);
        NDArray y = padAxis(x, 2, h[0], h[1]);
        return padAxis(y, 3, w[0], w[1]);
    }

    /**
     * The shape of an NCHW input after {@link #pad}.
     *
     * @param s the input shape
     * @param kernel the kernel size
     * @param stride the stride
     * @param dilation the dilation
     * @return the padded shape
     */
    static Shape padded(Shape s, int kernel, int stride, int dilation) {
        int[] h = of(s.get(2), kernel, stride, dilation);
        int[] w = of(s.get(3), kernel, stride, dilation);
        return new Shape(s.get(0), s.get(1), s.get(2) + h[0] + h[1], s.get(3) + w[0] + w[1]);
    }

    private static NDArray padAxis(NDArray x, int axis, int before, int after) {
        if (before == 0 && after == 0) {
            return x;
        }
        NDManager m = x.getManager();
        NDList parts = new NDList(3);
        if (before > 0) {
            parts.add(m.zeros(withAxis(x.getShape(), axis, before), x.getDataType()));
        }
        parts.add(x);
        if (after > 0) {
            parts.add(m.zeros(withAxis(x.getShape(), axis, after), x.getDataType()));
        }
        return NDArrays.concat(parts, axis);
    }

    private static Shape withAxis(Shape s, int axis, long size) {
        long[] d = s.getShape().clone(); // Shape hands out its own array
        d[axis] = size;
        return new Shape(d);
    }
}
