package dev.sanet.onnx.forms;

import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import dev.sanet.core.nn.BatchNorm2d;
import dev.sanet.core.nn.EfficientNet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The EfficientNet backbone: the stem ({@code conv_stem}, 3x3 with stride 2, TF "same" padding in
 * the TF convention, with {@code bn1} folded in, SiLU), then the seven stages of MBConv blocks
 * ({@code blocks.0 .. blocks.6}); it gives the outputs of stages 2, 3, 5 and 7 (reductions 4, 8, 16
 * and 32 of the undilated network) as {@code [c1, c2, c3, c4]}, as {@link EfficientNet}'s forward
 * pass does.
 */
final class EfficientNetForm implements BlockForm<EfficientNet> {

    /** The 1-based stages whose outputs are the taps (EfficientNet's javadoc). */
    private static final int[] TAPS = {2, 3, 5, 7};

    @Override
    public List<String> emit(Emission e, EfficientNet block, List<String> inputs) {
        Map<String, Block> c = Emission.children(block);
        String x = inputs.get(0);
        long[] size = e.fixedSizeOf(x);
        Convolution stem = (Convolution) c.get("conv_stem");
        BatchNorm2d bn1 = (BatchNorm2d) c.get("bn1");
        String y =
                block.convention().samePadding()
                        ? TfSamePadding.conv(e, stem, bn1, "conv_stem", x, size)
                        : e.conv(stem, bn1, "conv_stem", x);
        y = e.silu(y, "act1");
        if (size != null) {
            e.fixedSize(y, (size[0] + 1) / 2, (size[1] + 1) / 2);
        }
        List<String> taps = new ArrayList<>(TAPS.length);
        int next = 0;
        for (int i = 1; next < TAPS.length; i++) {
            y = e.child(block.stage(i), "blocks." + (i - 1), y);
            if (i == TAPS[next]) {
                taps.add(y);
                next++;
            }
        }
        return taps;
    }
}
