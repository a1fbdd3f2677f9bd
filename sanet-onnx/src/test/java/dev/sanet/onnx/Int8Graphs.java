package dev.sanet.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.sanet.onnx.quantize.CalibrationInput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** What the int8 tests feed an exported graph and read back from its quantised copy. */
final class Int8Graphs {

    private Int8Graphs() {}

    /** {@code count} seeded N(0, 1) inputs of one shape, seeds {@code seed}, {@code seed + 1}... */
    static List<CalibrationInput> inputs(Shape shape, long seed, int count) {
        List<CalibrationInput> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            out.add(new CalibrationInput(TestModels.input(shape, seed + k), shape.getShape()));
        }
        return out;
    }

    static TensorProto initializer(ModelProto m, String name) {
        return m.getGraph().getInitializerList().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no initializer " + name));
    }

    static float[] floats(TensorProto t) {
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[raw.remaining() / 4];
        raw.asFloatBuffer().get(out);
        return out;
    }

    /**
     * Asserts that a quantised convolution's weight scales are one per output channel, each the
     * channel's largest absolute float weight over 127 (symmetric int8), exactly.
     *
     * @param floatGraph the graph before quantisation, holding the float weights
     * @param int8Graph the quantised graph, holding {@code <weight>_scale}
     * @param conv the convolution node of the float graph
     * @return the scales
     */
    static float[] assertPerChannelScales(
            ModelProto floatGraph, ModelProto int8Graph, NodeProto conv) {
        float[] w = floats(initializer(floatGraph, conv.getInput(1)));
        float[] scales = floats(initializer(int8Graph, conv.getInput(1) + "_scale"));
        int per = w.length / scales.length;
        for (int c = 0; c < scales.length; c++) {
            float max = 0;
            for (int i = c * per; i < (c + 1) * per; i++) {
                max = Math.max(max, Math.abs(w[i]));
            }
            assertEquals(max / 127f, scales[c], 0f, "channel " + c);
        }
        return scales;
    }
}
