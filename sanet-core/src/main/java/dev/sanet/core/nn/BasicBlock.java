package dev.sanet.core.nn;

import ai.djl.nn.Block;
import java.util.List;

/**
 * The basic residual block of ResNet18/34 (GluonCV {@code BasicBlockV1b}): 3x3 convolution with the
 * block's stride, batch norm, ReLU, 3x3 convolution, batch norm, plus the shortcut, then ReLU. Both
 * 3x3 convolutions use the block's dilation (padding = dilation, so the size is kept). Expansion 1.
 *
 * <p>The families differ here, and no paper network uses basic blocks: GluonCV, timm and
 * PyTorch-Encoding give the second convolution of a dilated stage's first block the stage's
 * dilation, mmcv leaves every second convolution undilated, torchvision has no dilated basic block.
 * sanet dilates both alike, so imported ResNet18/34 weights fit by shape and compute slightly
 * differently in the first block of a dilated stage (docs/architecture.md).
 *
 * <p>Input (N, inChannels, H, W); output (N, planes, ceil(H / stride), ceil(W / stride)).
 */
public final class BasicBlock extends ResidualBlock {

    /**
     * Creates a block with a strided 1x1 projection shortcut when one is needed.
     *
     * @param inChannels the input channels (decides whether a projection shortcut is needed)
     * @param planes the output channels
     * @param stride 1 or 2, on the first convolution and the shortcut
     * @param dilation the dilation of both 3x3 convolutions
     */
    public BasicBlock(int inChannels, int planes, int stride, int dilation) {
        this(inChannels, planes, stride, dilation, false);
    }

    /**
     * Creates the block.
     *
     * @param inChannels the input channels (decides whether a projection shortcut is needed)
     * @param planes the output channels
     * @param stride 1 or 2, on the first convolution and the shortcut
     * @param dilation the dilation of both 3x3 convolutions
     * @param avgDown whether a projection shortcut average-pools before its 1x1 convolution
     *     (GluonCV's {@code avg_down}) rather than striding the convolution
     */
    public BasicBlock(int inChannels, int planes, int stride, int dilation, boolean avgDown) {
        super(
                List.<Block>of(
                        SafeConv2d.of(planes, 3, stride, dilation, 1, false),
                        SafeConv2d.of(planes, 3, 1, dilation, 1, false)),
                stride != 1 || inChannels != planes ? projection(planes, stride, avgDown) : null);
    }
}
