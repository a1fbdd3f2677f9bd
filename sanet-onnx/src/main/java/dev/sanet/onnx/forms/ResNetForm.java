package dev.sanet.onnx.forms;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import dev.sanet.core.nn.BatchNorm2d;
import dev.sanet.core.nn.ResNetV1s;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dilated ResNet backbone: the stem ({@code conv1}: one 7x7 convolution, or the deep stem's
 * {@code [conv, bn, relu, conv, bn, relu, conv]}) with the backbone's {@code bn1} folded into its
 * last convolution, ReLU, the 3x3 max pool with stride 2 and padding 1 (floor mode), then the four
 * stages; it gives the four stage outputs {@code [c1, c2, c3, c4]}.
 */
final class ResNetForm implements BlockForm<ResNetV1s> {

    @Override
    public List<String> emit(Emission e, ResNetV1s block, List<String> inputs) {
        Map<String, Block> c = Emission.children(block);
        Block stem = c.get("conv1");
        BatchNorm2d bn1 = (BatchNorm2d) c.get("bn1");
        String x;
        if (stem instanceof SequentialBlock deep) {
            Map<String, Block> layers = new LinkedHashMap<>(Emission.children(deep));
            List<String> names = new ArrayList<>(layers.keySet());
            String lastName = names.get(names.size() - 1);
            Convolution last = (Convolution) layers.remove(lastName);
            String y = e.chainUnder("conv1", layers, inputs.get(0));
            x = e.conv(last, bn1, "conv1." + lastName, y);
        } else {
            x = e.conv((Convolution) stem, bn1, "conv1", inputs.get(0));
        }
        var g = e.graph();
        x = g.op("Relu", e.hint("relu"), x);
        x =
                g.node("MaxPool", e.hint("maxpool"), x)
                        .attrs("kernel_shape", 3, 3)
                        .attrs("strides", 2, 2)
                        .attrs("pads", 1, 1, 1, 1)
                        .output();
        List<String> stages = new ArrayList<>(4);
        for (int i = 1; i <= 4; i++) {
            x = e.child(block.stage(i), "layer" + i, x);
            stages.add(x);
        }
        return stages;
    }
}
