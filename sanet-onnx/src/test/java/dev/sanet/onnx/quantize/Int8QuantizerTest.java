package dev.sanet.onnx.quantize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.sanet.core.settings.SettingException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Int8QuantizerTest {

    private static final long[] SHAPE = {1, 3, 8, 8};

    /** A residual block (Conv-Relu-Conv-Add-Relu) between a stem, a last layer and a classifier. */
    private static ModelProto residual() {
        return new TestGraph(7, "image", SHAPE)
                .conv("stem", "image", "s", 3, 8)
                .node("Relu", "stem_relu", List.of("s"), "s_relu")
                .conv("a", "s_relu", "a_out", 8, 8)
                .node("Relu", "a_relu", List.of("a_out"), "a_relu_out")
                .conv("b", "a_relu_out", "b_out", 8, 8)
                .node("Add", "add", List.of("b_out", "s_relu"), "sum")
                .node("Relu", "add_relu", List.of("sum"), "sum_relu")
                .conv("c", "sum_relu", "c_out", 8, 8)
                .conv("classifier", "c_out", "scores", 8, 4)
                .output("scores")
                .model();
    }

    private static List<String> ops(ModelProto m) {
        return m.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        float d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    private static float maxAbs(float[] a) {
        float m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void residualBlockIsQuantisedRunsAndStaysCloseToFloat(@TempDir Path dir) throws Exception {
        ModelProto model = residual();
        List<CalibrationInput> calibration = TestGraph.inputs(1, 4, SHAPE);
        Int8Result r = Int8Quantizer.builder().build().quantize(model, calibration);

        assertEquals(List.of("a", "b", "add", "c"), r.report().quantizedNodes());
        assertEquals(List.of("stem", "classifier"), r.report().floatNodes());
        // The ReLUs after a and after the add fold into their quantisers; the stem's stays.
        assertEquals(2, r.report().removedRelus());
        assertEquals(1, ops(r.model()).stream().filter("Relu"::equals).count());
        assertEquals(4, r.report().calibrationInputs());

        // Four 8-bit layers in a row on random weights: a few per cent of the largest score.
        CalibrationInput x = TestGraph.inputs(99, 1, SHAPE).get(0);
        float[] expected = TestGraph.run(model, x);
        float[] actual = TestGraph.run(r.model(), x);
        assertEquals(expected.length, actual.length);
        assertTrue(
                maxAbsDiff(expected, actual) < 0.08f * maxAbs(expected),
                "int8 differs by " + maxAbsDiff(expected, actual) + " of " + maxAbs(expected));

        // ONNX Runtime fuses the QDQ groups into its integer kernels.
        List<String> optimized = TestGraph.optimizedOps(r.model(), dir);
        assertEquals(
                3, optimized.stream().filter("QLinearConv"::equals).count(), optimized.toString());
        assertTrue(optimized.contains("QLinearAdd"), optimized.toString());
    }

    @Test
    void convWeightsArePerChannelInt8AndBiasesInt32() throws Exception {
        ModelProto model = residual();
        Int8Result r =
                Int8Quantizer.builder()
                        .keepFirst(0)
                        .keepLast(0)
                        .build()
                        .quantize(model, TestGraph.inputs(1, 2, SHAPE));
        assertEquals(
                List.of("stem", "a", "b", "add", "c", "classifier"), r.report().quantizedNodes());
        TensorProto w = initializer(r.model(), "a.weight_int8");
        assertEquals(TensorProto.DataType.INT8_VALUE, w.getDataType());
        TensorProto scales = initializer(r.model(), "a.weight_scale");
        float[] expected =
                WeightQuantization.perChannel(
                                TensorProtos.floats(initializer(model, "a.weight")), 8)
                        .scales();
        float[] actual = TensorProtos.floats(scales);
        for (int c = 0; c < 8; c++) {
            assertEquals(expected[c], actual[c], 0f);
        }
        assertEquals(
                TensorProto.DataType.INT32_VALUE,
                initializer(r.model(), "a.bias_int32").getDataType());
        // The float weights are gone; the graph input is quantised for the stem.
        assertFalse(
                r.model().getGraph().getInitializerList().stream()
                        .anyMatch(t -> t.getName().equals("a.weight")));
        NodeProto dq =
                r.model().getGraph().getNodeList().stream()
                        .filter(n -> n.getOutput(0).equals("a.weight_dequantized"))
                        .findFirst()
                        .orElseThrow();
        assertEquals(0, dq.getAttribute(0).getI());
        assertTrue(ops(r.model()).indexOf("QuantizeLinear") >= 0);
        assertTrue(
                r.model().getMetadataPropsList().stream()
                        .anyMatch(e -> e.getKey().equals(Int8Quantizer.METADATA_KEY)));
    }

    @Test
    void nodesKeptByNameStayFloat() throws Exception {
        Int8Result r =
                Int8Quantizer.builder()
                        .keepFirst(0)
                        .keepLast(0)
                        .keepNodes(List.of("b", "add"))
                        .build()
                        .quantize(residual(), TestGraph.inputs(1, 1, SHAPE));
        assertEquals(List.of("stem", "a", "c", "classifier"), r.report().quantizedNodes());
        assertEquals(List.of("b", "add"), r.report().floatNodes());
    }

    @Test
    void resizeAndMaxPoolShareTheirInputsParameters(@TempDir Path dir) throws Exception {
        TestGraph g = new TestGraph(3, "image", SHAPE);
        String scales = g.floats("scales", new long[] {4}, 1f, 1f, 2f, 2f);
        ModelProto model =
                g.conv("stem", "image", "s", 3, 8)
                        .conv("c", "s", "c_out", 8, 8)
                        .node(
                                "MaxPool",
                                "pool",
                                List.of("c_out"),
                                "p",
                                TestGraph.ints("kernel_shape", 2, 2),
                                TestGraph.ints("strides", 2, 2))
                        .node(
                                "Resize",
                                "up",
                                List.of("p", "", scales),
                                "u",
                                TestGraph.string("mode", "linear"),
                                TestGraph.string("coordinate_transformation_mode", "align_corners"))
                        .conv("d", "u", "d_out", 8, 8)
                        .conv("classifier", "d_out", "scores", 8, 4)
                        .output("scores")
                        .model();
        Int8Result r =
                Int8Quantizer.builder().build().quantize(model, TestGraph.inputs(2, 3, SHAPE));
        assertEquals(List.of("c", "pool", "up", "d"), r.report().quantizedNodes());
        float cScale = TensorProtos.floats(initializer(r.model(), "c_out_scale"))[0];
        assertEquals(cScale, TensorProtos.floats(initializer(r.model(), "p_scale"))[0], 0f);
        assertEquals(cScale, TensorProtos.floats(initializer(r.model(), "u_scale"))[0], 0f);
        CalibrationInput x = TestGraph.inputs(5, 1, SHAPE).get(0);
        float[] expected = TestGraph.run(model, x);
        float[] actual = TestGraph.run(r.model(), x);
        assertTrue(maxAbsDiff(expected, actual) < 0.05f * maxAbs(expected));
        List<String> optimized = TestGraph.optimizedOps(r.model(), dir);
        System.out.println("OPTIMIZED " + optimized);
        // The pool and the resize run on the uint8 values: no float Resize is left.
        assertFalse(
                optimized.contains("Resize")
                        && optimized.contains("DequantizeLinear")
                        && optimized.indexOf("Resize") > 0
                        && optimized
                                .get(optimized.indexOf("Resize") - 1)
                                .equals("DequantizeLinear"));
        assertEquals(
                2, optimized.stream().filter("QLinearConv"::equals).count(), optimized.toString());
    }

    @Test
    void globalPoolGemmAndMatMulHeadsAreQuantised() throws Exception {
        TestGraph g = new TestGraph(11, "image", SHAPE);
        String fc = g.weight("fc.weight", 0.5f, 5, 8);
        String fcBias = g.weight("fc.bias", 0.1f, 5);
        String mm = g.weight("mm.weight", 0.5f, 5, 3);
        ModelProto model =
                g.conv("stem", "image", "s", 3, 8)
                        .conv("c", "s", "c_out", 8, 8)
                        .node("GlobalAveragePool", "gap", List.of("c_out"), "pooled")
                        .node("Flatten", "flat", List.of("pooled"), "flat_out")
                        .node(
                                "Gemm",
                                "fc",
                                List.of("flat_out", fc, fcBias),
                                "fc_out",
                                TestGraph.integer("transB", 1))
                        .node("Relu", "fc_relu", List.of("fc_out"), "fc_relu_out")
                        .node("MatMul", "mm", List.of("fc_relu_out", mm), "mm_out")
                        .node("Sigmoid", "sig", List.of("mm_out"), "prob")
                        .output("prob")
                        .model();
        Int8Result r =
                Int8Quantizer.builder()
                        .keepLast(0)
                        .build()
                        .quantize(model, TestGraph.inputs(4, 3, SHAPE));
        // The sigmoid writes the graph output: quantising it would only add rounding.
        assertEquals(List.of("c", "gap", "flat", "fc", "mm"), r.report().quantizedNodes());
        assertEquals(1, r.report().removedRelus());
        CalibrationInput x = TestGraph.inputs(6, 1, SHAPE).get(0);
        float[] expected = TestGraph.run(model, x);
        float[] actual = TestGraph.run(r.model(), x);
        assertEquals(3, actual.length);
        assertTrue(maxAbsDiff(expected, actual) < 0.03f, maxAbsDiff(expected, actual) + "");
    }

    @Test
    void int8MasksAgreeWithTheFloatMasks() throws Exception {
        ModelProto model = residual();
        Int8Result r =
                Int8Quantizer.builder().build().quantize(model, TestGraph.inputs(1, 4, SHAPE));
        List<CalibrationInput> test = TestGraph.inputs(42, 3, SHAPE);
        MaskAgreement self = MaskAgreement.measure(model, model, test, 1);
        assertEquals(1.0, self.pixelAgreement(), 0.0);
        assertEquals(1.0, self.meanIoU(), 0.0);
        assertEquals(3 * 64, self.pixels());
        MaskAgreement a = MaskAgreement.measure(model, r.model(), test, 1);
        assertTrue(a.pixelAgreement() >= 0.9, a.toString());
        assertEquals(3, a.inputs());
    }

    @Test
    void initializersListedAsInputsStay() throws Exception {
        ModelProto m = residual();
        ModelProto old =
                m.toBuilder()
                        .setGraph(
                                m.getGraph().toBuilder()
                                        .addInput(TestGraph.value("a.weight", 8, 8, 3, 3)))
                        .build();
        Int8Result r = Int8Quantizer.builder().build().quantize(old, TestGraph.inputs(1, 1, SHAPE));
        assertTrue(
                r.model().getGraph().getInitializerList().stream()
                        .anyMatch(t -> t.getName().equals("a.weight")));
        assertEquals(old.getGraph().getInputList(), r.model().getGraph().getInputList());
        CalibrationInput x = TestGraph.inputs(3, 1, SHAPE).get(0);
        assertEquals(TestGraph.run(old, x).length, TestGraph.run(r.model(), x).length);
    }

    @Test
    void builderRejectsBadSettings() {
        SettingException e =
                assertThrows(
                        SettingException.class,
                        () -> Int8Quantizer.builder().keepFirst(-1).build());
        assertEquals("keepFirst must be in 0..100000, got -1", e.getMessage());
        assertThrows(SettingException.class, () -> Int8Quantizer.builder().keepLast(-2).build());
        assertThrows(SettingException.class, () -> Int8Quantizer.builder().threads(-1).build());
        assertThrows(
                SettingException.class,
                () -> Int8Quantizer.builder().keepNodes(Set.of(" ")).build());
    }

    @Test
    void oldOpsetsAndEmptyCalibrationAreRefused() {
        ModelProto old =
                new TestGraph(1, "image", SHAPE)
                        .opset(11)
                        .conv("c", "image", "y", 3, 2)
                        .output("y")
                        .model();
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Int8Quantizer.builder().build().quantize(old, List.of()));
        assertTrue(e.getMessage().contains("opset 13"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Int8Quantizer.builder().build().quantize(residual(), List.of()));
    }

    private static TensorProto initializer(ModelProto m, String name) {
        return m.getGraph().getInitializerList().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no initializer " + name));
    }
}
