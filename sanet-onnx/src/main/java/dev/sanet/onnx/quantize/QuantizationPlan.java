package dev.sanet.onnx.quantize;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which nodes of a float graph run quantised and which tensors get a QuantizeLinear /
 * DequantizeLinear pair: the graph analysis of {@link Int8Quantizer}, with no arithmetic.
 *
 * <ul>
 *   <li>Layers with weights ({@code Conv}, {@code Gemm}, {@code MatMul} whose weight is an
 *       initializer) are quantised unless kept float (the first or last N of them, or by name).
 *   <li>Operators with integer kernels or an exact uint8 form ({@code Add}, {@code Mul}, {@code
 *       Concat}, pools, {@code Sigmoid}, {@code Resize}, reshapes) are quantised when one of their
 *       inputs already is, so quantisation spreads from the layers and stops at a float layer
 *       rather than quantising a float layer's output (the class scores) for nothing.
 *   <li>Pools that pick values, {@code Resize} and reshapes reuse their input's parameters: ONNX
 *       Runtime then drops their QDQ pairs and runs them on the uint8 values.
 *   <li>A {@code Relu} that is the only reader of a quantised node's output is removed; its output
 *       is quantised with zero point 0, whose clamp is the ReLU.
 * </ul>
 */
final class QuantizationPlan {

    private static final Set<String> WEIGHTED = Set.of("Conv", "Gemm", "MatMul");
    private static final Set<String> MULTI_INPUT = Set.of("Add", "Mul", "Concat");
    private static final Set<String> UNARY = Set.of("GlobalAveragePool", "AveragePool", "Sigmoid");
    private static final Set<String> SHARED =
            Set.of("MaxPool", "Resize", "Flatten", "Reshape", "Squeeze", "Unsqueeze", "Transpose");

    private final Set<Integer> quantizedNodes = new LinkedHashSet<>();
    private final List<Integer> keptFloat = new ArrayList<>();
    private final Map<Integer, Integer> foldedRelus = new HashMap<>();
    private final Set<String> quantizedTensors = new LinkedHashSet<>();
    private final Map<String, String> sharedParams = new LinkedHashMap<>();

    private QuantizationPlan() {}

