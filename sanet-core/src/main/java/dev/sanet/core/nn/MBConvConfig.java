package dev.sanet.core.nn;

import dev.sanet.core.settings.SettingException;

/**
 * The settings of one {@link MBConvBlock}.
 *
 * @param inChannels the input channels
 * @param outChannels the output channels
 * @param expansion the expansion ratio of the 1x1 expansion convolution; 1 means no expansion
 *     convolution (EfficientNet's first stage)
 * @param kernel the depthwise convolution's kernel size (3 or 5 in EfficientNet)
 * @param stride the depthwise convolution's stride, 1 or 2
 * @param dilation the depthwise convolution's dilation
 * @param dropRate the stochastic-depth rate of the residual branch, used in training only and only
 *     where the block has a residual connection
 */
public record MBConvConfig(
        int inChannels,
        int outChannels,
        int expansion,
        int kernel,
        int stride,
        int dilation,
        double dropRate) {

    /**
     * Checks the values.
     *
     * @param inChannels at least 1
     * @param outChannels at least 1
     * @param expansion at least 1
     * @param kernel odd, at least 1
     * @param stride 1 or 2
     * @param dilation at least 1
     * @param dropRate in [0, 1)
     * @throws SettingException naming the first bad value
     */
    public MBConvConfig {
        if (inChannels < 1) {
            throw new SettingException("inChannels", inChannels, ">= 1");
        }
        if (outChannels < 1) {
            throw new SettingException("outChannels", outChannels, ">= 1");
        }
        if (expansion < 1) {
            throw new SettingException("expansion", expansion, ">= 1");
        }
        if (kernel < 1 || kernel % 2 == 0) {
            throw new SettingException("kernel", kernel, "an odd size >= 1");
        }
        if (stride != 1 && stride != 2) {
            throw new SettingException("stride", stride, "1 or 2");
        }
        if (dilation < 1) {
            throw new SettingException("dilation", dilation, ">= 1");
        }
        if (!(dropRate >= 0 && dropRate < 1)) {
            throw new SettingException("dropRate", dropRate, "in [0, 1)");
        }
    }

    /**
     * The channels of the depthwise convolution.
     *
     * @return {@code inChannels x expansion}
     */
    public int expandedChannels() {
        return inChannels * expansion;
    }

    /**
     * The channels of the squeeze-and-excitation bottleneck: a quarter of the block's input
     * channels, at least 1 (torchvision's and timm's rule).
     *
     * @return {@code max(1, inChannels / 4)}
     */
    public int squeezeChannels() {
        return Math.max(1, inChannels / 4);
    }

    /**
     * Whether the block adds its input to its output: stride 1 and equal channels.
     *
     * @return true for a residual block
     */
    public boolean residual() {
        return stride == 1 && inChannels == outChannels;
    }
}
