package dev.sanet.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.sanet.core.Backbone;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.onnx.quantize.CalibrationInput;
import dev.sanet.onnx.quantize.Int8Quantizer;
import dev.sanet.onnx.quantize.Int8Result;
import dev.sanet.onnx.quantize.MaskAgreement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The int8 path on an exported SANet (ResNet18 at width 8, four SA heads, random weights): the
 * quantised graph runs in ONNX Runtime on its integer kernels, its masks agree with the float
 * graph's, and its convolution weights carry one scale per output channel.
 */
class Int8SANetTest {

    private static final Shape INPUT = new Shape(1, 3, 64, 48);

    private static List<CalibrationInput> inputs(long seed, int count) {
        return Int8Graphs.inputs(INPUT, seed, count);
    }

    private static Map<String, Long> histogram(List<String> ops) {
        return ops.stream()
                .collect(
                        Collectors.groupingBy(
                                Function.identity(), TreeMap::new, Collectors.counting()));
    }

    @Test
    void quantisedSANetRunsOnIntegerKernelsAndAgreesWithTheFloatMasks(@TempDir Path dir)
            throws Exception {
        SANet def =
                SANet.builder()
                        .numClasses(5)
                        .width(8)
                        .heads(4)
                        .backbone(Backbone.RESNET18)
                        .dropout(0)
                        .build();
        ModelProto proto;
        try (SANetModel model = TestModels.model(def, "MXNet", 3)) {
            proto = OnnxExport.builder().prediction(Prediction.MASK).build().toProto(model);
        }
        Int8Result r = Int8Quantizer.builder().build().quantize(proto, inputs(100, 4));

        MaskAgreement a = MaskAgreement.measure(proto, r.model(), inputs(200, 3), 1);
        System.out.printf(
                "int8 SANet-ResNet18 w8: %d nodes quantised, %d float, agreement %.4f, mIoU %.4f%n",
                r.report().quantizedNodes().size(),
                r.report().floatNodes().size(),
                a.pixelAgreement(),
                a.meanIoU());
        System.out.println("float nodes " + r.report().floatNodes());
        assertTrue(a.pixelAgreement() >= 0.9, a.toString());

        List<String> optimized = optimizedOps(r.model(), dir);
        System.out.println("float ops " + histogram(ops(proto)));
        System.out.println("int8 ops (ORT optimised) " + histogram(optimized));
        long integerConvs = optimized.stream().filter("QLinearConv"::equals).count();
        long floatConvs =
                optimized.stream()
                        .filter(op -> op.contains("Conv") && !op.startsWith("QLinear"))
                        .count();
        assertTrue(integerConvs > 10 * floatConvs, histogram(optimized).toString());

        NodeProto conv =
                proto.getGraph().getNodeList().stream()
                        .filter(n -> n.getName().equals(r.report().quantizedNodes().get(0)))
                        .findFirst()
                        .orElseThrow();
        Int8Graphs.assertPerChannelScales(proto, r.model(), conv);
    }

    private static List<String> ops(ModelProto m) {
        return m.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
    }

    private static List<String> optimizedOps(ModelProto model, Path dir) throws Exception {
        Path file = dir.resolve("optimized.onnx");
        OrtEnvironment env = SharedOrtEnvironment.get();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizedModelFilePath(file.toString());
            try (OrtSession s = env.createSession(model.toByteArray(), o)) {
                // Creating the session writes the graph ONNX Runtime runs.
            }
        }
        return ops(ModelProto.parseFrom(Files.readAllBytes(file)));
    }
}
