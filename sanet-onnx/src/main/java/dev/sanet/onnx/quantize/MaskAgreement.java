package dev.sanet.onnx.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sanet.core.metrics.ConfusionMatrix;
import dev.sanet.onnx.SharedOrtEnvironment;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;

/**
 * How far the masks of a quantised model agree with the float model's: both graphs run in ONNX
 * Runtime on the same inputs with an {@code ArgMax} over the class axis of their first output
 * appended, and the int8 mask is scored against the float mask as if it were the ground truth.
 *
 * @param pixelAgreement the fraction of pixels with the same class, in [0, 1]
 * @param meanIoU the mean IoU of the int8 masks against the float masks over the classes present in
 *     either, in [0, 1]
 * @param pixels the pixels compared
 * @param inputs the inputs run
 */
public record MaskAgreement(double pixelAgreement, double meanIoU, long pixels, int inputs) {

    private static final String MASK = "sanet_agreement_mask";

    /**
     * Runs both models on each input and compares their masks.
     *
     * @param reference the float model; its first output is {@code (N, K, H, W)} class scores
     * @param candidate the quantised model, same input and output
     * @param inputs the inputs, run one at a time
     * @param threads ONNX Runtime's intra-op threads, 0 for its default
     * @return the agreement
     * @throws OrtException when ONNX Runtime cannot load or run a model
     * @throws IllegalArgumentException when there are no inputs
     */
    public static MaskAgreement measure(
            ModelProto reference,
            ModelProto candidate,
            Iterable<CalibrationInput> inputs,
            int threads)
            throws OrtException {
        OrtEnvironment env = SharedOrtEnvironment.get();
        String input = reference.getGraph().getInput(0).getName();
        ConfusionMatrix matrix = null;
        long pixels = 0;
        int count = 0;
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            if (threads > 0) {
                o.setIntraOpNumThreads(threads);
            }
            try (OrtSession ref = env.createSession(withMask(reference).toByteArray(), o);
                    OrtSession cand = env.createSession(withMask(candidate).toByteArray(), o)) {
                for (CalibrationInput in : inputs) {
                    count++;
                    int[] a;
                    int[] b;
                    int classes;
                    try (OnnxTensor x =
                            OnnxTensor.createTensor(
                                    env, FloatBuffer.wrap(in.values()), in.shape())) {
                        try (OrtSession.Result r = ref.run(Map.of(input, x))) {
                            a = mask(r);
                            classes = (int) ((OnnxTensor) r.get(0)).getInfo().getShape()[1];
                        }
                        try (OrtSession.Result r = cand.run(Map.of(input, x))) {
                            b = mask(r);
                        }
                    }
                    if (matrix == null) {
                        matrix = new ConfusionMatrix(classes);
                    }
                    matrix.addPixels(a, b, -1);
                    pixels += a.length;
                }
            }
        }
        if (matrix == null) {
            throw new IllegalArgumentException("mask agreement needs at least one input, got none");
        }
        // Pixel accuracy against the float mask is the fraction of pixels that agree.
        return new MaskAgreement(
                matrix.scores().pixelAccuracy(), matrix.scores().meanIoU(), pixels, count);
    }

    private static int[] mask(OrtSession.Result r) throws OrtException {
        OnnxTensor t = (OnnxTensor) r.get(MASK).orElseThrow();
        LongBuffer lb = t.getLongBuffer();
        int[] out = new int[lb.remaining()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) lb.get(i);
        }
        return out;
    }

    /** The model with the argmax of its first output as an extra output. */
    static ModelProto withMask(ModelProto model) {
        GraphProto.Builder g = model.getGraph().toBuilder();
        String scores = g.getOutput(0).getName();
        g.addNode(
                NodeProto.newBuilder()
                        .setOpType("ArgMax")
                        .setName(MASK)
                        .addInput(scores)
                        .addOutput(MASK)
                        .addAttribute(attribute("axis", 1))
                        .addAttribute(attribute("keepdims", 0)));
        g.addOutput(
                ValueInfoProto.newBuilder()
                        .setName(MASK)
                        .setType(
                                TypeProto.newBuilder()
                                        .setTensorType(
                                                TypeProto.Tensor.newBuilder()
                                                        .setElemType(
                                                                TensorProto.DataType
                                                                        .INT64_VALUE))));
        return model.toBuilder().setGraph(g).build();
    }

    private static AttributeProto attribute(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }
}
