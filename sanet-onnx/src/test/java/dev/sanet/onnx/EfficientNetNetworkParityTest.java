package dev.sanet.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.sanet.core.Backbone;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.nn.EfficientNetConvention;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A whole SANet-EfficientNet-B0 (full width, four SA heads, random weights and batch-norm
 * statistics) gives the same class scores on ONNX Runtime as on MXNet and on PyTorch, within 1e-4
 * of the largest score, in torchvision's symmetric padding and TensorFlow's "same" padding, at an
 * odd input size; and with the size fixed at export, where the same padding becomes the
 * convolutions' own asymmetric pads instead of a {@code Pad} computed from the shape.
 */
class EfficientNetNetworkParityTest {

    private static final double TOLERANCE = 1e-4;
    private static final Shape ODD = new Shape(1, 3, 65, 47);

    private static SANet b0(EfficientNetConvention convention) {
        return SANet.builder()
                .numClasses(5)
                .heads(4)
                .backbone(Backbone.EFFICIENTNET_B0)
                .efficientNetConvention(convention)
                .dropout(0)
                .build();
    }

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> s = Stream.builder();
        for (String engine : new String[] {"MXNet", "PyTorch"}) {
            for (EfficientNetConvention c :
                    new EfficientNetConvention[] {
                        EfficientNetConvention.TORCHVISION, EfficientNetConvention.TF
                    }) {
                s.add(Arguments.of(engine, c, ODD, Prediction.MASK));
            }
        }
        s.add(
                Arguments.of(
                        "MXNet",
                        EfficientNetConvention.TF,
                        new Shape(2, 3, 64, 48),
                        Prediction.SUM));
        return s.build();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("cases")
    void theGraphGivesTheNetworksScores(
            String engine, EfficientNetConvention convention, Shape input, Prediction p)
            throws Exception {
        SANet def = b0(convention);
        Parity.Result r = Parity.compare(engine, def::newBlock, input, p, 37);
        System.out.printf(
                "parity network efficientnet-b0 %-11s %-8s %s %-4s max|diff| %.3g max|score| %.3g"
                        + " relative %.3g%n",
                convention.name().toLowerCase(Locale.ROOT),
                engine,
                input,
                p.name().toLowerCase(Locale.ROOT),
                r.maxAbsDiff(),
                r.maxAbs(),
                r.relative());
        assertTrue(r.relative() <= TOLERANCE, r.toString());
    }

    @Test
    void aFixedSizeWritesTheSamePaddingAsConvolutionPads() throws Exception {
        try (SANetModel model = TestModels.model(b0(EfficientNetConvention.TF), "MXNet", 41)) {
            ModelProto symbolic = OnnxExport.builder().build().toProto(model);
            ModelProto fixed = OnnxExport.builder().size(65, 47).build().toProto(model);
            // The stem and the two strided blocks before output stride 8.
            assertEquals(3, count(symbolic, "Pad"));
            assertEquals(0, count(fixed, "Pad"));
            // 65x47: the stem's k3 pads (1, 1) on both odd sides, symmetric; its 33x24 output
            // gives stage 2's k3 (1, 1) in height and (0, 1) in width (even), the 17x12 map
            // stage 3's k5 (2, 2) and (1, 2). As [top, left, bottom, right]:
            List<List<Long>> asymmetric =
                    fixed.getGraph().getNodeList().stream()
                            .filter(n -> n.getOpType().equals("Conv"))
                            .map(EfficientNetNetworkParityTest::pads)
                            .filter(q -> !q.get(0).equals(q.get(2)) || !q.get(1).equals(q.get(3)))
                            .toList();
            assertEquals(List.of(List.of(1L, 0L, 1L, 1L), List.of(2L, 1L, 2L, 2L)), asymmetric);

            float[] x = TestModels.input(ODD, 43);
            float[] want = TestModels.logits(model, x, ODD);
            double diff = 0;
            double max = 0;
            for (ModelProto proto : List.of(fixed, symbolic)) {
                OrtRun.Output got = OrtRun.run(proto, x, ODD.getShape()).get(0);
                assertEquals(want.length, got.values().length);
                for (int i = 0; i < want.length; i++) {
                    diff = Math.max(diff, Math.abs(want[i] - got.values()[i]));
                    max = Math.max(max, Math.abs(want[i]));
                }
            }
            System.out.printf(
                    "parity network efficientnet-b0 tf MXNet fixed 65x47 and symbolic, mask:"
                            + " max|diff| %.3g relative %.3g%n",
                    diff, diff / max);
            assertTrue(diff / max <= TOLERANCE, diff + " of " + max);
        }
    }

    private static long count(ModelProto m, String op) {
        return m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(op)).count();
    }

    private static List<Long> pads(NodeProto conv) {
        return conv.getAttributeList().stream()
                .filter(a -> a.getName().equals("pads"))
                .map(AttributeProto::getIntsList)
                .findFirst()
                .orElseThrow();
    }
}
