package dev.sanet.onnx.forms;

import ai.djl.nn.Block;
import java.util.List;

/**
 * The ONNX form of one block type: writes the block's inference forward pass into the graph of an
 * {@link Emission}, reading the block's parameters and never changing them.
 *
 * @param <B> the block type
 */
@FunctionalInterface
public interface BlockForm<B extends Block> {

    /**
     * Writes the block's computation.
     *
     * @param e the emission under way: graph, form table, prediction, the block's path
     * @param block the block, initialised
     * @param inputs the names of the tensors the block reads, in forward order
     * @return the names of the tensors it gives, in forward order
     */
    List<String> emit(Emission e, B block, List<String> inputs);
}
