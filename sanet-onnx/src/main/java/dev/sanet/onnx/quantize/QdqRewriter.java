package dev.sanet.onnx.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the QDQ graph of a {@link QuantizationPlan}: int8 weights behind DequantizeLinear, int32
 * biases at the accumulator's scale, a QuantizeLinear / DequantizeLinear pair after each quantised
 * activation, folded ReLUs removed. Node order stays topological: weight dequantisers first, each
 * activation pair right after the node that writes the tensor.
 */
final class QdqRewriter {
    private final GraphProto graph;
    private final QuantizationPlan plan;
    private final Map<String, ActivationParams> params;
    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private final List<TensorProto> newInitializers = new ArrayList<>();
    private final List<NodeProto> weightNodes = new ArrayList<>();
    private static final Set<String> SHAPE_READERS = Set.of("Shape", "Size");

    private final Map<String, String> quantized = new HashMap<>();
    private final Map<String, String> dequantized = new HashMap<>();
    private final Map<String, String> quantizedWeights = new HashMap<>();
    private final Map<String, float[]> scalesByWeight = new HashMap<>();

    private QdqRewriter(
            GraphProto graph, QuantizationPlan plan, Map<String, ActivationParams> params) {
        this.graph = graph;
        this.plan = plan;
        this.params = params;
        for (TensorProto t : graph.getInitializerList()) {
            initializers.put(t.getName(), t);
            names.add(t.getName());
        }
        for (ValueInfoProto v : graph.getInputList()) {
            names.add(v.getName());
        }
        for (NodeProto n : graph.getNodeList()) {
            names.addAll(n.getOutputList());
            names.add(n.getName());
        }
    }

    /**
     * The quantised graph.
     *
     * @param graph the float graph
     * @param plan what to quantise
     * @param params the parameters of every tensor in {@code plan.quantizedTensors()}
     * @return the QDQ graph, same inputs and outputs
     */
    static GraphProto rewrite(
            GraphProto graph, QuantizationPlan plan, Map<String, ActivationParams> params) {
        return new QdqRewriter(graph, plan, params).rewrite();
    }

    private GraphProto rewrite() {
        for (String t : plan.quantizedTensors()) {
            quantized.put(t, unique(t + "_quantized"));
            dequantized.put(t, unique(t + "_dequantized"));
        }
        List<NodeProto> body = new ArrayList<>();
        for (ValueInfoProto in : graph.getInputList()) {
            if (dequantized.containsKey(in.getName())) {
                addPair(in.getName(), body);
            }
        }
        for (int i = 0; i < graph.getNodeCount(); i++) {
            if (plan.foldedRelus().containsKey(i)) {
                continue;
            }
            NodeProto node = graph.getNode(i);
            NodeProto.Builder b = node.toBuilder();
            // Shape reads the uint8 tensor: the same shape without dequantising the values.
            Map<String, String> source =
                    SHAPE_READERS.contains(node.getOpType()) ? quantized : dequantized;
            for (int k = 0; k < b.getInputCount(); k++) {
                String renamed = source.get(b.getInput(k));
                if (renamed != null) {
                    b.setInput(k, renamed);
                }
            }
            if (plan.quantizedNodes().contains(i) && isWeighted(node)) {
                quantizeWeights(node, b);
            }
            for (Map.Entry<Integer, Integer> f : plan.foldedRelus().entrySet()) {
                if (f.getValue() == i) {
                    b.setOutput(0, graph.getNode(f.getKey()).getOutput(0));
                }
            }
            body.add(b.build());
            for (String out : b.getOutputList()) {
                if (dequantized.containsKey(out)) {
                    addPair(out, body);
                }
            }
        }
        List<NodeProto> nodes = new ArrayList<>(weightNodes);
        nodes.addAll(body);
        Set<String> used = new HashSet<>();
        Set<String> produced = new HashSet<>();
        for (NodeProto n : nodes) {
            used.addAll(n.getInputList());
            produced.addAll(n.getOutputList());
        }
        for (ValueInfoProto v : graph.getOutputList()) {
            used.add(v.getName());
        }
        // An initializer also listed as a graph input (old exporters) stays: dropping it would
        // turn it into an input the caller must feed.
        for (ValueInfoProto v : graph.getInputList()) {
            used.add(v.getName());
        }
        GraphProto.Builder g = graph.toBuilder().clearNode().addAllNode(nodes).clearInitializer();
        for (TensorProto t : graph.getInitializerList()) {
            if (used.contains(t.getName())) {
                g.addInitializer(t);
            }
        }
        g.addAllInitializer(newInitializers);
        // Shape hints of tensors that no longer exist (a folded ReLU's input) would confuse
        // readers.
        g.clearValueInfo();
        for (ValueInfoProto v : graph.getValueInfoList()) {
            if (produced.contains(v.getName())) {
                g.addValueInfo(v);
            }
        }
        return g.build();
    }

