package dev.sanet.onnx.forms;

import ai.djl.nn.convolutional.Conv2d;
import java.util.List;

/**
 * A 2-D convolution ({@link Conv2d}, sanet's {@code SafeConv2d}) on its own: ONNX {@code Conv}. A
 * convolution followed by a batch norm is written by its parent with the batch norm folded in
 * ({@link Emission#conv}).
 */
final class ConvForm implements BlockForm<Conv2d> {

    @Override
    public List<String> emit(Emission e, Conv2d block, List<String> inputs) {
        return List.of(e.convHere(block, inputs.get(0)));
    }
}
