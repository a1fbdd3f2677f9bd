package dev.sanet.onnx.forms;

import ai.djl.nn.Block;
import dev.sanet.core.nn.SqueezeExcitation;
import java.util.List;
import java.util.Map;

/**
 * The squeeze-and-excitation module in the paper's residual form: {@code x w + x} with {@code w =
 * sigmoid(fc2(relu(fc1(avgpool(x)))))} reshaped to (N, C, 1, 1).
 */
final class SqueezeExcitationForm implements BlockForm<SqueezeExcitation> {

    @Override
    public List<String> emit(Emission e, SqueezeExcitation block, List<String> inputs) {
        Map<String, Block> c = Emission.children(block);
        var g = e.graph();
        String x = inputs.get(0);
        String s = g.op("GlobalAveragePool", e.hint("pool"), x);
        s = g.node("Flatten", e.hint("flatten"), s).attr("axis", 1L).output();
        s = g.op("Relu", e.hint("relu"), e.child(c.get("fc1"), "fc1", s));
        String w = g.op("Sigmoid", e.hint("sigmoid"), e.child(c.get("fc2"), "fc2", s));
        w = g.op("Reshape", e.hint("weights"), w, g.int64s(0, -1, 1, 1));
        return List.of(g.op("Add", e.hint("add"), g.op("Mul", e.hint("mul"), x, w), x));
    }
}
