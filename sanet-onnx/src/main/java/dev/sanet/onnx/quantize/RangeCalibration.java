package dev.sanet.onnx.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sanet.onnx.SharedOrtEnvironment;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The min/max range of chosen tensors of a float graph over calibration inputs, measured by ONNX
 * Runtime: the graph gets a {@code ReduceMin} and a {@code ReduceMax} of each tensor as extra
 * outputs, so that only two scalars per tensor leave the session and the intermediate tensors are
 * freed as in a plain run. Inputs run one at a time.
 */
final class RangeCalibration {
    private RangeCalibration() {}

    /**
     * What calibration measured.
     *
     * @param ranges tensor name to {@code {min, max}}
     * @param inputs how many inputs ran
     */
    record Measured(Map<String, float[]> ranges, int inputs) {}

    /**
     * Runs the inputs and returns each tensor's overall range.
     *
     * @param model the float model
     * @param inputName the graph's float input
     * @param tensors the tensors to measure, the graph input among them if it is quantised
     * @param inputs the calibration inputs, at least one
     * @param threads ONNX Runtime's intra-op threads, 0 for its default
     * @return each tensor's {@code {min, max}} and the number of inputs
     * @throws OrtException when ONNX Runtime cannot load or run the graph
     * @throws IllegalArgumentException when there are no inputs
     */
    static Measured measure(
            ModelProto model,
            String inputName,
            List<String> tensors,
            Iterable<CalibrationInput> inputs,
            int threads)
            throws OrtException {
        GraphProto.Builder g = model.getGraph().toBuilder();
        Map<String, String[]> outputs = new LinkedHashMap<>();
        for (String t : tensors) {
            String min = t + "_calibration_min";
            String max = t + "_calibration_max";
            g.addNode(reduce("ReduceMin", t, min));
            g.addNode(reduce("ReduceMax", t, max));
            g.addOutput(scalar(min));
            g.addOutput(scalar(max));
            outputs.put(t, new String[] {min, max});
        }
        byte[] bytes = model.toBuilder().setGraph(g).build().toByteArray();
        Map<String, float[]> ranges = new HashMap<>();
        OrtEnvironment env = SharedOrtEnvironment.get();
        int seen = 0;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            try (OrtSession session = env.createSession(bytes, options)) {
                for (CalibrationInput input : inputs) {
                    seen++;
                    try (OnnxTensor x =
                                    OnnxTensor.createTensor(
                                            env, FloatBuffer.wrap(input.values()), input.shape());
                            OrtSession.Result r = session.run(Map.of(inputName, x))) {
                        for (Map.Entry<String, String[]> e : outputs.entrySet()) {
                            float lo = scalarValue(r, e.getValue()[0]);
                            float hi = scalarValue(r, e.getValue()[1]);
                            widen(ranges, e.getKey(), new float[] {lo, hi});
                        }
                    }
                }
            }
        }
        if (seen == 0) {
            throw new IllegalArgumentException("calibration needs at least one input, got none");
        }
        return new Measured(ranges, seen);
    }

    private static float scalarValue(OrtSession.Result r, String name) throws OrtException {
        OnnxValue v = r.get(name).orElseThrow(() -> new IllegalStateException("no output " + name));
        return ((OnnxTensor) v).getFloatBuffer().get(0);
    }

    private static void widen(Map<String, float[]> ranges, String name, float[] range) {
        float[] r = ranges.get(name);
        if (r == null) {
            ranges.put(name, range.clone());
        } else {
            r[0] = Math.min(r[0], range[0]);
            r[1] = Math.max(r[1], range[1]);
        }
    }

    private static NodeProto reduce(String op, String input, String output) {
        return NodeProto.newBuilder()
                .setOpType(op)
                .setName(output)
                .addInput(input)
                .addOutput(output)
                .addAttribute(
                        AttributeProto.newBuilder()
                                .setName("keepdims")
                                .setType(AttributeProto.AttributeType.INT)
                                .setI(0))
                .build();
    }

    private static ValueInfoProto scalar(String name) {
        TypeProto.Tensor t =
                TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(ai.onnx.proto.OnnxMl.TensorShapeProto.getDefaultInstance())
                        .build();
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(t))
                .build();
    }
}
