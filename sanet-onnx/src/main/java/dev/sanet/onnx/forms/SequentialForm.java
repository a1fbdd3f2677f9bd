package dev.sanet.onnx.forms;

import ai.djl.nn.SequentialBlock;
import java.util.List;

/**
 * A sequential block: its children one after the other (children named by position), each
 * convolution followed by a batch norm written with the batch norm folded in.
 */
final class SequentialForm implements BlockForm<SequentialBlock> {

    @Override
    public List<String> emit(Emission e, SequentialBlock block, List<String> inputs) {
        return List.of(e.chain(Emission.children(block), inputs.get(0)));
    }
}
