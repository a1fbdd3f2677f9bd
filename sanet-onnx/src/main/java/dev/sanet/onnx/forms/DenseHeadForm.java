package dev.sanet.onnx.forms;

import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import dev.sanet.core.nn.BatchNorm2d;
import dev.sanet.core.nn.DenseHead;
import java.util.List;
import java.util.Map;

/**
 * The dense (FCN) head: 3x3 convolution with its batch norm folded in, ReLU, then the 1x1
 * classifier; dropout is the identity in inference and is not written.
 */
final class DenseHeadForm implements BlockForm<DenseHead> {

    @Override
    public List<String> emit(Emission e, DenseHead block, List<String> inputs) {
        Map<String, Block> c = Emission.children(block);
        String y =
                e.conv(
                        (Convolution) c.get("conv"),
                        (BatchNorm2d) c.get("bn"),
                        "conv",
                        inputs.get(0));
        y = e.graph().op("Relu", e.hint("relu"), y);
        return List.of(e.child(c.get("classifier"), "classifier", y));
    }
}