    private static boolean isWeighted(NodeProto node) {
        return Set.of("Conv", "Gemm", "MatMul").contains(node.getOpType());
    }

    private void addPair(String tensor, List<NodeProto> out) {
        ActivationParams p = params.get(tensor);
        if (p == null) {
            throw new IllegalStateException("no quantisation parameters for " + tensor);
        }
        String scale = unique(tensor + "_scale");
        String zero = unique(tensor + "_zero_point");
        newInitializers.add(TensorProtos.floatTensor(scale, new long[0], new float[] {p.scale()}));
        newInitializers.add(
                TensorProtos.uint8Tensor(zero, new long[0], new byte[] {(byte) p.zeroPoint()}));
        String q = quantized.get(tensor);
        out.add(node("QuantizeLinear", List.of(tensor, scale, zero), q, -1));
        out.add(node("DequantizeLinear", List.of(q, scale, zero), dequantized.get(tensor), -1));
    }

    private void quantizeWeights(NodeProto node, NodeProto.Builder b) {
        String op = node.getOpType();
        String weight = node.getInput(1);
        TensorProto w = initializers.get(weight);
        boolean perChannel = op.equals("Conv");
        String wdq = quantizedWeights.get(weight);
        if (wdq == null) {
            long[] dims = TensorProtos.dims(w);
            float[] values = TensorProtos.floats(w);
            WeightQuantization.Quantized q =
                    perChannel
                            ? WeightQuantization.perChannel(values, (int) dims[0])
                            : WeightQuantization.perTensor(values);
            wdq = dequantize(weight, dims, q, perChannel);
            quantizedWeights.put(weight, wdq);
        }
        float[] scales = scalesByWeight.get(weight);
        b.setInput(1, wdq);
        boolean hasBias = node.getInputCount() > 2 && initializers.containsKey(node.getInput(2));
        if (hasBias && (perChannel || gemmBiasFits(node))) {
            String bias = node.getInput(2);
            TensorProto bt = initializers.get(bias);
            ActivationParams in = params.get(node.getInput(0));
            float[] bs = WeightQuantization.biasScales(in.scale(), scales);
            int[] bq = WeightQuantization.bias(TensorProtos.floats(bt), in.scale(), scales);
            String base = unique(bias + "_int32");
            newInitializers.add(TensorProtos.int32Tensor(base, TensorProtos.dims(bt), bq));
            String s = unique(bias + "_scale");
            String z = unique(bias + "_zero_point");
            long[] sd = bs.length == 1 ? new long[0] : new long[] {bs.length};
            newInitializers.add(TensorProtos.floatTensor(s, sd, bs));
            newInitializers.add(TensorProtos.int32Tensor(z, sd, new int[bs.length]));
            String out = unique(bias + "_dequantized");
            weightNodes.add(
                    node("DequantizeLinear", List.of(base, s, z), out, bs.length > 1 ? 0 : -1));
            b.setInput(2, out);
        }
    }

    /** QGemm takes an int32 bias of shape (N) at beta 1; other biases stay float. */
    private boolean gemmBiasFits(NodeProto node) {
        if (!node.getOpType().equals("Gemm")) {
            return false;
        }
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals("beta") && a.getF() != 1f) {
                return false;
            }
        }
        return initializers.get(node.getInput(2)).getDimsCount() == 1;
    }

    private String dequantize(
            String weight, long[] dims, WeightQuantization.Quantized q, boolean perChannel) {
        String base = unique(weight + "_int8");
        newInitializers.add(TensorProtos.int8Tensor(base, dims, q.values()));
        float[] scales = q.scales();
        scalesByWeight.put(weight, scales);
        long[] sd = perChannel ? new long[] {scales.length} : new long[0];
        String s = unique(weight + "_scale");
        String z = unique(weight + "_zero_point");
        newInitializers.add(TensorProtos.floatTensor(s, sd, scales));
        newInitializers.add(TensorProtos.int8Tensor(z, sd, new byte[scales.length]));
        String out = unique(weight + "_dequantized");
        weightNodes.add(node("DequantizeLinear", List.of(base, s, z), out, perChannel ? 0 : -1));
        return out;
    }

    private NodeProto node(String op, List<String> inputs, String output, int axis) {
        NodeProto.Builder n =
                NodeProto.newBuilder()
                        .setOpType(op)
                        .setName(unique(output + "_" + op))
                        .addAllInput(inputs)
                        .addOutput(output);
        if (axis >= 0) {
            n.addAttribute(
                    AttributeProto.newBuilder()
                            .setName("axis")
                            .setType(AttributeProto.AttributeType.INT)
                            .setI(axis));
        }
        return n.build();
    }

    private String unique(String base) {
        String name = base;
        for (int k = 1; names.contains(name); k++) {
            name = base + "_" + k;
        }
        names.add(name);
        return name;
    }
}
