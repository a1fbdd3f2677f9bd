package dev.sanet.core.nn;

import ai.djl.nn.Block;
import java.util.List;

/**
 * The bottleneck residual block of ResNet50/101/152 (GluonCV {@code BottleneckV1b}, torchvision's
 * "v1.5" {@code Bottleneck}): 1x1 convolution to {@code planes}, batch norm, ReLU, 3x3 convolution
 * with the block's stride and dilation (the "v1b" placement of the stride), batch norm, ReLU, 1x1
 * convolution to {@code 4 x planes}, batch norm, plus the shortcut, then ReLU. Convolutions have no
 * bias.
 *
 * <p>Input (N, inChannels, H, W); output (N, 4 * planes, ceil(H / stride), ceil(W / stride)).
 */
public final class BottleneckBlock extends ResidualBlock {

    /** The channel expansion of the last 1x1 convolution. */
    public static final int EXPANSION = 4;

    /**
     * Creates a block with a strided 1x1 projection shortcut when one is needed.
     *
     * @param inChannels the input channels (decides whether a projection shortcut is needed)
     * @param planes the bottleneck width; the output has {@code 4 * planes} channels
     * @param stride 1 or 2, on the 3x3 convolution and the shortcut
     * @param dilation the dilation of the 3x3 convolution
     */
    public BottleneckBlock(int inChannels, int planes, int stride, int dilation) {
        this(inChannels, planes, stride, dilation, false);
    }

    /**
     * Creates the block.
     *
     * @param inChannels the input channels (decides whether a projection shortcut is needed)
     * @param planes the bottleneck width; the output has {@code 4 * planes} channels
     * @param stride 1 or 2, on the 3x3 convolution and the shortcut
     * @param dilation the dilation of the 3x3 convolution
     * @param avgDown whether a projection shortcut average-pools before its 1x1 convolution
     *     (GluonCV's {@code avg_down}) rather than striding the convolution
     */
    public BottleneckBlock(int inChannels, int planes, int stride, int dilation, boolean avgDown) {
        super(
                List.<Block>of(
                        SafeConv2d.of(planes, 1, 1, 1, 1, false),
                        SafeConv2d.of(planes, 3, stride, dilation, 1, false),
                        SafeConv2d.of(planes * EXPANSION, 1, 1, 1, 1, false)),
                stride != 1 || inChannels != planes * EXPANSION
                        ? projection(planes * EXPANSION, stride, avgDown)
                        : null);
    }
}
