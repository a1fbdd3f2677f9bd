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
import dev.sanet.onnx.quantize.CalibrationInput;
import dev.sanet.onnx.quantize.Int8Quantizer;
import dev.sanet.onnx.quantize.Int8Result;
import dev.sanet.onnx.quantize.MaskAgreement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The int8 path on an exported SANet-EfficientNet-B0 (TF padding, so the graph holds the {@code
 * Pad}s computed from the shape; random weights): it quantises, runs in ONNX Runtime at an odd
 * size, its masks agree with the float graph's on most pixels, and the depthwise convolutions'
 * weights carry one scale per channel.
 */
class Int8EfficientNetTest {

    private static final Shape INPUT = new Shape(1, 3, 65, 47);

    private static List<CalibrationInput> inputs(long seed, int count) {
        return Int8Graphs.inputs(INPUT, seed, count);
    }

    @Test
    void quantisedEfficientNetRunsAndAgreesWithTheFloatMasks() throws Exception {
        SANet def =
                SANet.builder()
                        .numClasses(5)
                        .heads(4)
                        .backbone(Backbone.EFFICIENTNET_B0)
                        .efficientNetConvention(EfficientNetConvention.TF)
                        .dropout(0)
                        .build();
        ModelProto proto;
        try (SANetModel model = TestModels.model(def, "MXNet", 7)) {
            centreClassScores(model);
            proto = OnnxExport.builder().prediction(Prediction.MASK).build().toProto(model);
        }
        Int8Result r = Int8Quantizer.builder().build().quantize(proto, inputs(100, 4));
        MaskAgreement a = MaskAgreement.measure(proto, r.model(), inputs(200, 3), 1);
        System.out.printf(
                "int8 SANet-EfficientNet-B0 tf: %d nodes quantised, %d float, agreement %.4f,"
                        + " mIoU %.4f%n",
                r.report().quantizedNodes().size(),
                r.report().floatNodes().size(),
                a.pixelAgreement(),
                a.meanIoU());
        assertTrue(a.pixelAgreement() >= 0.9, a.toString());
        // Agreement means something only if the float masks are not one class.
        assertTrue(classesSeen(proto, inputs(200, 3)) >= 3);

        Set<String> quantized = Set.copyOf(r.report().quantizedNodes());
        List<NodeProto> depthwise =
                proto.getGraph().getNodeList().stream()
                        .filter(n -> n.getOpType().equals("Conv") && isDepthwise(proto, n))
                        .toList();
        assertEquals(16, depthwise.size(), "B0 has 16 MBConv blocks");
        List<NodeProto> quantizedDepthwise =
                depthwise.stream().filter(n -> quantized.contains(n.getName())).toList();
        assertTrue(
                quantizedDepthwise.size() >= 15,
                quantizedDepthwise.stream()
                        .map(NodeProto::getName)
                        .collect(Collectors.toList())
                        .toString());
        NodeProto conv = quantizedDepthwise.get(0);
        float[] scales = Int8Graphs.assertPerChannelScales(proto, r.model(), conv);
        assertEquals(group(conv), scales.length);
    }

    private static int classesSeen(ModelProto proto, List<CalibrationInput> in) throws Exception {
        boolean[] seen = new boolean[5];
        for (CalibrationInput x : in) {
            OrtRun.Output o = OrtRun.run(proto, x.values(), x.shape()).get(0);
            int plane = (int) (o.shape()[2] * o.shape()[3]);
            for (int p = 0; p < plane; p++) {
                int best = 0;
                for (int k = 1; k < 5; k++) {
                    if (o.values()[k * plane + p] > o.values()[best * plane + p]) {
                        best = k;
                    }
                }
                seen[best] = true;
            }
        }
        int n = 0;
        for (boolean b : seen) {
            n += b ? 1 : 0;
        }
        System.out.println("int8 SANet-EfficientNet-B0 tf: float masks hold " + n + " classes");
        return n;
    }

    /**
     * Random weights give every pixel of a random image nearly the same class (the class scores'
     * means differ by more than their spread over the pixels): shifting the mask convolution's bias
     * by the scores' means makes the masks hold several classes, so agreement can fail.
     */
    private static void centreClassScores(SANetModel model) throws Exception {
        ModelProto proto = OnnxExport.builder().prediction(Prediction.MASK).build().toProto(model);
        CalibrationInput x = inputs(100, 1).get(0);
        OrtRun.Output o = OrtRun.run(proto, x.values(), x.shape()).get(0);
        int plane = (int) (o.shape()[2] * o.shape()[3]);
        var bias =
                model.model().getBlock().getParameters().stream()
                        .filter(p -> p.getKey().endsWith("mask_bias"))
                        .findFirst()
                        .orElseThrow()
                        .getValue()
                        .getArray();
        float[] b = bias.toFloatArray();
        for (int k = 0; k < b.length; k++) {
            double sum = 0;
            for (int p = 0; p < plane; p++) {
                sum += o.values()[k * plane + p];
            }
            b[k] -= (float) (sum / plane);
        }
        bias.set(b);
    }

    /** A convolution with one input channel per group and more than one group. */
    private static boolean isDepthwise(ModelProto m, NodeProto n) {
        return group(n) > 1 && Int8Graphs.initializer(m, n.getInput(1)).getDims(1) == 1;
    }

    private static long group(NodeProto n) {
        return n.getAttributeList().stream()
                .filter(a -> a.getName().equals("group"))
                .mapToLong(AttributeProto::getI)
                .findFirst()
                .orElse(1);
    }
}