    /**
     * Plans the quantisation of a graph.
     *
     * @param graph a topologically sorted float graph
     * @param keepFirst how many layers with weights, counted from the input, stay float
     * @param keepLast how many layers with weights, counted from the output, stay float
     * @param keepNodes names of nodes that stay float
     * @return the plan
     */
    static QuantizationPlan of(
            GraphProto graph, int keepFirst, int keepLast, Set<String> keepNodes) {
        QuantizationPlan plan = new QuantizationPlan();
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : graph.getInitializerList()) {
            initializers.add(t.getName());
        }
        Set<String> graphOutputs = new HashSet<>();
        for (ValueInfoProto v : graph.getOutputList()) {
            graphOutputs.add(v.getName());
        }
        Map<String, List<Integer>> readers = readers(graph);
        List<Integer> weighted = new ArrayList<>();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            if (isWeighted(graph.getNode(i), initializers)) {
                weighted.add(i);
            }
        }
        Set<Integer> keptLayers = new HashSet<>();
        for (int k = 0; k < weighted.size(); k++) {
            if (k < keepFirst || k >= weighted.size() - keepLast) {
                keptLayers.add(weighted.get(k));
            }
        }
        // Forward: which nodes could run quantised, and the tensor each one's Q would follow.
        Set<String> domain = new HashSet<>();
        Map<Integer, String> outputs = new HashMap<>();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            if (plan.foldedRelus.containsKey(i)) {
                continue;
            }
            NodeProto node = graph.getNode(i);
            boolean candidate;
            if (weighted.contains(i)) {
                candidate = !keptLayers.contains(i) && !keepNodes.contains(node.getName());
            } else if (isActivationOp(node, initializers)
                    && dataInputs(node).stream().anyMatch(domain::contains)) {
                candidate = !keepNodes.contains(node.getName());
            } else {
                continue;
            }
            if (!candidate) {
                plan.keptFloat.add(i);
                continue;
            }
            plan.quantizedNodes.add(i);
            String out = node.getOutput(0);
            List<Integer> outReaders = readers.getOrDefault(out, List.of());
            if (!SHARED.contains(node.getOpType())
                    && outReaders.size() == 1
                    && !graphOutputs.contains(out)
                    && graph.getNode(outReaders.get(0)).getOpType().equals("Relu")) {
                int relu = outReaders.get(0);
                plan.foldedRelus.put(relu, i);
                out = graph.getNode(relu).getOutput(0);
            }
            if (!graphOutputs.contains(out)) {
                domain.add(out);
                outputs.put(i, out);
            }
        }
        // Backward: an operator without weights whose output no quantised node reads stays float.
        // Quantising it would only add rounding, and a float layer right after a DequantizeLinear
        // gets its weights rounded to int8 by ONNX Runtime 1.21's weight-and-bias quantisation.
        List<Integer> order = new ArrayList<>(plan.quantizedNodes);
        for (int k = order.size() - 1; k >= 0; k--) {
            int i = order.get(k);
            String out = outputs.get(i);
            if (weighted.contains(i)) {
                continue;
            }
            boolean read =
                    out != null
                            && readers.getOrDefault(out, List.of()).stream()
                                    .anyMatch(plan.quantizedNodes::contains);
            if (!read) {
                plan.quantizedNodes.remove(i);
                plan.foldedRelus.values().remove(i);
                outputs.remove(i);
            }
        }
        for (int i : plan.quantizedNodes) {
            NodeProto node = graph.getNode(i);
            plan.quantizedTensors.addAll(dataInputs(node));
            String out = outputs.get(i);
            if (out != null) {
                plan.quantizedTensors.add(out);
                if (SHARED.contains(node.getOpType())) {
                    plan.sharedParams.put(out, node.getInput(0));
                }
            }
        }
        return plan;
    }

    /**
     * The indices of the nodes that run quantised, in graph order.
     *
     * @return a set view
     */
    Set<Integer> quantizedNodes() {
        return quantizedNodes;
    }

    /**
     * The indices of the nodes kept float by option: layers with weights, and operators with a
     * quantised input named in {@code keepNodes}.
     *
     * @return a list view, graph order
     */
    List<Integer> keptFloat() {
        return keptFloat;
    }

    /**
     * ReLU nodes removed, each mapped to the quantised node whose output it read.
     *
     * @return a map view
     */
    Map<Integer, Integer> foldedRelus() {
        return foldedRelus;
    }

    /**
     * The float tensors that get a QuantizeLinear / DequantizeLinear pair, graph order.
     *
     * @return a set view
     */
    Set<String> quantizedTensors() {
        return quantizedTensors;
    }

    /**
     * Tensors that take the parameters of another (a pool's or resize's input), in graph order.
     *
     * @return output name to input name
     */
    Map<String, String> sharedParams() {
        return sharedParams;
    }

    /**
     * The tensors whose ranges calibration measures: the quantised tensors that do not share.
     *
     * @return names, graph order
     */
    List<String> calibratedTensors() {
        List<String> out = new ArrayList<>();
        for (String t : quantizedTensors) {
            if (!sharedParams.containsKey(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * The activation inputs of a node that quantisation would pair: the data input of a layer, pool
     * or reshape, every input of {@code Add}, {@code Mul} and {@code Concat}.
     *
     * @param node the node
     * @return input names
     */
    static List<String> dataInputs(NodeProto node) {
        if (MULTI_INPUT.contains(node.getOpType())) {
            return node.getInputList().stream().filter(s -> !s.isEmpty()).toList();
        }
        return List.of(node.getInput(0));
    }

    private static boolean isWeighted(NodeProto node, Set<String> initializers) {
        if (!WEIGHTED.contains(node.getOpType()) || node.getInputCount() < 2) {
            return false;
        }
        if (initializers.contains(node.getInput(0)) || !initializers.contains(node.getInput(1))) {
            return false;
        }
        return node.getOutputCount() == 1;
    }

    private static boolean isActivationOp(NodeProto node, Set<String> initializers) {
        String op = node.getOpType();
        if (!(MULTI_INPUT.contains(op) || UNARY.contains(op) || SHARED.contains(op))) {
            return false;
        }
        // One output (MaxPool's indices output is not quantised), no constant operand.
        long outputs = node.getOutputList().stream().filter(s -> !s.isEmpty()).count();
        return outputs == 1
                && node.getInputCount() > 0
                && dataInputs(node).stream().noneMatch(initializers::contains);
    }

    private static Map<String, List<Integer>> readers(GraphProto graph) {
        Map<String, List<Integer>> out = new HashMap<>();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            for (String in : graph.getNode(i).getInputList()) {
                out.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
            }
        }
        return out;
    }
}
