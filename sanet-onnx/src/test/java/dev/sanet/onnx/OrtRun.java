package dev.sanet.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs an exported graph on ONNX Runtime (Java, CPU) directly from its bytes. */
final class OrtRun {

    private OrtRun() {}

    /** One output: values and shape. */
    record Output(float[] values, long[] shape) {}

    /**
     * Runs a one-input graph.
     *
     * @param proto the model
     * @param input the input values
     * @param shape the input shape
     * @return every output, in graph order
     */
    static List<Output> run(ModelProto proto, float[] input, long[] shape) throws OrtException {
        OrtEnvironment env = SharedOrtEnvironment.get();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(proto.toByteArray(), opts);
                    OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape)) {
                String name = session.getInputNames().iterator().next();
                try (OrtSession.Result r = session.run(Map.of(name, x))) {
                    List<Output> out = new ArrayList<>();
                    for (int i = 0; i < r.size(); i++) {
                        OnnxTensor t = (OnnxTensor) r.get(i);
                        FloatBuffer fb = t.getFloatBuffer();
                        float[] v = new float[fb.remaining()];
                        fb.get(v);
                        out.add(new Output(v, t.getInfo().getShape()));
                    }
                    return out;
                }
            }
        }
    }
}
