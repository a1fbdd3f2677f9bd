package dev.sanet.core.nn;

import ai.djl.nn.Block;
import java.util.List;

/**
 * The basic residual block of ResNet18/34 (GluonCV {@code BasicBlockV1b}): 3x3 convolution with the
 * block's stride, batch norm, ReLU, 3x3 convolution, batch norm, plus the shortcut, then ReLU.
 * Expansion 1.
 *
 * <p>Dilation: the first convolution takes the block's first dilation and the second the stage's
 * dilation ("same" padding, so the size is kept). They differ only in the first block of a dilated
 * stage, whose first convolution keeps the smaller dilation of the stage before, as GluonCV's
 * {@code BasicBlockV1b}, timm's {@code BasicBlock} and PyTorch-Encoding do (torchvision has no
 * dilated basic block).
 *
 * <p>Input (N, inChannels, H, W); output (N, planes, ceil(H / stride), ceil(W / stride)).
 */
public final class BasicBlock extends ResidualBlock {

    /**
     * Creates a block whose two convolutions share one dilation, with a strided 1x1 projection
     * shortcut when one is needed.
     *
     * @param inChannels the input channels (decides whether a projection shortcut is needed)
     * @param planes the output channels
     * @param stride 1 or 2, on the first convolution and the shortcut
     * @param dilation the dilation of both 3x3 convolutions
     */
    public BasicBlock(int inChannels, int planes, int stride, int dilation) {
        this(inChannels, planes, stride, dilation, dilation, false);
    }

    /**
     * Creates the block.
     *
     * @param inChannels the input channels (decides whether a projection shortcut is needed)
     * @param planes the output channels
     * @param stride 1 or 2, on the first convolution and the shortcut
     * @param firstDilation the dilation of the first 3x3 convolution
     * @param dilation the dilation of the second 3x3 convolution
     * @param avgDown whether a projection shortcut average-pools before its 1x1 convolution
     *     (GluonCV's {@code avg_down}) rather than striding the convolution
     */
    public BasicBlock(
            int inChannels,
            int planes,
            int stride,
            int firstDilation,
            int dilation,
            boolean avgDown) {
        super(
                List.<Block>of(
                        SafeConv2d.of(planes, 3, stride, firstDilation, 1, false),
                        SafeConv2d.of(planes, 3, 1, dilation, 1, false)),
                stride != 1 || inChannels != planes ? projection(planes, stride, avgDown) : null);
    }
}
