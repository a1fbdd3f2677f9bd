package dev.sanet.core;

import dev.sanet.core.nn.EfficientNetScale;
import dev.sanet.core.nn.ResNetV1s;
import dev.sanet.core.nn.Stem;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The backbones a SANet is built on: the dilated ResNets (docs/paper-reading.md section 2.1) and
 * the dilated EfficientNets B0..B7 ({@link dev.sanet.core.nn.EfficientNet}, the backbone of the
 * paper's best row, Table 2). The methods about blocks, stems and GluonCV names describe the
 * ResNets; an EfficientNet answers {@link #efficientNetScale()} instead.
 *
 * <p>Every backbone has a stem ({@link Stem}: by default the deep 64-64-128 stem of GluonCV's
 * {@code v1s}, the paper's; the 7x7 stem and the deep 32-32-64 stem are the {@link SANet.Builder}'s
 * options) followed by a 3x3 max pool with stride 2, and four stages of residual blocks whose base
 * widths are {@code width x (1, 2, 4, 8)}. ResNet50, ResNet101 and ResNet152 use bottleneck blocks
 * (expansion 4, stage outputs 256/512/1024/2048 channels at width 64), as in the paper; ResNet18
 * and ResNet34 use basic blocks (expansion 1, stage outputs 64/128/256/512) and exist for small
 * models, tests and CPU use.
 */
public enum Backbone {
    /** ResNet18: basic blocks, 2/2/2/2 per stage. */
    RESNET18("resnet18", false, 2, 2, 2, 2),
    /** ResNet34: basic blocks, 3/4/6/3 per stage. */
    RESNET34("resnet34", false, 3, 4, 6, 3),
    /** ResNet50: bottleneck blocks, 3/4/6/3 per stage (the paper's ablation backbone). */
    RESNET50("resnet50", true, 3, 4, 6, 3),
    /** ResNet101: bottleneck blocks, 3/4/23/3 per stage (the paper's main backbone). */
    RESNET101("resnet101", true, 3, 4, 23, 3),
    /** ResNet152: bottleneck blocks, 3/8/36/3 per stage. */
    RESNET152("resnet152", true, 3, 8, 36, 3),
    /** EfficientNet-B0: 5.3M parameters with its classifier, 224 pixels. */
    EFFICIENTNET_B0(EfficientNetScale.B0),
    /** EfficientNet-B1. */
    EFFICIENTNET_B1(EfficientNetScale.B1),
    /** EfficientNet-B2. */
    EFFICIENTNET_B2(EfficientNetScale.B2),
    /** EfficientNet-B3. */
    EFFICIENTNET_B3(EfficientNetScale.B3),
    /** EfficientNet-B4. */
    EFFICIENTNET_B4(EfficientNetScale.B4),
    /** EfficientNet-B5. */
    EFFICIENTNET_B5(EfficientNetScale.B5),
    /** EfficientNet-B6. */
    EFFICIENTNET_B6(EfficientNetScale.B6),
    /** EfficientNet-B7: the backbone of the paper's best PASCAL Context result (Table 2). */
    EFFICIENTNET_B7(EfficientNetScale.B7);

    private final String cliName;
    private final boolean bottleneck;
    private final int[] blocks;
    private final @Nullable EfficientNetScale scale;

    Backbone(String cliName, boolean bottleneck, int... blocks) {
        this.cliName = cliName;
        this.bottleneck = bottleneck;
        this.blocks = blocks;
        this.scale = null;
    }

    Backbone(EfficientNetScale scale) {
        this.cliName = scale.cliName();
        this.bottleneck = false;
        this.blocks = scale.blocksPerStage();
        this.scale = scale;
    }

    /**
     * The EfficientNet scale of an EfficientNet backbone.
     *
     * @return B0..B7, or null for a ResNet
     */
    public @Nullable EfficientNetScale efficientNetScale() {
        return scale;
    }

    /**
     * Whether this is an EfficientNet rather than a ResNet.
     *
     * @return true for {@code EFFICIENTNET_B0..B7}
     */
    public boolean isEfficientNet() {
        return scale != null;
    }

    private void requireResNet(String what) {
        if (scale != null) {
            throw new IllegalStateException(cliName + " is not a ResNet: it has no " + what);
        }
    }

    /**
     * The lower-case name used on the command line and in reports.
     *
     * @return e.g. {@code resnet101}
     */
    public String cliName() {
        return cliName;
    }

    /**
     * The depth: 18, 34, 50, 101 or 152.
     *
     * @return the number in the name
     * @throws IllegalStateException for an EfficientNet
     */
    public int depth() {
        requireResNet("depth");
        return Integer.parseInt(cliName.substring("resnet".length()));
    }

    /**
     * The GluonCV model-zoo name of the ImageNet model with the default structure (the deep
     * 64-64-128 stem, strided shortcuts), whose {@code .params} keys {@link
     * dev.sanet.core.nn.ResNetV1s#gluonParameters()} maps to.
     *
     * @return e.g. {@code resnet101_v1s}
     */
    public String gluonName() {
        return gluonName(Stem.DEEP_64, false);
    }

    /**
     * The GluonCV model-zoo name of the ImageNet model with this depth, stem and shortcut kind:
     * {@code v1b} (7x7 stem), {@code v1c} (deep 32-32-64), {@code v1d} (deep 32-32-64, average-pool
     * shortcuts), {@code v1s} (deep 64-64-128), {@code v1e} (deep 64-64-128, average-pool
     * shortcuts). GluonCV publishes {@code v1b} weights for every depth and the others for 50, 101
     * and 152 only.
     *
     * @param stem the stem
     * @param avgDown whether projection shortcuts average-pool
     * @return e.g. {@code resnet50_v1d}
     * @throws IllegalStateException for an EfficientNet
     */
    public String gluonName(Stem stem, boolean avgDown) {
        requireResNet("GluonCV name");
        String suffix =
                switch (stem) {
                    case STANDARD -> "b";
                    case DEEP_32 -> avgDown ? "d" : "c";
                    case DEEP_64 -> avgDown ? "e" : "s";
                };
        return cliName + "_v1" + suffix;
    }

    /**
     * Whether the stages are made of bottleneck blocks (1x1, 3x3, 1x1, expansion 4) rather than
     * basic blocks (3x3, 3x3, expansion 1).
     *
     * @return true for ResNet50, ResNet101 and ResNet152; false for the EfficientNets
     */
    public boolean bottleneck() {
        return bottleneck;
    }

    /**
     * The channel expansion of a residual block: a stage's output has {@code expansion() x base
     * width} channels.
     *
     * @return 4 for bottleneck backbones, 1 for basic-block ones
     */
    public int expansion() {
        return bottleneck ? 4 : 1;
    }

    /**
     * The number of residual blocks in each of the four stages (the seven stages of an
     * EfficientNet).
     *
     * @return a fresh array of four counts, e.g. {@code [3, 4, 23, 3]} for ResNet101 ({@code [4, 7,
     *     7, 10, 10, 13, 4]} for EfficientNet-B7)
     */
    public int[] blocksPerStage() {
        return blocks.clone();
    }

    /**
     * The output channels of the four stages (an EfficientNet's four taps) for a given base width.
     *
     * @param width the stem/base width (64 in the paper); an EfficientNet ignores it
     * @return a fresh array of four channel counts, e.g. {@code [256, 512, 1024, 2048]} for a
     *     bottleneck backbone at width 64
     */
    public int[] stageChannels(int width) {
        if (scale != null) {
            return scale.tapChannels();
        }
        int[] c = new int[4];
        for (int i = 0; i < 4; i++) {
            c[i] = width * (1 << i) * expansion();
        }
        return c;
    }

    /**
     * Creates this ResNet as a fresh, uninitialised backbone with the deep 64-64-128 stem and
     * strided projection shortcuts (the paper's).
     *
     * @param width the stem/base width (64 in the paper)
     * @param outputStride 8 or 16 (dilated), or 32 (undilated, for classification)
     * @return the dilated deep-stem ResNet
     * @throws IllegalArgumentException for another output stride or a width below 1
     * @throws IllegalStateException for an EfficientNet ({@link SANet#newBackbone()} makes those)
     */
    public ResNetV1s newBackbone(int width, int outputStride) {
        return newBackbone(Stem.DEEP_64, false, width, outputStride);
    }

    /**
     * Creates this ResNet as a fresh, uninitialised backbone of the given variant.
     *
     * @param stem the input stem
     * @param avgDown whether projection shortcuts average-pool before their 1x1 convolution
     * @param width the stem/base width (64 in the paper)
     * @param outputStride 8 or 16 (dilated), or 32 (undilated, for classification)
     * @return the dilated ResNet
     * @throws IllegalArgumentException for another output stride, a width below 1 or an odd width
     *     with the {@link Stem#DEEP_32} stem
     * @throws IllegalStateException for an EfficientNet ({@link SANet#newBackbone()} makes those)
     */
    public ResNetV1s newBackbone(Stem stem, boolean avgDown, int width, int outputStride) {
        requireResNet("ResNet block");
        return ResNetV1s.builder()
                .depth(depth())
                .stem(stem)
                .avgDown(avgDown)
                .width(width)
                .outputStride(outputStride)
                .build();
    }

    /**
     * Parses a command-line name ({@code resnet18}, {@code resnet34}, {@code resnet50}, {@code
     * resnet101}, {@code resnet152}, {@code efficientnet-b0} .. {@code efficientnet-b7};
     * case-insensitive, the enum constant names are accepted too).
     *
     * @param name the name
     * @return the backbone
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static Backbone fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Backbone b : values()) {
            if (b.cliName.equals(n)
                    || b.name().toLowerCase(Locale.ROOT).equals(n)
                    || b.cliName.replace('-', '_').equals(n)) {
                return b;
            }
        }
        throw new IllegalArgumentException(
                "unknown backbone '"
                        + name
                        + "': use one of "
                        + String.join(", ", Arrays.stream(values()).map(b -> b.cliName).toList()));
    }
}
