package dev.sanet.onnx.forms;

import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import dev.sanet.core.nn.BatchNorm2d;
import dev.sanet.core.nn.MBConvBlock;
import dev.sanet.core.nn.MBConvConfig;
import java.util.List;
import java.util.Map;

/**
 * EfficientNet's MBConv block: the 1x1 expansion {@code conv_pw} (when the block expands), the
 * depthwise {@code conv_dw} ({@code group} = channels, the block's stride and dilation, TF "same"
 * padding when the block has it, see {@link TfSamePadding}), the {@code se} gate, the 1x1
 * projection; every batch norm folded into its convolution, SiLU as {@code x sigmoid(x)} after all
 * but the projection, the input added when the block is residual. Stochastic depth acts in training
 * only, so inference has no trace of it. A fixed input size gives a fixed output size, {@code
 * ceil(in / stride)}, recorded for the blocks after it.
 */
final class MBConvForm implements BlockForm<MBConvBlock> {

    @Override
    public List<String> emit(Emission e, MBConvBlock block, List<String> inputs) {
        Map<String, Block> c = Emission.children(block);
        MBConvConfig cfg = block.config();
        String x = inputs.get(0);
        long[] size = e.fixedSizeOf(x);
        boolean expands = c.containsKey("conv_pwl");
        String y = x;
        if (expands) {
            y = e.conv(conv(c, "conv_pw"), bn(c, "bn1"), "conv_pw", y);
            y = e.silu(y, "act1");
        }
        Convolution dw = conv(c, "conv_dw");
        BatchNorm2d dwBn = bn(c, expands ? "bn2" : "bn1");
        y =
                block.samePadding()
                        ? TfSamePadding.conv(e, dw, dwBn, "conv_dw", y, size)
                        : e.conv(dw, dwBn, "conv_dw", y);
        y = e.silu(y, "act2");
        y = e.child(c.get("se"), "se", y);
        String proj = expands ? "conv_pwl" : "conv_pw";
        y = e.conv(conv(c, proj), bn(c, expands ? "bn3" : "bn2"), proj, y);
        if (cfg.residual()) {
            y = e.graph().op("Add", e.hint("add"), y, x);
        }
        if (size != null) {
            int s = cfg.stride();
            e.fixedSize(y, (size[0] + s - 1) / s, (size[1] + s - 1) / s);
        }
        return List.of(y);
    }

    private static Convolution conv(Map<String, Block> c, String name) {
        return (Convolution) c.get(name);
    }

    private static BatchNorm2d bn(Map<String, Block> c, String name) {
        return (BatchNorm2d) c.get(name);
    }
}
