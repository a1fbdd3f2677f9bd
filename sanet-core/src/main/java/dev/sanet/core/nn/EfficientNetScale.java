package dev.sanet.core.nn;

import dev.sanet.core.settings.SettingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The compound scaling of EfficientNet (Tan and Le, ICML 2019, Table 1 and section 3.3): B0's
 * stages with every width multiplied by {@link #widthMultiplier()} (rounded to a multiple of 8, see
 * {@link #channels(int)}) and every stage's block count by {@link #depthMultiplier()} (rounded up),
 * at the input resolution {@link #resolution()}. The coefficients are those of the paper's B0..B7
 * and of torchvision's and timm's {@code efficientnet_b*} and {@code tf_efficientnet_b*}.
 *
 * <p>B0, stage by stage (expansion, kernel, stride, output channels, blocks): (1, 3, 1, 16, 1), (6,
 * 3, 2, 24, 2), (6, 5, 2, 40, 2), (6, 3, 2, 80, 3), (6, 5, 1, 112, 3), (6, 5, 2, 192, 4), (6, 3, 1,
 * 320, 1), after a 3x3 stem with stride 2 and 32 channels.
 */
public enum EfficientNetScale {
    /** B0: width 1.0, depth 1.0, 224 pixels, classifier dropout 0.2. */
    B0(1.0, 1.0, 224, 0.2),
    /** B1: width 1.0, depth 1.1, 240 pixels, classifier dropout 0.2. */
    B1(1.0, 1.1, 240, 0.2),
    /** B2: width 1.1, depth 1.2, 260 pixels, classifier dropout 0.3. */
    B2(1.1, 1.2, 260, 0.3),
    /** B3: width 1.2, depth 1.4, 300 pixels, classifier dropout 0.3. */
    B3(1.2, 1.4, 300, 0.3),
    /** B4: width 1.4, depth 1.8, 380 pixels, classifier dropout 0.4. */
    B4(1.4, 1.8, 380, 0.4),
    /** B5: width 1.6, depth 2.2, 456 pixels, classifier dropout 0.4. */
    B5(1.6, 2.2, 456, 0.4),
    /** B6: width 1.8, depth 2.6, 528 pixels, classifier dropout 0.5. */
    B6(1.8, 2.6, 528, 0.5),
    /** B7: width 2.0, depth 3.1, 600 pixels, classifier dropout 0.5. */
    B7(2.0, 3.1, 600, 0.5);

    /** B0's stages: expansion, kernel, stride, output channels, blocks. */
    private static final int[][] STAGES = {
        {1, 3, 1, 16, 1},
        {6, 3, 2, 24, 2},
        {6, 5, 2, 40, 2},
        {6, 3, 2, 80, 3},
        {6, 5, 1, 112, 3},
        {6, 5, 2, 192, 4},
        {6, 3, 1, 320, 1}
    };

    /** B0's stem width. */
    static final int STEM = 32;

    /** B0's width of the classifier's 1x1 head convolution. */
    static final int HEAD = 1280;

    /** The number of stages after the stem. */
    public static final int STAGE_COUNT = STAGES.length;

    /** The stages whose last blocks are the four taps: reductions 4, 8, 16 and 32. */
    static final int[] TAP_STAGES = {1, 2, 4, 6};

    private final double widthMultiplier;
    private final double depthMultiplier;
    private final int resolution;
    private final double dropoutRate;

    EfficientNetScale(
            double widthMultiplier, double depthMultiplier, int resolution, double dropoutRate) {
        this.widthMultiplier = widthMultiplier;
        this.depthMultiplier = depthMultiplier;
        this.resolution = resolution;
        this.dropoutRate = dropoutRate;
    }

    /**
     * The channel multiplier.
     *
     * @return e.g. 2.0 for B7
     */
    public double widthMultiplier() {
        return widthMultiplier;
    }

    /**
     * The block-count multiplier.
     *
     * @return e.g. 3.1 for B7
     */
    public double depthMultiplier() {
        return depthMultiplier;
    }

    /**
     * The ImageNet input resolution the scale was designed for.
     *
     * @return e.g. 600 for B7
     */
    public int resolution() {
        return resolution;
    }

    /**
     * The dropout rate before the ImageNet classifier's dense layer ({@link
     * EfficientNetClassifierHead}), torchvision's and timm's: 0.2 for B0 and B1, 0.3 for B2 and B3,
     * 0.4 for B4 and B5, 0.5 for B6 and B7.
     *
     * @return the rate
     */
    public double dropoutRate() {
        return dropoutRate;
    }

    /**
     * The lower-case name used on the command line.
     *
     * @return e.g. {@code efficientnet-b7}
     */
    public String cliName() {
        return "efficientnet-" + name().toLowerCase(Locale.ROOT);
    }

    /**
     * Scales a B0 width: {@code c x widthMultiplier} rounded to the nearest multiple of 8 (halves
     * up), at least 8, and 8 more when rounding lost over 10% (the reference {@code round_filters},
     * torchvision's {@code _make_divisible}, timm's {@code round_channels}).
     *
     * @param base the B0 width
     * @return the scaled width
     */
    public int channels(int base) {
        double v = base * widthMultiplier;
        int c = Math.max(8, (int) (v + 4) / 8 * 8);
        return c < 0.9 * v ? c + 8 : c;
    }

    /**
     * Scales a B0 block count: {@code ceil(blocks x depthMultiplier)}.
     *
     * @param base the B0 block count
     * @return the scaled count
     */
    public int repeats(int base) {
        return (int) Math.ceil(base * depthMultiplier);
    }

    /**
     * The stem's output channels.
     *
     * @return 32 scaled, e.g. 64 for B7
     */
    public int stemChannels() {
        return channels(STEM);
    }

    /**
     * The output channels of the classifier's 1x1 head convolution (not part of the backbone).
     *
     * @return 1280 scaled, e.g. 2560 for B7
     */
    public int headChannels() {
        return channels(HEAD);
    }

    /**
     * The blocks of each stage.
     *
     * @return seven counts, e.g. {@code [4, 7, 7, 10, 10, 13, 4]} for B7
     */
    public int[] blocksPerStage() {
        int[] n = new int[STAGE_COUNT];
        for (int i = 0; i < STAGE_COUNT; i++) {
            n[i] = repeats(STAGES[i][4]);
        }
        return n;
    }

    /**
     * The channels of the four taps: the last blocks at reductions 4, 8, 16 and 32.
     *
     * @return e.g. {@code [24, 40, 112, 320]} for B0, {@code [48, 80, 224, 640]} for B7
     */
    public int[] tapChannels() {
        int[] c = new int[TAP_STAGES.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = channels(STAGES[TAP_STAGES[i]][3]);
        }
        return c;
    }

    /**
     * Every block's settings, stage by stage, for an output stride: strides turn into dilation once
     * the output stride is reached, the block that loses its stride keeping the dilation before it
     * (the rule of the dilated ResNets and of timm's builder); stochastic-depth rates ramp linearly
     * from 0 over the blocks, {@code maxDropRate x index / blocks}.
     *
     * @param outputStride 8, 16 or 32
     * @param maxDropRate the stochastic-depth rate the ramp approaches (0.2 in the references)
     * @return seven lists of block settings
     * @throws SettingException for another output stride or a rate outside [0, 1)
     */
    public List<List<MBConvConfig>> blocks(int outputStride, double maxDropRate) {
        if (outputStride != 8 && outputStride != 16 && outputStride != 32) {
            throw new SettingException("outputStride", outputStride, "8, 16 or 32");
        }
        if (!(maxDropRate >= 0 && maxDropRate < 1)) {
            throw new SettingException("dropPathRate", maxDropRate, "in [0, 1)");
        }
        int total = 0;
        for (int n : blocksPerStage()) {
            total += n;
        }
        List<List<MBConvConfig>> out = new ArrayList<>();
        int in = stemChannels();
        int reduction = 2;
        int dilation = 1;
        int index = 0;
        for (int[] s : STAGES) {
            List<MBConvConfig> stage = new ArrayList<>();
            int count = repeats(s[4]);
            int width = channels(s[3]);
            for (int j = 0; j < count; j++) {
                int stride = j == 0 ? s[2] : 1;
                int d = dilation;
                if (stride > 1) {
                    if (reduction * stride > outputStride) {
                        dilation *= stride;
                        stride = 1;
                    } else {
                        reduction *= stride;
                    }
                }
                double rate = maxDropRate * index / total;
                stage.add(new MBConvConfig(in, width, s[0], s[1], stride, d, rate));
                in = width;
                index++;
            }
            out.add(List.copyOf(stage));
        }
        return List.copyOf(out);
    }

    /**
     * Parses a name: {@code b0}..{@code b7} or {@code efficientnet-b0}..{@code efficientnet-b7}
     * (case-insensitive, {@code _} for {@code -}).
     *
     * @param name the name
     * @return the scale
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static EfficientNetScale fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (EfficientNetScale s : values()) {
            if (s.cliName().equals(n) || s.name().toLowerCase(Locale.ROOT).equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown EfficientNet scale '"
                        + name
                        + "': use efficientnet-b0 .. efficientnet-b7");
    }
}
