package dev.sanet.onnx.forms;

import dev.sanet.core.nn.ShortcutPool;
import java.util.List;

/**
 * The average pool of an {@code avg_down} shortcut: {@code AveragePool} with kernel = stride = the
 * block's stride, ceil mode, border windows averaged over the cells inside ({@code
 * count_include_pad=0}); the identity with stride 1.
 */
final class ShortcutPoolForm implements BlockForm<ShortcutPool> {

    @Override
    public List<String> emit(Emission e, ShortcutPool block, List<String> inputs) {
        int s = block.stride();
        if (s == 1) {
            return inputs;
        }
        return List.of(
                e.graph()
                        .node("AveragePool", e.path(), inputs.get(0))
                        .attrs("kernel_shape", s, s)
                        .attrs("strides", s, s)
                        .attr("ceil_mode", 1L)
                        .attr("count_include_pad", 0L)
                        .output());
    }
}
