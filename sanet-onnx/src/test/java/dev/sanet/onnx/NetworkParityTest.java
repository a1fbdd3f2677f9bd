package dev.sanet.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import dev.sanet.core.Backbone;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANet;
import dev.sanet.core.nn.Pooling;
import dev.sanet.core.nn.Stem;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole networks (SANet-ResNet18 and -ResNet50 at width 8, all four SA heads) give the same class
 * scores on ONNX Runtime as on MXNet and on PyTorch, within 1e-4 of the largest score, at an odd
 * and an even input size, for the mask and the sum prediction.
 */
class NetworkParityTest {

    private static final double TOLERANCE = 1e-4;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> s = Stream.builder();
        for (String engine : new String[] {"MXNet", "PyTorch"}) {
            for (Backbone b : new Backbone[] {Backbone.RESNET18, Backbone.RESNET50}) {
                s.add(Arguments.of(engine, b, new Shape(1, 3, 65, 47), Prediction.MASK));
                s.add(Arguments.of(engine, b, new Shape(2, 3, 96, 80), Prediction.SUM));
            }
        }
        return s.build();
    }

    /**
     * The other backbone variants through a whole network on MXNet: output stride 16, the 7x7 stem
     * with average-pool shortcuts, 3x3 SA kernels with max pooling, two heads.
     */
    @Test
    void aVariantNetworkGivesTheSameScores() throws Exception {
        SANet def =
                SANet.builder()
                        .numClasses(4)
                        .width(8)
                        .heads(2)
                        .backbone(Backbone.RESNET18)
                        .stem(Stem.STANDARD)
                        .avgDown(true)
                        .outputStride(16)
                        .headKernel(3)
                        .pooling(Pooling.MAX)
                        .dropout(0)
                        .build();
        Parity.Result r =
                Parity.compare("MXNet", def::newBlock, new Shape(1, 3, 71, 53), Prediction.SUM, 5);
        System.out.printf(
                "parity network r18 OS16 7x7 avg-down 3x3 max MXNet (1, 3, 71, 53) sum max|diff|"
                        + " %.3g relative %.3g%n",
                r.maxAbsDiff(), r.relative());
        assertTrue(r.relative() <= TOLERANCE, r.toString());
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("cases")
    void theGraphGivesTheNetworksScores(String engine, Backbone backbone, Shape input, Prediction p)
            throws Exception {
        SANet def =
                SANet.builder()
                        .numClasses(5)
                        .width(8)
                        .heads(4)
                        .backbone(backbone)
                        .dropout(0)
                        .build();
        Parity.Result r = Parity.compare(engine, def::newBlock, input, p, 31);
        System.out.printf(
                "parity network %s %-8s %s %-4s max|diff| %.3g max|score| %.3g relative %.3g%n",
                backbone.cliName(),
                engine,
                input,
                p.name().toLowerCase(java.util.Locale.ROOT),
                r.maxAbsDiff(),
                r.maxAbs(),
                r.relative());
        assertTrue(r.relative() <= TOLERANCE, r.toString());
    }
}
