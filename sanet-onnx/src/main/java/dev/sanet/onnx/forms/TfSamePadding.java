package dev.sanet.onnx.forms;

import ai.djl.nn.convolutional.Convolution;
import dev.sanet.core.nn.BatchNorm2d;
import org.jspecify.annotations.Nullable;

/**
 * TensorFlow's "same" padding of a strided convolution (EfficientNet's TF convention, sanet-core's
 * {@code SamePadding}) in ONNX. An axis of size {@code in} gets {@code total = max((ceil(in / s) -
 * 1) s + (k - 1) d + 1 - in, 0)} zeros, {@code total / 2} before and the rest after, so the padding
 * depends on the input size and is asymmetric when {@code total} is odd. ONNX's {@code
 * auto_pad=SAME_UPPER} says the same, but the ONNX specification keeps {@code auto_pad} for legacy
 * uses only, so the padding is written out: on a fixed input size as the convolution's own
 * (asymmetric) {@code pads}; on a symbolic one as a {@code Pad} whose pads are computed from the
 * input's {@code Shape} with integer arithmetic, the convolution then unpadded.
 */
final class TfSamePadding {

    private TfSamePadding() {}

    /**
     * Writes a convolution (batch norm folded in) on a TF-"same"-padded input.
     *
     * @param e the emission
     * @param conv the convolution, built without padding
     * @param bn the batch norm after it, or null
     * @param name the convolution's local name
     * @param input the tensor it reads
     * @param size the input's fixed {@code [height, width]}, or null when symbolic
     * @return the convolution's output
     */
    static String conv(
            Emission e,
            Convolution conv,
            @Nullable BatchNorm2d bn,
            String name,
            String input,
            long @Nullable [] size) {
        long[] k = conv.getKernelShape().getShape();
        long[] s = conv.getStride().getShape();
        long[] d = conv.getDilation().getShape();
        if (size != null) {
            long[] h = of(size[0], k[0], s[0], d[0]);
            long[] w = of(size[1], k[1], s[1], d[1]);
            return e.conv(conv, bn, name, input, new long[] {h[0], w[0], h[1], w[1]});
        }
        String padded = pad(e, input, k, s, d, name);
        return e.conv(conv, bn, name, padded, new long[] {0, 0, 0, 0});
    }

    /**
     * The padding of one axis, as sanet-core computes it.
     *
     * @return {@code [before, after]}
     */
    static long[] of(long in, long kernel, long stride, long dilation) {
        long out = (in + stride - 1) / stride;
        long total = Math.max((out - 1) * stride + (kernel - 1) * dilation + 1 - in, 0);
        return new long[] {total / 2, total - total / 2};
    }

    /**
     * {@code Pad} with pads {@code [0, 0, top, left, 0, 0, bottom, right]} computed per axis from
     * the input's height and width: {@code total = max(ceil(in / s) s + ((k - 1) d + 1 - s) - in,
     * 0)}, the ceiling as {@code (in + s - 1) / s} (integer division, exact for positive sizes).
     */
    private static String pad(Emission e, String input, long[] k, long[] s, long[] d, String name) {
        var g = e.graph();
        String hw = e.spatialSize(input);
        String p = e.hint(name + ".same");
        String stride = g.int64s(s[0], s[1]);
        String out =
                g.op(
                        "Div",
                        p + ".out",
                        g.op("Add", p + ".up", hw, g.int64s(s[0] - 1, s[1] - 1)),
                        stride);
        String span =
                g.op(
                        "Add",
                        p + ".span",
                        g.op("Mul", p + ".covered", out, stride),
                        g.int64s((k[0] - 1) * d[0] + 1 - s[0], (k[1] - 1) * d[1] + 1 - s[1]));
        String total =
                g.op("Max", p + ".total", g.op("Sub", p + ".excess", span, hw), g.int64s(0, 0));
        String before = g.op("Div", p + ".before", total, g.int64s(2, 2));
        String after = g.op("Sub", p + ".after", total, before);
        String zeros = g.int64s(0, 0);
        String pads =
                g.node("Concat", p + ".pads", zeros, before, zeros, after)
                        .attr("axis", 0L)
                        .output();
        return g.op("Pad", p, input, pads);
    }
}
