package dev.sanet.onnx.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sanet.onnx.SharedOrtEnvironment;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builds small float graphs for the quantiser's tests and runs models in ONNX Runtime. */
final class TestGraph {
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
    private final Random random;
    private int opset = 17;

    TestGraph(long seed, String input, long... inputShape) {
        random = new Random(seed);
        graph.addInput(value(input, inputShape));
    }

    TestGraph opset(int opset) {
        this.opset = opset;
        return this;
    }

    /** A random float initializer, values in [-scale, scale]. */
    String weight(String name, float scale, long... dims) {
        int n = 1;
        for (long d : dims) {
            n *= (int) d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (random.nextFloat() * 2 - 1) * scale;
        }
        graph.addInitializer(TensorProtos.floatTensor(name, dims, v));
        return name;
    }

    String floats(String name, long[] dims, float... values) {
        graph.addInitializer(TensorProtos.floatTensor(name, dims, values));
        return name;
    }

    TestGraph node(
            String op, String name, List<String> inputs, String output, AttributeProto... a) {
        NodeProto.Builder n =
                NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs);
        n.addOutput(output);
        for (AttributeProto x : a) {
            n.addAttribute(x);
        }
        graph.addNode(n);
        return this;
    }

    /** A 3x3 convolution with padding 1 and a bias. */
    TestGraph conv(String name, String in, String out, int cin, int cout) {
        String w = weight(name + ".weight", 0.5f, cout, cin, 3, 3);
        String b = weight(name + ".bias", 0.2f, cout);
        return node("Conv", name, List.of(in, w, b), out, ints("pads", 1, 1, 1, 1));
    }

    TestGraph output(String name) {
        graph.addOutput(value(name));
        return this;
    }

    ModelProto model() {
        return ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("sanet-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph)
                .build();
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a =
                AttributeProto.newBuilder()
                        .setName(name)
                        .setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value))
                .build();
    }

    static ValueInfoProto value(String name, long... shape) {
        TypeProto.Tensor.Builder t =
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE);
        if (shape.length > 0) {
            TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
            for (long d : shape) {
                s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
            }
            t.setShape(s);
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(t))
                .build();
    }

    /** Random inputs in [-2, 2], like normalised images. */
    static List<CalibrationInput> inputs(long seed, int count, long... shape) {
        Random r = new Random(seed);
        List<CalibrationInput> out = new ArrayList<>();
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        for (int k = 0; k < count; k++) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextFloat() * 4 - 2;
            }
            out.add(new CalibrationInput(v, shape));
        }
        return out;
    }

    /** Runs a model on one input and returns its first output's values. */
    static float[] run(ModelProto model, CalibrationInput input) throws OrtException {
        OrtEnvironment env = SharedOrtEnvironment.get();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(model.toByteArray(), o);
                    OnnxTensor x =
                            OnnxTensor.createTensor(
                                    env, FloatBuffer.wrap(input.values()), input.shape());
                    OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), x))) {
                FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
                float[] out = new float[fb.remaining()];
                fb.get(out);
                return out;
            }
        }
    }

    /** The op types of the graph ONNX Runtime runs after its optimisations (its saved graph). */
    static List<String> optimizedOps(ModelProto model, Path dir) throws Exception {
        Path file = dir.resolve("optimized.onnx");
        OrtEnvironment env = SharedOrtEnvironment.get();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setOptimizedModelFilePath(file.toString());
            try (OrtSession s = env.createSession(model.toByteArray(), o)) {
                // Creating the session writes the optimised graph.
            }
        }
        ModelProto optimized = ModelProto.parseFrom(Files.readAllBytes(file));
        return optimized.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
    }
}
