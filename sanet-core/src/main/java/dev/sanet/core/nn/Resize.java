package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.PairList;
import dev.sanet.core.io.HostArrays;

/**
 * Bilinear resizing of NCHW feature maps with aligned corners, as in PyTorch-Encoding's {@code
 * up_kwargs} that SANet follows: corner pixels map onto corner pixels, so output index {@code i}
 * samples input position {@code i * (in - 1) / (out - 1)} (a 2x2 map becomes rows {@code [0, 1/3,
 * 2/3, 1]} at 4x4); an output of size 1 samples index 0.
 *
 * <p>The same numbers on every engine (within float rounding, tested), forward and backward:
 *
 * <ul>
 *   <li>on MXNet, its differentiable {@code BilinearResize2D} operator, reached through {@code
 *       NDManager.invoke} (MXNet's fastest path);
 *   <li>on every other engine (PyTorch), the resize written as two small matrix products: per axis
 *       a fixed interpolation matrix (out x in, at most two non-zeros per row), {@code Y = R_h X
 *       R_w^T} over the last two axes. DJL's PyTorch {@code interpolation} ignores {@code
 *       alignCorners} and its {@code invoke} is unsupported, so this formulation is what makes the
 *       network engine-neutral; matrix products are differentiable everywhere and cost a few
 *       percent of the network's convolutions.
 * </ul>
 *
 * <p>While training ({@link #bilinear(NDArray, int, int, boolean)} with {@code training} true)
 * MXNet takes the matrix products too: the CPU backward pass of its {@code BilinearResize2D} is not
 * deterministic with more than one OpenMP thread (measured: two identical training runs with 2
 * threads differ by float rounding from their third step on; with the matrix products, or with one
 * thread, they repeat bit for bit). So a training run repeats exactly for the same seed, data and
 * thread count on either engine; inference keeps MXNet's operator.
 */
public final class Resize {
    private Resize() {}

    /**
     * Resizes a feature map bilinearly with aligned corners, outside training (on MXNet with its
     * own operator).
     *
     * @param x an (N, C, h, w) float array
     * @param height the output height, at least 1
     * @param width the output width, at least 1
     * @return an (N, C, height, width) array attached to {@code x}'s manager, or {@code x} itself
     *     when it already has that size
     * @throws IllegalArgumentException if {@code x} is not 4-D or a size is below 1
     */
    public static NDArray bilinear(NDArray x, int height, int width) {
        return bilinear(x, height, width, false);
    }

    /**
     * Resizes a feature map bilinearly with aligned corners, in a forward pass that may be
     * training: then on every engine through the matrix products, whose backward pass is
     * deterministic (see the class comment).
     *
     * @param x an (N, C, h, w) float array
     * @param height the output height, at least 1
     * @param width the output width, at least 1
     * @param training whether the pass is a training pass (the block's {@code training} flag)
     * @return an (N, C, height, width) array attached to {@code x}'s manager, or {@code x} itself
     *     when it already has that size
     * @throws IllegalArgumentException if {@code x} is not 4-D or a size is below 1
     */
    public static NDArray bilinear(NDArray x, int height, int width, boolean training) {
        checkArguments(x, height, width);
        if (x.getShape().get(2) == height && x.getShape().get(3) == width) {
            return x;
        }
        if (!training && "MXNet".equals(x.getManager().getEngine().getEngineName())) {
            PairList<String, Object> params = new PairList<>();
            params.add("height", height);
            params.add("width", width);
            params.add("align_corners", "True");
            return x.getManager()
                    .invoke("BilinearResize2D", new NDList(x), params)
                    .singletonOrThrow();
        }
        return byMatrices(x, height, width);
    }

    /**
     * The matrix formulation of {@link #bilinear}, on any engine; exposed so that tests can pin the
     * two paths to each other.
     *
     * @param x an (N, C, h, w) float array
     * @param height the output height, at least 1
     * @param width the output width, at least 1
     * @return an (N, C, height, width) array attached to {@code x}'s manager, or {@code x} itself
     *     when it already has that size
     * @throws IllegalArgumentException if {@code x} is not 4-D or a size is below 1
     */
    public static NDArray byMatrices(NDArray x, int height, int width) {
        checkArguments(x, height, width);
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        if (h == height && w == width) {
            return x;
        }
        NDManager m = x.getManager();
        NDArray y = x;
        if (w != width) {
            // One GEMM over all rows: (N*C*h, w) x (w, W).
            NDArray rw = matrix(m, width, w, x.getDataType()).transpose();
            y = y.reshape(n * c * h, w).matMul(rw).reshape(n, c, h, width);
        }
        if (h != height) {
            // A batched product (H, h) x (N*C, h, W), the matrix broadcast over the batch.
            NDArray rh = matrix(m, height, h, x.getDataType());
            y = rh.matMul(y.reshape(n * c, h, width)).reshape(n, c, height, width);
        }
        return y;
    }

    /**
     * The align-corners interpolation matrix of one axis.
     *
     * @param manager where the matrix lives
     * @param out the output length
     * @param in the input length
     * @param type the data type of the matrix (the feature map's)
     * @return an (out, in) matrix whose rows hold the two interpolation weights
     */
    static NDArray matrix(NDManager manager, int out, int in, DataType type) {
        float[] weights = new float[out * in];
        for (int i = 0; i < out; i++) {
            double src = out == 1 ? 0 : (double) i * (in - 1) / (out - 1);
            int i0 = (int) Math.floor(src);
            if (i0 >= in - 1) {
                weights[i * in + in - 1] = 1;
                continue;
            }
            double frac = src - i0;
            weights[i * in + i0] = (float) (1 - frac);
            weights[i * in + i0 + 1] = (float) frac;
        }
        NDArray r = HostArrays.floats(manager, weights, new Shape(out, in));
        return type == DataType.FLOAT32 ? r : r.toType(type, false);
    }

    private static void checkArguments(NDArray x, int height, int width) {
        if (x.getShape().dimension() != 4) {
            throw new IllegalArgumentException(
                    "bilinear resize needs an (N, C, H, W) array, got shape " + x.getShape());
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "resize target must be at least 1x1, got " + height + "x" + width);
        }
    }
}
