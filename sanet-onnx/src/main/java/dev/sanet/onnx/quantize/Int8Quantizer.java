package dev.sanet.onnx.quantize;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OrtException;
import dev.sanet.core.settings.SettingException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Static post-training quantisation of a float ONNX model to int8, in the QDQ form (QuantizeLinear
 * / DequantizeLinear around float operators) that ONNX Runtime fuses into its integer kernels and
 * that TensorRT and OpenVINO read as explicit quantisation.
 *
 * <ul>
 *   <li>Weights of {@code Conv}: int8, symmetric, one scale per output channel ({@code max|w| /
 *       127}, zero point 0, {@code axis=0}); of {@code Gemm} and {@code MatMul}: int8, symmetric,
 *       one scale. Biases: int32 at the accumulator's scale, as ONNX Runtime's QDQ transformer
 *       needs to turn {@code DQ -> Conv -> Q} into {@code QLinearConv} (with a float bias it leaves
 *       the convolution in float).
 *   <li>Activations: uint8, asymmetric, ranges measured by running the float graph in ONNX Runtime
 *       on calibration inputs (min/max over all of them, widened to include 0). uint8 rather than
 *       int8 because x86's int8 dot-product instructions (AVX512-VNNI's {@code vpdpbusd}, AVX-VNNI,
 *       AVX2's {@code vpmaddubsw}) multiply unsigned by signed bytes, the form ONNX Runtime's
 *       kernels are built around and which its QDQ transformer accepts on every x86 CPU; and
 *       because after a ReLU the range starts at 0, so uint8 with zero point 0 spends all 256
 *       levels on the values that occur and its clamp is the ReLU (the ReLU node is removed).
 *   <li>The first {@code keepFirst} and last {@code keepLast} layers with weights, and any nodes
 *       named in {@code keepNodes}, stay float; the default keeps the first and the last (the
 *       stem's first convolution sees the raw image, the classifier's output is the class scores).
 * </ul>
 *
 * <p>Immutable and thread-safe; the ONNX Runtime session used for calibration lives for one call.
 */
public final class Int8Quantizer {

    /** The metadata key that records how a model was quantised. */
    public static final String METADATA_KEY = "sanet.quantization";

    /** The smallest opset with per-axis QuantizeLinear / DequantizeLinear. */
    public static final int MIN_OPSET = 13;

    private final int keepFirst;
    private final int keepLast;
    private final Set<String> keepNodes;
    private final int threads;

    private Int8Quantizer(Builder b) {
        this.keepFirst = b.keepFirst;
        this.keepLast = b.keepLast;
        this.keepNodes = Set.copyOf(b.keepNodes);
        this.threads = b.threads;
    }

    /**
     * A builder with the defaults: keep the first and last layer float, ONNX Runtime's default
     * thread count for calibration.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * How many layers with weights, from the input, stay float.
     *
     * @return the count
     */
    public int keepFirst() {
        return keepFirst;
    }

    /**
     * How many layers with weights, from the output, stay float.
     *
     * @return the count
     */
    public int keepLast() {
        return keepLast;
    }

    /**
     * The names of nodes that stay float.
     *
     * @return an immutable set
     */
    public Set<String> keepNodes() {
        return keepNodes;
    }

