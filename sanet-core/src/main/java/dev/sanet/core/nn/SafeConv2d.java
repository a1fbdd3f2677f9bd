package dev.sanet.core.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.jspecify.annotations.Nullable;

/**
 * DJL's {@link Conv2d} (same parameters, same file format) with a workaround for a silent gradient
 * bug of the PyTorch engine's native library on CPU.
 *
 * <p>The bug, measured with {@code pytorch-native-cpu} 2.7.1 (DJL 0.36.0) on AVX2 and AVX-512
 * processors: the gradient with respect to the input of a convolution whose kernel is larger than
 * 1x1 and which has fewer than 16 output channels is wrong (for example, as if one kernel tap were
 * zero), sometimes NaN, and changes with the thread count; the forward pass and the weight gradient
 * are right. Capping oneDNN at AVX ({@code ONEDNN_MAX_CPU_ISA=AVX}) makes it right, so it lies in
 * oneDNN's AVX2/AVX-512 backward-data kernels for narrow outputs. MXNet computes it correctly.
 *
 * <p>The workaround: on PyTorch, in training mode, such a convolution runs with its weight padded
 * with zero filters to {@value #MIN_FILTERS} outputs per group, and the extra outputs are dropped;
 * the results and gradients are those of the original convolution. Networks of the paper's widths
 * never meet the case (their narrowest such convolution has 32 outputs); narrow test networks do.
 */
public final class SafeConv2d extends Conv2d {

    /** The narrowest output that the PyTorch engine's backward pass computes correctly. */
    static final int MIN_FILTERS = 16;

    /** The bias of a folded batch norm when the convolution has none of its own. */
    private @Nullable NDArray foldedBias;

    SafeConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    /**
     * Folds the following batch norm into this convolution for inference: {@code w' = w s} (per
     * output channel), bias {@code b' = b s + t}, with {@code s = gamma / sqrt(var + eps)} and
     * {@code t = beta - mean s}; then disables the batch norm. The block is then for inference only
     * (a training pass or saving its parameters throws).
     *
     * @param bn the batch norm that reads this convolution's output
     * @throws IllegalStateException if either is not initialised or already folded
     */
    public void foldIn(BatchNorm2d bn) {
        if (foldedBias != null || bn.isFolded()) {
            throw new IllegalStateException("the batch norm is folded already");
        }
        NDArray[] st = bn.scaleAndShift();
        NDArray scale = st[0];
        NDArray shift = st[1];
        NDArray w = weight.getArray();
        w.muli(scale.reshape(new Shape(filters).addAll(new Shape(1, 1, 1))));
        if (includeBias) {
            bias.getArray().muli(scale).addi(shift);
            shift.close();
            folded = true;
        } else {
            foldedBias = shift;
        }
        scale.close();
        bn.markFolded();
    }

    /**
     * Whether a batch norm was folded into this convolution.
     *
     * @return true after {@link #foldIn}
     */
    public boolean hasFoldedBatchNorm() {
        return foldedBias != null || (includeBias && folded);
    }

    private boolean folded;

    @Override
    public void saveParameters(java.io.DataOutputStream os) throws java.io.IOException {
        if (hasFoldedBatchNorm()) {
            throw new IllegalStateException(
                    "a batch norm was folded into this convolution: save the model before folding");
        }
        super.saveParameters(os);
    }

    /**
     * A 2-D convolution with "same" padding for its dilation ({@code dilation * (k - 1) / 2}).
     *
     * @param filters output channels
     * @param kernel square kernel size
     * @param stride stride
     * @param dilation dilation
     * @param groups groups
     * @param bias whether it has a bias (convolutions followed by batch norm have none)
     * @return the block
     */
    public static SafeConv2d of(
            int filters, int kernel, int stride, int dilation, int groups, boolean bias) {
        int pad = dilation * (kernel - 1) / 2;
        return new SafeConv2d(
                Conv2d.builder()
                        .setFilters(filters)
                        .setKernelShape(new Shape(kernel, kernel))
                        .optStride(new Shape(stride, stride))
                        .optPadding(new Shape(pad, pad))
                        .optDilation(new Shape(dilation, dilation))
                        .optGroups(groups)
                        .optBias(bias));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps,
            NDList inputs,
            boolean training,
            @Nullable PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (foldedBias != null) {
            if (training) {
                throw new IllegalStateException(
                        "this convolution has a batch norm folded in: it is for inference only");
            }
            NDArray w = ps.getValue(weight, x.getDevice(), false);
            NDArray b = foldedBias.toDevice(x.getDevice(), false);
            return Conv2d.conv2d(x, w, b, stride, padding, dilation, groups);
        }
        int perGroup = filters / groups;
        boolean narrow = perGroup < MIN_FILTERS && kernelShape.size() > 1;
        if (!training || !narrow || !"PyTorch".equals(x.getManager().getEngine().getEngineName())) {
            return super.forwardInternal(ps, inputs, training, params);
        }
        Device device = x.getDevice();
        NDArray w = ps.getValue(weight, device, training);
        NDArray b = includeBias ? ps.getValue(bias, device, training) : null;
        int extra = MIN_FILTERS - perGroup;
        // Pad every group's filters, so that the group boundaries stay where they were.
        Shape ws = w.getShape();
        NDArray wg = w.reshape(new Shape(groups, perGroup).addAll(ws.slice(1)));
        NDArray zeros = x.getManager().zeros(new Shape(groups, extra).addAll(ws.slice(1)));
        NDArray wide =
                NDArrays.concat(new NDList(wg, zeros), 1)
                        .reshape(new Shape((long) groups * MIN_FILTERS).addAll(ws.slice(1)));
        NDArray wideBias = null;
        if (b != null) {
            NDArray bz = x.getManager().zeros(new Shape(groups, extra));
            wideBias =
                    NDArrays.concat(new NDList(b.reshape(groups, perGroup), bz), 1)
                            .reshape(groups * MIN_FILTERS);
        }
        NDArray y =
                Conv2d.conv2d(x, wide, wideBias, stride, padding, dilation, groups)
                        .singletonOrThrow();
        Shape ys = y.getShape();
        NDArray kept =
                y.reshape(ys.get(0), groups, MIN_FILTERS, ys.get(2), ys.get(3))
                        .get(":, :, 0:" + perGroup)
                        .reshape(ys.get(0), filters, ys.get(2), ys.get(3));
        return new NDList(kept);
    }
}
