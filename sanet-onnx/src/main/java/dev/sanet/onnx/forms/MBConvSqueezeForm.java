package dev.sanet.onnx.forms;

import ai.djl.nn.Block;
import dev.sanet.core.nn.MBConvSqueeze;
import java.util.List;
import java.util.Map;

/**
 * The squeeze-and-excitation gate of an MBConv block: {@code x sigmoid(conv_expand(silu(
 * conv_reduce(avgpool(x)))))}, the two 1x1 convolutions with bias on the (N, C, 1, 1) pooled map;
 * no residual term (unlike {@link SqueezeExcitationForm}).
 */
final class MBConvSqueezeForm implements BlockForm<MBConvSqueeze> {

    @Override
    public List<String> emit(Emission e, MBConvSqueeze block, List<String> inputs) {
        Map<String, Block> c = Emission.children(block);
        var g = e.graph();
        String x = inputs.get(0);
        String s = g.op("GlobalAveragePool", e.hint("pool"), x);
        s = e.silu(e.child(c.get("conv_reduce"), "conv_reduce", s), "act");
        String gate =
                g.op("Sigmoid", e.hint("gate"), e.child(c.get("conv_expand"), "conv_expand", s));
        return List.of(g.op("Mul", e.hint("mul"), x, gate));
    }
}
