package dev.sanet.onnx.forms;

import ai.djl.nn.core.Linear;
import java.util.List;

/**
 * A fully connected layer on (N, C): {@code Gemm} with the DJL weight (units, C) transposed ({@code
 * transB=1}) and its bias.
 */
final class LinearForm implements BlockForm<Linear> {

    @Override
    public List<String> emit(Emission e, Linear block, List<String> inputs) {
        long[] ws = block.getParameters().get("weight").getArray().getShape().getShape();
        var g = e.graph();
        String w = g.floats(e.hint("weight"), e.values(block, "weight"), ws);
        String b = g.floats(e.hint("bias"), e.values(block, "bias"), ws[0]);
        return List.of(g.node("Gemm", e.path(), inputs.get(0), w, b).attr("transB", 1L).output());
    }
}
