package dev.sanet.core.nn;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.Arrays;
import java.util.Locale;

/**
 * The input stem of a {@link ResNetV1s}: what turns the (N, 3, H, W) image into the input of stage
 * 1, before {@code bn1}, ReLU and the 3x3 max pool with stride 2. The names give the channels at
 * the paper's base width 64; at another base width {@code w} every stem width scales by {@code w /
 * 64}.
 *
 * <p>In GluonCV's terms ({@code resnetv1b.py}) a stem is {@code deep_stem} and {@code stem_width};
 * in mmcv's {@code deep_stem} and {@code stem_channels} (= twice the stem width); in timm's {@code
 * stem_type} and {@code stem_width}.
 */
public enum Stem {
    /**
     * One 7x7 convolution 3 -&gt; w with stride 2 and padding 3 (child {@code conv1}, parameter
     * {@code conv1.weight}): torchvision's ResNets, timm's {@code resnet*}, GluonCV's {@code v1b},
     * mmcv's default ResNet. Stage 1 takes w channels.
     */
    STANDARD("standard"),
    /**
     * Three 3x3 convolutions w/2 (stride 2), w/2, w, with batch norm and ReLU between them (child
     * {@code conv1}, a 7-entry sequence): GluonCV's {@code v1c}/{@code v1d}, timm's {@code
     * resnet*c}/{@code resnet*d}, mmcv's {@code ResNetV1c}/{@code ResNetV1d}. Stage 1 takes w
     * channels. Needs an even base width.
     */
    DEEP_32("deep32"),
    /**
     * Three 3x3 convolutions w (stride 2), w, 2w, with batch norm and ReLU between them: GluonCV's
     * {@code v1s}/{@code v1e}, PyTorch-Encoding's {@code resnet*s}, the paper's backbone and the
     * default. Stage 1 takes 2w channels.
     */
    DEEP_64("deep64");

    private final String cliName;

    Stem(String cliName) {
        this.cliName = cliName;
    }

    /**
     * The lower-case name used on the command line, in {@code sanet info} and in messages.
     *
     * @return {@code standard}, {@code deep32} or {@code deep64}
     */
    public String cliName() {
        return cliName;
    }

    /**
     * Whether the stem is three 3x3 convolutions (GluonCV's {@code deep_stem}).
     *
     * @return false for {@link #STANDARD} only
     */
    public boolean deep() {
        return this != STANDARD;
    }

    /**
     * The output channels of the first convolution.
     *
     * @param width the base width w
     * @return w for {@link #STANDARD} and {@link #DEEP_64}, w / 2 for {@link #DEEP_32}
     */
    public int firstChannels(int width) {
        return this == DEEP_32 ? width / 2 : width;
    }

    /**
     * The channels the stem hands to {@code bn1} and stage 1.
     *
     * @param width the base width w
     * @return 2w for {@link #DEEP_64}, w otherwise
     */
    public int outChannels(int width) {
        return this == DEEP_64 ? 2 * width : width;
    }

    /**
     * A short description for messages and reports.
     *
     * @param width the base width w
     * @return e.g. {@code the standard 7x7 stem (3->64)} or {@code the deep 64-64-128 stem}
     */
    public String describe(int width) {
        if (this == STANDARD) {
            return "the standard 7x7 stem (3->" + width + ")";
        }
        int first = firstChannels(width);
        return "the deep " + first + "-" + first + "-" + outChannels(width) + " stem";
    }

    /**
     * A fresh, uninitialised block of this stem for a base width, laid out as GluonCV and
     * torchvision lay it out so that imported weights map by name: one 7x7 convolution 3 -&gt;
     * width with stride 2 ({@link #STANDARD}), or {@code [conv, bn, relu, conv, bn, relu, conv]} of
     * 3x3 convolutions, the first with stride 2. The batch norm after it ({@code bn1}) and the max
     * pool belong to the backbone.
     *
     * @param width the base width
     * @return the block (the backbone's {@code conv1})
     */
    public Block newBlock(int width) {
        if (this == STANDARD) {
            return SafeConv2d.of(width, 7, 2, 1, 1, false);
        }
        int first = firstChannels(width);
        SequentialBlock s = new SequentialBlock();
        s.add(SafeConv2d.of(first, 3, 2, 1, 1, false))
                .add(Layers.bn())
                .add(Activation.reluBlock())
                .add(SafeConv2d.of(first, 3, 1, 1, 1, false))
                .add(Layers.bn())
                .add(Activation.reluBlock())
                .add(SafeConv2d.of(outChannels(width), 3, 1, 1, 1, false));
        return s;
    }

    /**
     * Folds the batch norms of a stem made by {@link #newBlock} into its convolutions, the last
     * convolution with the backbone's {@code bn1}.
     *
     * @param stem the stem block
     * @param bn1 the batch norm after it
     * @return the number of batch norms folded
     */
    static int foldBatchNorms(Block stem, Block bn1) {
        if (stem instanceof SequentialBlock deep) {
            var s = deep.getChildren();
            // The deep stem is [conv, bn, relu, conv, bn, relu, conv], then bn1.
            int n = BatchNormFolding.pair(s.get(0).getValue(), s.get(1).getValue());
            n += BatchNormFolding.pair(s.get(3).getValue(), s.get(4).getValue());
            return n + BatchNormFolding.pair(s.get(6).getValue(), bn1);
        }
        return BatchNormFolding.pair(stem, bn1);
    }

    /**
     * Parses a command-line name ({@code standard}, {@code deep32}, {@code deep64};
     * case-insensitive; the constant names and {@code 7x7} are accepted too).
     *
     * @param name the name
     * @return the stem
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static Stem fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("7x7")) {
            return STANDARD;
        }
        for (Stem s : values()) {
            if (s.cliName.equals(n)
                    || s.name().toLowerCase(Locale.ROOT).equals(n)
                    || s.name().toLowerCase(Locale.ROOT).replace("_", "-").equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown stem '"
                        + name
                        + "': use one of "
                        + String.join(", ", Arrays.stream(values()).map(s -> s.cliName).toList()));
    }
}
