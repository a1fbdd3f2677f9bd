package dev.sanet.onnx.forms;

import ai.djl.nn.Block;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A SANet (or baseline) network, giving one tensor: the chosen prediction's class logits at the
 * input's size, as {@code SANet.predictionLogits} picks them from the block's outputs, with only
 * the parts that prediction reads.
 *
 * <ul>
 *   <li>{@link Prediction#MASK}: backbone, SA heads, each head's output resized to c2's size,
 *       concatenated, the {@code mask} convolution, resized to the input. No dense head, no
 *       categorical {@code cat} layer.
 *   <li>{@link Prediction#DENSE}: backbone, dense head and SA4 on c4, summed, resized to the input.
 *   <li>{@link Prediction#SUM}: both, resized separately and added (SA4 written once).
 *   <li>FCN, FCN-SE or zero heads: backbone, the SE module (FCN-SE), dense head, resized to the
 *       input, whatever the prediction.
 * </ul>
 */
final class SANetForm implements BlockForm<SANetBlock> {

    @Override
    public List<String> emit(Emission e, SANetBlock block, List<String> inputs) {
        SANet def = block.definition();
        Map<String, Block> c = Emission.children(block);
        String x = inputs.get(0);
        List<String> feats = e.child(c.get("backbone"), "backbone", List.of(x));
        String c4 = feats.get(3);
        var g = e.graph();
        if (!def.hasAttentionOutputs()) {
            Block se = c.get("se");
            String f = se == null ? c4 : e.child(se, "se", c4);
            String den = e.child(c.get("dense"), "dense", f);
            return List.of(e.resizeLike(den, x, "dense_up"));
        }
        Prediction p = e.prediction();
        String sa4 = null;
        String maskUp = null;
        if (p != Prediction.DENSE) {
            List<String> resized = new ArrayList<>();
            for (int stage = 1; stage <= 4; stage++) {
                Block head = c.get("sa" + stage);
                if (head == null) {
                    continue;
                }
                String y = e.child(head, "sa" + stage, feats.get(stage - 1));
                if (stage == 4) {
                    sa4 = y;
                }
                resized.add(e.resizeLike(y, feats.get(1), "sa" + stage + "_up"));
            }
            String concat =
                    resized.size() == 1
                            ? resized.get(0)
                            : g.node("Concat", e.hint("concat"), resized.toArray(String[]::new))
                                    .attr("axis", 1L)
                                    .output();
            String mask = e.child(c.get("mask"), "mask", concat);
            maskUp = e.resizeLike(mask, x, "mask_up");
        }
        if (p == Prediction.MASK) {
            return List.of(maskUp);
        }
        String head4 = sa4 != null ? sa4 : e.child(c.get("sa4"), "sa4", c4);
        String den = e.child(c.get("dense"), "dense", c4);
        String dense = e.resizeLike(g.op("Add", e.hint("dense_sum"), den, head4), x, "dense_up");
        return List.of(
                p == Prediction.DENSE ? dense : g.op("Add", e.hint("sum"), sum(maskUp), dense));
    }

    private static String sum(@Nullable String maskUp) {
        if (maskUp == null) {
            throw new IllegalStateException("the mask path is written for the sum prediction");
        }
        return maskUp;
    }
}
