package dev.sanet.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.sanet.core.Backbone;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANet;
import dev.sanet.core.Variant;
import dev.sanet.core.nn.BasicBlock;
import dev.sanet.core.nn.BottleneckBlock;
import dev.sanet.core.nn.DenseHead;
import dev.sanet.core.nn.Pooling;
import dev.sanet.core.nn.ResNetV1s;
import dev.sanet.core.nn.SqueezeAttention;
import dev.sanet.core.nn.SqueezeExcitation;
import dev.sanet.core.nn.Stem;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each block type's ONNX form computes what the DJL block computes in inference on MXNet, within
 * 1e-5, on random weights and random batch-norm statistics (so that folding mistakes show), at odd
 * sizes (ceil-mode pooling with partial windows, a side shorter than the SA pool ratio, resizes
 * between odd sizes).
 */
class BlockParityTest {

    private static final double TOLERANCE = 1e-5;

    static Stream<Arguments> blocks() {
        SANet.Builder fcn = SANet.builder().numClasses(3).width(8).dropout(0);
        return Stream.of(
                of("stem 7x7 (standard)", () -> backbone(Stem.STANDARD, false), 1, 3, 37, 29),
                of("stem deep32", () -> backbone(Stem.DEEP_32, false), 1, 3, 37, 29),
                of("stem deep64, avg-down", () -> backbone(Stem.DEEP_64, true), 1, 3, 37, 29),
                of("basic block", () -> new BasicBlock(8, 8, 1, 1), 2, 8, 9, 11),
                of("basic block stride 2", () -> new BasicBlock(8, 16, 2, 1), 2, 8, 9, 11),
                of("basic block dilation 2", () -> new BasicBlock(8, 8, 1, 2), 1, 8, 13, 10),
                of("basic block avg-down", () -> new BasicBlock(8, 16, 2, 1, true), 1, 8, 9, 11),
                of("bottleneck", () -> new BottleneckBlock(32, 8, 1, 1), 2, 32, 9, 11),
                of("bottleneck stride 2", () -> new BottleneckBlock(16, 8, 2, 1), 1, 16, 9, 11),
                of("bottleneck dilation 4", () -> new BottleneckBlock(16, 8, 1, 4), 1, 16, 15, 12),
                of(
                        "bottleneck avg-down",
                        () -> new BottleneckBlock(16, 8, 2, 2, true),
                        1,
                        16,
                        9,
                        11),
                of("SA avg 1x1", () -> sa(1, Pooling.AVG, 8), 2, 16, 19, 13),
                of("SA max 3x3", () -> sa(3, Pooling.MAX, 8), 1, 16, 19, 13),
                of("SA avg, side < ratio", () -> sa(1, Pooling.AVG, 8), 1, 16, 6, 11),
                of("SA max ratio 3", () -> sa(3, Pooling.MAX, 3), 1, 16, 10, 7),
                of("dense head", () -> new DenseHead(32, 3, 0.1), 2, 32, 7, 9),
                of("SE", () -> new SqueezeExcitation(16, 4), 2, 16, 5, 7),
                of(
                        "FCN r18",
                        () ->
                                fcn.backbone(Backbone.RESNET18)
                                        .variant(Variant.FCN)
                                        .build()
                                        .newBlock(),
                        1,
                        3,
                        33,
                        27),
                of(
                        "FCN-SE r18",
                        () ->
                                fcn.backbone(Backbone.RESNET18)
                                        .variant(Variant.FCN_SE)
                                        .build()
                                        .newBlock(),
                        1,
                        3,
                        33,
                        27));
    }

    private static Arguments of(String name, Supplier<Block> block, long... shape) {
        return Arguments.of(name, block, new Shape(shape));
    }

    private static Block backbone(Stem stem, boolean avgDown) {
        return ResNetV1s.builder()
                .blocks(false, 1, 1, 1, 1)
                .stem(stem)
                .avgDown(avgDown)
                .width(8)
                .outputStride(8)
                .build();
    }

    private static Block sa(int kernel, Pooling pooling, int ratio) {
        return SqueezeAttention.builder()
                .inChannels(16)
                .outChannels(3)
                .kernel(kernel)
                .pooling(pooling)
                .poolRatio(ratio)
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void theGraphComputesTheBlocksForward(String name, Supplier<Block> block, Shape input)
            throws Exception {
        Parity.Result r = Parity.compare("MXNet", block, input, Prediction.DENSE, 21);
        System.out.printf(
                "parity block %-26s MXNet max|diff| %.3g (max|y| %.3g)%n",
                name, r.maxAbsDiff(), r.maxAbs());
        assertTrue(r.maxAbsDiff() <= TOLERANCE, name + ": " + r);
    }
}