    /**
     * Quantises a float model.
     *
     * @param model a float model with one float input (opset {@value #MIN_OPSET} or newer)
     * @param calibration inputs for the graph's input, run one at a time; their iteration may read
     *     them lazily (e.g. decode image files)
     * @return the QDQ model and the report
     * @throws OrtException when ONNX Runtime cannot load or run the float model
     * @throws IllegalArgumentException when the model's opset is older than {@value #MIN_OPSET}, it
     *     has not exactly one input, there is no calibration input, or a measured range is not
     *     finite
     */
    public Int8Result quantize(ModelProto model, Iterable<CalibrationInput> calibration)
            throws OrtException {
        checkOpset(model);
        GraphProto graph = model.getGraph();
        String input = singleInput(graph);
        QuantizationPlan plan = QuantizationPlan.of(graph, keepFirst, keepLast, keepNodes);
        RangeCalibration.Measured measured =
                RangeCalibration.measure(
                        model, input, plan.calibratedTensors(), calibration, threads);
        Map<String, ActivationParams> params = new HashMap<>();
        for (String t : plan.quantizedTensors()) {
            String source = plan.sharedParams().get(t);
            if (source != null) {
                params.put(t, params.get(source));
            } else {
                float[] r = measured.ranges().get(t);
                if (r == null) {
                    throw new IllegalStateException("calibration did not measure " + t);
                }
                try {
                    params.put(t, ActivationParams.ofRange(r[0], r[1]));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "tensor " + t + ": " + e.getMessage() + " over the calibration inputs",
                            e);
                }
            }
        }
        GraphProto quantized = QdqRewriter.rewrite(graph, plan, params);
        Int8Report report = report(graph, plan, measured.inputs());
        String note =
                String.format(
                        Locale.ROOT,
                        "int8 QDQ: per-channel symmetric int8 weights, uint8 activations"
                                + " calibrated (min/max) on %d inputs; %d nodes quantised, %d kept"
                                + " float",
                        measured.inputs(),
                        report.quantizedNodes().size(),
                        report.floatNodes().size());
        ModelProto.Builder out = model.toBuilder().setGraph(quantized);
        out.clearMetadataProps();
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            if (!e.getKey().equals(METADATA_KEY)) {
                out.addMetadataProps(e);
            }
        }
        out.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(METADATA_KEY).setValue(note));
        return new Int8Result(out.build(), report);
    }

    private static Int8Report report(GraphProto graph, QuantizationPlan plan, int inputs) {
        List<String> quantized = new ArrayList<>();
        for (int i : plan.quantizedNodes()) {
            quantized.add(label(graph.getNode(i), i));
        }
        List<String> kept = new ArrayList<>();
        for (int i : plan.keptFloat()) {
            kept.add(label(graph.getNode(i), i));
        }
        return new Int8Report(
                quantized, kept, plan.foldedRelus().size(), plan.quantizedTensors().size(), inputs);
    }

    private static String label(NodeProto node, int index) {
        return node.getName().isEmpty() ? node.getOpType() + "#" + index : node.getName();
    }

    private static void checkOpset(ModelProto model) {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if ((o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                    && o.getVersion() < MIN_OPSET) {
                throw new IllegalArgumentException(
                        "int8 quantisation needs opset "
                                + MIN_OPSET
                                + " or newer (per-channel DequantizeLinear), the model has "
                                + o.getVersion());
            }
        }
    }

    private static String singleInput(GraphProto graph) {
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : graph.getInitializerList()) {
            initializers.add(t.getName());
        }
        List<String> inputs = new ArrayList<>();
        for (ValueInfoProto v : graph.getInputList()) {
            if (!initializers.contains(v.getName())) {
                inputs.add(v.getName());
            }
        }
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(
                    "int8 quantisation needs a graph with one input, this one has " + inputs);
        }
        return inputs.get(0);
    }

    /** Collects the options; {@link #build()} checks them. */
    public static final class Builder {
        private int keepFirst = 1;
        private int keepLast = 1;
        private final Set<String> keepNodes = new LinkedHashSet<>();
        private int threads;

        private Builder() {}

        /**
         * How many layers with weights, counted from the input, stay float (default 1).
         *
         * @param keepFirst 0 or more
         * @return this builder
         */
        public Builder keepFirst(int keepFirst) {
            this.keepFirst = keepFirst;
            return this;
        }

        /**
         * How many layers with weights, counted from the output, stay float (default 1).
         *
         * @param keepLast 0 or more
         * @return this builder
         */
        public Builder keepLast(int keepLast) {
            this.keepLast = keepLast;
            return this;
        }

        /**
         * Nodes that stay float, by their name in the graph (added to those already given).
         *
         * @param names node names, none blank
         * @return this builder
         */
        public Builder keepNodes(Collection<String> names) {
            keepNodes.addAll(names);
            return this;
        }

        /**
         * ONNX Runtime's intra-op threads during calibration (default 0: its own default).
         *
         * @param threads 0 or more
         * @return this builder
         */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * The quantiser.
         *
         * @return a new quantiser
         * @throws SettingException naming the first setting out of range
         */
        public Int8Quantizer build() {
            SettingException.checkRange("keepFirst", keepFirst, 0, 100_000);
            SettingException.checkRange("keepLast", keepLast, 0, 100_000);
            SettingException.checkRange("threads", threads, 0, 1024);
            for (String n : keepNodes) {
                if (n.isBlank()) {
                    throw new SettingException(
                            "keepNodes", "\"" + n + "\"", "node names, not blank");
                }
            }
            return new Int8Quantizer(this);
        }
    }
}
