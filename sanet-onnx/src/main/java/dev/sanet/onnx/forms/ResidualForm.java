package dev.sanet.onnx.forms;

import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import dev.sanet.core.nn.BatchNorm2d;
import dev.sanet.core.nn.ResidualBlock;
import java.util.List;
import java.util.Map;

/**
 * A residual block ({@code BasicBlock}, {@code BottleneckBlock}): {@code relu(F(x) + shortcut(x))},
 * F the chain {@code conv1, bn1, relu, conv2, bn2, ...} (no ReLU after the last batch norm) with
 * every batch norm folded into its convolution; the shortcut the identity or the {@code downsample}
 * chain (an optional average pool, a 1x1 convolution and its folded batch norm).
 */
final class ResidualForm implements BlockForm<ResidualBlock> {

    @Override
    public List<String> emit(Emission e, ResidualBlock block, List<String> inputs) {
        Map<String, Block> c = Emission.children(block);
        String x = inputs.get(0);
        String y = x;
        for (int i = 1; c.containsKey("conv" + i); i++) {
            if (i > 1) {
                y = e.graph().op("Relu", e.hint("relu" + (i - 1)), y);
            }
            y =
                    e.conv(
                            (Convolution) c.get("conv" + i),
                            (BatchNorm2d) c.get("bn" + i),
                            "conv" + i,
                            y);
        }
        Block down = c.get("downsample");
        String shortcut = down == null ? x : e.child(down, "downsample", x);
        return List.of(
                e.graph()
                        .op(
                                "Relu",
                                e.hint("relu"),
                                e.graph().op("Add", e.hint("add"), y, shortcut)));
    }
}
