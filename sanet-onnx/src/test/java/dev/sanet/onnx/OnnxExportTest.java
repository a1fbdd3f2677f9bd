package dev.sanet.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import dev.sanet.core.Backbone;
import dev.sanet.core.ModelFileException;
import dev.sanet.core.ModelMetadata;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.settings.SettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnnxExportTest {

    private static final SANet DEF =
            SANet.builder()
                    .numClasses(3)
                    .width(8)
                    .backbone(Backbone.RESNET18)
                    .heads(3)
                    .dropout(0)
                    .build();

    private static SANetModel model;

    @BeforeAll
    static void makeModel() {
        model = TestModels.model(DEF, "MXNet", 11);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void writesTheFileWithTheContractsInputOutputAndMetadata(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("net.onnx");
        OnnxExportReport report = OnnxExport.builder().build().write(model, file);
        assertTrue(Files.size(file) > 0);
        assertEquals(Files.size(file), report.bytes());
        assertEquals(17, report.opset());
        assertEquals("float32", report.precision());
        assertEquals(List.of("image: float32 [batch, 3, height, width]"), report.inputs());
        assertEquals(List.of("scores: float32 [batch, 3, height, width]"), report.outputs());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left");
        }
        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(file));
        assertEquals(8, proto.getIrVersion());
        assertEquals(report.nodes(), proto.getGraph().getNodeCount());
        Map<String, String> meta =
                proto.getMetadataPropsList().stream()
                        .collect(
                                Collectors.toMap(
                                        StringStringEntryProto::getKey,
                                        StringStringEntryProto::getValue));
        assertEquals("[\"class0\",\"class1\",\"class2\"]", meta.get("classes"));
        assertEquals("96", meta.get("base_size"));
        assertEquals("64", meta.get("crop_size"));
        assertEquals("dense", meta.get("prediction"), "the model's own prediction");
        assertTrue(meta.get("mean").startsWith("[0.485"), meta.get("mean"));
        assertTrue(meta.get("std").startsWith("[0.229"), meta.get("std"));
        ModelMetadata back = ModelMetadata.fromJson(meta.get("sanet.metadata"), file);
        assertEquals(DEF, back.definition());
        assertEquals(model.classNames(), back.classNames());
    }

    @Test
    void theGraphGivesTheModelsLogitsAndLeavesTheModelUnchanged() throws Exception {
        Shape shape = new Shape(2, 3, 41, 33);
        float[] x = TestModels.input(shape, 3);
        float[] before = TestModels.logits(model, x, shape);
        ModelProto proto = OnnxExport.builder().build().toProto(model);
        float[] after = TestModels.logits(model, x, shape);
        assertArrayEquals(before, after, "the export leaves the model's weights alone");
        OrtRun.Output out = OrtRun.run(proto, x, shape.getShape()).get(0);
        assertArrayEquals(
                shape.getShape().length == 4 ? new long[] {2, 3, 41, 33} : null, out.shape());
        assertTrue(maxRelative(before, out.values()) < 1e-4);
    }

    @Test
    void eachPredictionWritesOnlyWhatItReads() {
        List<String> mask = initializers(Prediction.MASK);
        assertTrue(mask.stream().anyMatch(n -> n.startsWith("sa2.")));
        assertTrue(mask.stream().anyMatch(n -> n.startsWith("mask.")));
        assertFalse(mask.stream().anyMatch(n -> n.startsWith("dense.")), "no dense head");
        assertFalse(mask.stream().anyMatch(n -> n.startsWith("cat.")), "no categorical layer");
        List<String> dense = initializers(Prediction.DENSE);
        assertTrue(dense.stream().anyMatch(n -> n.startsWith("dense.")));
        assertTrue(dense.stream().anyMatch(n -> n.startsWith("sa4.")));
        assertFalse(dense.stream().anyMatch(n -> n.startsWith("sa2.") || n.startsWith("sa3.")));
        assertFalse(dense.stream().anyMatch(n -> n.startsWith("mask.") || n.startsWith("cat.")));
        List<String> sum = initializers(Prediction.SUM);
        assertTrue(sum.stream().anyMatch(n -> n.startsWith("dense.")));
        assertTrue(sum.stream().anyMatch(n -> n.startsWith("mask.")));
        assertFalse(sum.stream().anyMatch(n -> n.startsWith("cat.")));
        assertEquals(
                1, sum.stream().filter(n -> n.equals("sa4.main.0.weight")).count(), "SA4 once");
    }

    @Test
    void everyPredictionMatchesTheModel() throws Exception {
        Shape shape = new Shape(1, 3, 37, 50);
        float[] x = TestModels.input(shape, 5);
        for (Prediction p : Prediction.values()) {
            SANet def = DEF.toBuilder().prediction(p).build();
            try (SANetModel m = TestModels.model(def, "MXNet", 13)) {
                float[] want = TestModels.logits(m, x, shape);
                ModelProto proto = OnnxExport.builder().prediction(p).build().toProto(m);
                float[] got = OrtRun.run(proto, x, shape.getShape()).get(0).values();
                assertTrue(maxRelative(want, got) < 1e-4, p + ": " + maxRelative(want, got));
            }
        }
    }

    @Test
    void aFixedSizeFixesTheInputAndOutputDimensions() throws Exception {
        ModelProto proto = OnnxExport.builder().size(40, 56).opset(13).build().toProto(model);
        TensorShapeProto in = proto.getGraph().getInput(0).getType().getTensorType().getShape();
        assertEquals("batch", in.getDim(0).getDimParam());
        assertEquals(40, in.getDim(2).getDimValue());
        assertEquals(56, in.getDim(3).getDimValue());
        TensorShapeProto out = proto.getGraph().getOutput(0).getType().getTensorType().getShape();
        assertEquals(56, out.getDim(3).getDimValue());
        assertEquals(7, proto.getIrVersion());
        assertEquals(13, proto.getOpsetImport(0).getVersion());
        Shape shape = new Shape(1, 3, 40, 56);
        float[] x = TestModels.input(shape, 9);
        float[] got = OrtRun.run(proto, x, shape.getShape()).get(0).values();
        assertTrue(maxRelative(TestModels.logits(model, x, shape), got) < 1e-4);
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 15, 17, 18, 19, 21})
    void everyOpsetRunsWithItsIrVersion(int opset) throws Exception {
        ModelProto proto = OnnxExport.builder().opset(opset).build().toProto(model);
        assertEquals(OnnxExport.irVersion(opset), proto.getIrVersion());
        Shape shape = new Shape(1, 3, 35, 42);
        float[] x = TestModels.input(shape, 4);
        float[] got = OrtRun.run(proto, x, shape.getShape()).get(0).values();
        assertTrue(maxRelative(TestModels.logits(model, x, shape), got) < 1e-4);
    }

    @Test
    void theMetadataReadsBackAsTheModels() throws Exception {
        ModelProto proto = OnnxExport.builder().build().toProto(model);
        Path file = Path.of("net.onnx");
        ModelMetadata back = OnnxMetadata.read(OnnxMetadata.props(proto), file);
        assertEquals(model.definition(), back.definition());
        assertEquals(model.metadata().resolution(), back.resolution());
        ModelFileException none =
                assertThrows(ModelFileException.class, () -> OnnxMetadata.read(Map.of(), file));
        assertTrue(none.getMessage().contains("sanet.metadata"), none.getMessage());
    }

    @Test
    void aModelFoldedInPlaceIsRefusedByName() {
        try (SANetModel folded = TestModels.model(DEF, "MXNet", 17)) {
            folded.foldBatchNorm();
            OnnxExportException e =
                    assertThrows(
                            OnnxExportException.class,
                            () -> OnnxExport.builder().build().toProto(folded));
            assertEquals(
                    "the convolution at backbone.conv1.0 has a batch norm folded in place"
                            + " (SANetModel.foldBatchNorm): export a freshly loaded model",
                    e.getMessage());
        }
    }

    @Test
    void badSettingsAreRefusedInBuild() {
        SettingException opset =
                assertThrows(SettingException.class, () -> OnnxExport.builder().opset(12).build());
        assertEquals("opset must be 13..21, got 12", opset.getMessage());
        assertThrows(SettingException.class, () -> OnnxExport.builder().opset(22).build());
        SettingException width =
                assertThrows(SettingException.class, () -> OnnxExport.builder().size(8, 0).build());
        assertEquals("width must be >= 1, got 0", width.getMessage());
    }

    private static List<String> initializers(Prediction p) {
        return OnnxExport.builder()
                .prediction(p)
                .build()
                .toProto(model)
                .getGraph()
                .getInitializerList()
                .stream()
                .map(t -> t.getName())
                .toList();
    }

    static double maxRelative(float[] want, float[] got) {
        assertEquals(want.length, got.length);
        double diff = 0;
        double max = 0;
        for (int i = 0; i < want.length; i++) {
            diff = Math.max(diff, Math.abs(want[i] - got[i]));
            max = Math.max(max, Math.abs(want[i]));
        }
        return diff / max;
    }
}
