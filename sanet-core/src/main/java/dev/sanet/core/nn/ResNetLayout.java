package dev.sanet.core.nn;

import dev.sanet.core.settings.SettingException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The shape of a ResNet as far as its weights tell it: residual blocks per stage, block type, stem,
 * base width and shortcut kind. Two ResNets with equal layouts have parameters of the same names
 * and shapes and compute the same function of them (at the same output stride), so a weights file
 * fits a {@link ResNetV1s} exactly when their layouts are equal. {@link ResNetV1s#layout()} gives a
 * backbone's, {@link PretrainedWeights#inspect} a file's.
 *
 * @param blocks the residual blocks of each of the four stages, e.g. {@code [3, 4, 6, 3]}
 * @param bottleneck bottleneck blocks (1x1, 3x3, 1x1) rather than basic blocks (3x3, 3x3)
 * @param stem the input stem
 * @param width the base width w (stage base widths w, 2w, 4w, 8w)
 * @param avgDown whether projection shortcuts average-pool with the block's stride before a 1x1
 *     convolution with stride 1 (GluonCV's {@code avg_down}), rather than a 1x1 convolution with
 *     the block's stride
 */
public record ResNetLayout(
        List<Integer> blocks, boolean bottleneck, Stem stem, int width, boolean avgDown) {

    /** The standard depths and their blocks per stage, as torchvision and GluonCV define them. */
    private static final Map<Integer, List<Integer>> DEPTHS =
            Map.of(
                    18, List.of(2, 2, 2, 2),
                    34, List.of(3, 4, 6, 3),
                    50, List.of(3, 4, 6, 3),
                    101, List.of(3, 4, 23, 3),
                    152, List.of(3, 8, 36, 3));

    /**
     * Checks the values.
     *
     * @param blocks the residual blocks of each of the four stages
     * @param bottleneck bottleneck blocks rather than basic blocks
     * @param stem the input stem
     * @param width the base width
     * @param avgDown whether projection shortcuts average-pool first
     * @throws SettingException naming {@code blocks} for other than four stages of at least one
     *     block, {@code width} for a width below 1 or an odd width with the {@link Stem#DEEP_32}
     *     stem
     */
    public ResNetLayout {
        blocks = List.copyOf(blocks);
        Objects.requireNonNull(stem, "stem");
        if (blocks.size() != 4 || blocks.stream().anyMatch(b -> b < 1)) {
            throw new SettingException("blocks", blocks, "four counts >= 1");
        }
        if (width < 1) {
            throw new SettingException("width", width, ">= 1");
        }
        if (stem == Stem.DEEP_32 && width % 2 != 0) {
            throw new SettingException(
                    "width", width, "even with the deep32 stem, which halves it");
        }
    }

    /**
     * The layout of a standard depth.
     *
     * @param depth 18 or 34 (basic blocks), 50, 101 or 152 (bottleneck blocks)
     * @param stem the stem
     * @param width the base width
     * @param avgDown the shortcut kind
     * @return the layout
     * @throws SettingException naming {@code depth} for another depth
     */
    public static ResNetLayout of(int depth, Stem stem, int width, boolean avgDown) {
        return new ResNetLayout(blocksOf(depth), depth >= 50, stem, width, avgDown);
    }

    /**
     * The blocks per stage of a standard depth.
     *
     * @param depth 18, 34, 50, 101 or 152
     * @return four counts
     * @throws IllegalArgumentException for another depth, naming it
     */
    static List<Integer> blocksOf(int depth) {
        List<Integer> b = DEPTHS.get(depth);
        if (b == null) {
            throw new SettingException("depth", depth, "one of 18, 34, 50, 101, 152");
        }
        return b;
    }

    /**
     * The conventional depth: weighted layers on the main path, {@code 3 x blocks + 2} for
     * bottleneck and {@code 2 x blocks + 2} for basic blocks (50 for 3, 4, 6, 3 bottlenecks).
     *
     * @return the depth
     */
    public int depth() {
        int sum = blocks.stream().mapToInt(Integer::intValue).sum();
        return (bottleneck ? 3 : 2) * sum + 2;
    }

    /**
     * Whether the blocks are those of a standard depth (18, 34, 50, 101, 152) with its block type.
     *
     * @return true when {@link #of} can make this layout
     */
    public boolean standardDepth() {
        List<Integer> b = DEPTHS.get(depth());
        return b != null && b.equals(blocks) && bottleneck == depth() >= 50;
    }

    /**
     * The channels stage 1 receives from the stem.
     *
     * @return {@code stem.outChannels(width)}
     */
    public int stemChannels() {
        return stem.outChannels(width);
    }

    /**
     * A description for people, e.g. {@code ResNet50 (3, 4, 6, 3 bottleneck blocks) with the
     * standard 7x7 stem (3->64), base width 64 and strided 1x1 projection shortcuts}.
     *
     * @return the description
     */
    public String describe() {
        return "ResNet"
                + depth()
                + " ("
                + blocks.stream().map(String::valueOf).collect(Collectors.joining(", "))
                + (bottleneck ? " bottleneck" : " basic")
                + " blocks) with "
                + stem.describe(width)
                + ", base width "
                + width
                + " and "
                + (avgDown
                        ? "average-pool projection shortcuts (avg_down)"
                        : "strided 1x1 projection shortcuts");
    }

    /**
     * The Java call that builds a backbone of this layout (its output stride left to the caller).
     *
     * @return e.g. {@code
     *     ResNetV1s.builder().depth(50).stem(Stem.STANDARD).avgDown(false).width(64)}
     */
    public String builderCall() {
        String size =
                standardDepth()
                        ? ".depth(" + depth() + ")"
                        : ".blocks("
                                + bottleneck
                                + ", "
                                + blocks.stream()
                                        .map(String::valueOf)
                                        .collect(Collectors.joining(", "))
                                + ")";
        return "ResNetV1s.builder()"
                + size
                + ".stem(Stem."
                + stem.name()
                + ").avgDown("
                + avgDown
                + ").width("
                + width
                + ")";
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "ResNetLayout{blocks=%s, bottleneck=%s, stem=%s, width=%d, avgDown=%s}",
                blocks,
                bottleneck,
                stem,
                width,
                avgDown);
    }
}
