package dev.sanet.onnx.quantize;

import java.util.List;

/**
 * What {@link Int8Quantizer} did to a graph.
 *
 * @param quantizedNodes the nodes that run quantised (name, or {@code OpType#index} for an unnamed
 *     node), graph order
 * @param floatNodes the nodes kept float: layers with weights by {@code keepFirst}, {@code
 *     keepLast} or {@code keepNodes}, and operators with a quantised input by {@code keepNodes}
 * @param removedRelus ReLU nodes removed because the quantiser's clamp does their work
 * @param quantizedTensors activation tensors with a QuantizeLinear / DequantizeLinear pair
 * @param calibrationInputs how many calibration inputs were run
 */
public record Int8Report(
        List<String> quantizedNodes,
        List<String> floatNodes,
        int removedRelus,
        int quantizedTensors,
        int calibrationInputs) {

    /**
     * Copies the lists.
     *
     * @param quantizedNodes the quantised nodes
     * @param floatNodes the nodes kept float
     * @param removedRelus ReLUs removed
     * @param quantizedTensors activation tensors quantised
     * @param calibrationInputs calibration inputs run
     */
    public Int8Report {
        quantizedNodes = List.copyOf(quantizedNodes);
        floatNodes = List.copyOf(floatNodes);
    }
}
