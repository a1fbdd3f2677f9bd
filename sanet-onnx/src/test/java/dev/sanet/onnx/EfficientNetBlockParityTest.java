package dev.sanet.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.sanet.core.Prediction;
import dev.sanet.core.nn.EfficientNet;
import dev.sanet.core.nn.EfficientNetConvention;
import dev.sanet.core.nn.MBConvBlock;
import dev.sanet.core.nn.MBConvConfig;
import dev.sanet.core.nn.MBConvSqueeze;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The EfficientNet block types' ONNX forms compute what the DJL blocks compute in inference on
 * MXNet, within 1e-5, on random weights and random batch-norm statistics: MBConv with and without
 * expansion, residual (with a stochastic-depth rate, the identity in inference), strided, dilated,
 * grouped (depthwise) convolutions, TensorFlow's "same" padding on odd, even and mixed sizes (its
 * pads computed from the input's shape, the graph's size being symbolic), the squeeze gate, and the
 * whole backbone from the stem to the four taps in both paddings.
 */
class EfficientNetBlockParityTest {

    private static final double TOLERANCE = 1e-5;

    static Stream<Arguments> blocks() {
        return Stream.of(
                of(
                        "MBConv no expansion, residual",
                        mb(16, 16, 1, 3, 1, 1, 0.2, false),
                        2,
                        16,
                        9,
                        11),
                of("MBConv no expansion, 16->8", mb(16, 8, 1, 3, 1, 1, 0, false), 1, 16, 9, 11),
                of("MBConv x6 k5, 8->12", mb(8, 12, 6, 5, 1, 1, 0, false), 1, 8, 9, 11),
                of("MBConv x6 residual", mb(8, 8, 6, 3, 1, 1, 0.3, false), 2, 8, 9, 11),
                of("MBConv x6 stride 2", mb(8, 16, 6, 3, 2, 1, 0, false), 1, 8, 9, 11),
                of("MBConv x6 k5 dilation 2", mb(8, 8, 6, 5, 1, 2, 0.1, false), 1, 8, 13, 10),
                of("MBConv x4 k3 dilation 4", mb(8, 8, 4, 3, 1, 4, 0, false), 1, 8, 15, 12),
                of("TF same k3 s2 odd 9x11", mb(8, 16, 6, 3, 2, 1, 0, true), 1, 8, 9, 11),
                of("TF same k3 s2 even 10x12", mb(8, 16, 6, 3, 2, 1, 0, true), 1, 8, 10, 12),
                of("TF same k5 s2 odd 13x9", mb(8, 16, 6, 5, 2, 1, 0, true), 2, 8, 13, 9),
                of("TF same k5 s2 even 12x8", mb(8, 16, 6, 5, 2, 1, 0, true), 1, 8, 12, 8),
                of("TF same k5 s2 mixed 11x14", mb(8, 16, 6, 5, 2, 1, 0, true), 1, 8, 11, 14),
                of("TF same k3 s2 dilation 2 even", mb(8, 8, 6, 3, 2, 2, 0, true), 1, 8, 10, 7),
                of("TF same k3 s1 (symmetric)", mb(8, 8, 6, 3, 1, 1, 0, true), 1, 8, 9, 10),
                of("MBConv squeeze gate", () -> new MBConvSqueeze(16, 4), 2, 16, 5, 7),
                of(
                        "B0 torchvision OS8 odd",
                        b0(EfficientNetConvention.TORCHVISION, 8),
                        1,
                        3,
                        37,
                        29),
                of("B0 TF OS8 odd", b0(EfficientNetConvention.TF, 8), 1, 3, 37, 29),
                of("B0 TF OS16 even", b0(EfficientNetConvention.TF, 16), 1, 3, 36, 28),
                of("B0 timm OS32 odd", b0(EfficientNetConvention.TIMM, 32), 1, 3, 33, 35));
    }

    private static Supplier<Block> mb(
            int in,
            int out,
            int expansion,
            int k,
            int stride,
            int dilation,
            double drop,
            boolean same) {
        MBConvConfig c = new MBConvConfig(in, out, expansion, k, stride, dilation, drop);
        return () -> new MBConvBlock(c, 1e-3f, same);
    }

    private static Supplier<Block> b0(EfficientNetConvention convention, int outputStride) {
        return () ->
                EfficientNet.builder().convention(convention).outputStride(outputStride).build();
    }

    private static Arguments of(String name, Supplier<Block> block, long... shape) {
        return Arguments.of(name, block, new Shape(shape));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void theGraphComputesTheBlocksForward(String name, Supplier<Block> block, Shape input)
            throws Exception {
        Parity.Result r = Parity.compare("MXNet", block, input, Prediction.DENSE, 23);
        System.out.printf(
                "parity block %-32s MXNet max|diff| %.3g (max|y| %.3g)%n",
                name, r.maxAbsDiff(), r.maxAbs());
        assertTrue(r.maxAbsDiff() <= TOLERANCE, name + ": " + r);
    }
}
