package dev.sanet.onnx.forms;

import ai.djl.nn.Block;
import dev.sanet.core.nn.Pooling;
import dev.sanet.core.nn.SqueezeAttention;
import java.util.List;
import java.util.Map;

/**
 * The squeeze-and-attention module: the {@code main} chain on x; the {@code attention} chain on x
 * pooled with kernel = stride = the pool ratio in ceil mode (average windows cut by the border
 * averaged over the cells inside, a side shorter than the ratio pooled whole), then a sigmoid and
 * an align-corners resize to the main output's size; out = {@code attn * res + attn}.
 */
final class SqueezeAttentionForm implements BlockForm<SqueezeAttention> {

    @Override
    public List<String> emit(Emission e, SqueezeAttention block, List<String> inputs) {
        Map<String, Block> c = Emission.children(block);
        var g = e.graph();
        String x = inputs.get(0);
        String res = e.child(c.get("main"), "main", x);
        long r = block.poolRatio();
        String pooled =
                block.pooling() == Pooling.AVG
                        ? g.node("AveragePool", e.hint("pool"), x)
                                .attrs("kernel_shape", r, r)
                                .attrs("strides", r, r)
                                .attr("ceil_mode", 1L)
                                .attr("count_include_pad", 0L)
                                .output()
                        : g.node("MaxPool", e.hint("pool"), x)
                                .attrs("kernel_shape", r, r)
                                .attrs("strides", r, r)
                                .attr("ceil_mode", 1L)
                                .output();
        String attn = e.child(c.get("attention"), "attention", pooled);
        attn = g.op("Sigmoid", e.hint("sigmoid"), attn);
        attn = e.resizeLike(attn, res, "resize");
        String y = g.op("Mul", e.hint("mul"), attn, res);
        return List.of(g.op("Add", e.hint("add"), y, attn));
    }
}
