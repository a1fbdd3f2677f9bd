package dev.sanet.core.nn;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys of torchvision's {@code efficientnet_b0..b7} for the tensors of an EfficientNet
 * classifier under sanet's (timm's) names, so that {@code sanet pretrain} writes files that
 * torchvision loads and {@link EfficientNetWeights} recognises as torchvision's. The inverse of the
 * importer's renaming.
 *
 * <ul>
 *   <li>{@code conv_stem.*}, {@code bn1.*}: {@code features.0.0.*}, {@code features.0.1.*}
 *   <li>{@code blocks.{i}.{j}.*}: {@code features.{i+1}.{j}.block.{k}.*}, with {@code k} counting
 *       the block's convolution-and-norm pairs ({@code .0} the convolution, {@code .1} the norm)
 *       and the squeeze-and-excitation ({@code fc1}, {@code fc2}) in forward order
 *   <li>{@code conv_head.*}, {@code bn2.*}: {@code features.8.0.*}, {@code features.8.1.*}
 *   <li>{@code classifier.*}: {@code classifier.1.*} (torchvision's {@code classifier.0} is the
 *       dropout)
 * </ul>
 */
public final class EfficientNetTorchvisionNames {

    private static final Pattern BLOCK = Pattern.compile("^blocks\\.(\\d+)\\.(\\d+)\\.(.+)$");

    /** Whole-layer prefixes outside the blocks. */
    private static final Map<String, String> LAYERS =
            Map.of(
                    "conv_stem.", "features.0.0.",
                    "bn1.", "features.0.1.",
                    "conv_head.", "features.8.0.",
                    "bn2.", "features.8.1.",
                    "classifier.", "classifier.1.");

    /** A block's layers in forward order, with expansion (timm's {@code InvertedResidual}). */
    private static final String[] EXPANDING = {
        "conv_pw", "bn1", "conv_dw", "bn2", "se", "conv_pwl", "bn3"
    };

    /** Without expansion (timm's {@code DepthwiseSeparableConv}). */
    private static final String[] SEPARABLE = {"conv_dw", "bn1", "se", "conv_pw", "bn2"};

    private EfficientNetTorchvisionNames() {}

    /**
     * torchvision's key for one tensor.
     *
     * @param name the tensor's sanet (timm) name relative to the classifier without {@code
     *     backbone.}, e.g. {@code blocks.1.0.conv_pwl.weight} or {@code bn2.running_var}
     * @param names every name of the same network (whether a block expands is read from them)
     * @return e.g. {@code features.2.0.block.3.0.weight}, {@code features.8.1.running_var}
     * @throws IllegalArgumentException for a name outside an EfficientNet classifier
     */
    public static String of(String name, Set<String> names) {
        Matcher m = BLOCK.matcher(name);
        if (!m.matches()) {
            for (Map.Entry<String, String> e : LAYERS.entrySet()) {
                if (name.startsWith(e.getKey())) {
                    return e.getValue() + name.substring(e.getKey().length());
                }
            }
            throw new IllegalArgumentException("not an EfficientNet tensor: " + name);
        }
        String prefix = "blocks." + m.group(1) + "." + m.group(2) + ".";
        String rest = m.group(3);
        String[] order = names.contains(prefix + "conv_pwl.weight") ? EXPANDING : SEPARABLE;
        String block =
                "features." + (Integer.parseInt(m.group(1)) + 1) + "." + m.group(2) + ".block.";
        int k = 0;
        for (int i = 0; i < order.length; i++) {
            String layer = order[i] + ".";
            boolean norm = order[i].startsWith("bn");
            if (rest.startsWith(layer)) {
                String tail = rest.substring(layer.length());
                if (order[i].equals("se")) {
                    return block
                            + k
                            + "."
                            + tail.replace("conv_reduce.", "fc1.").replace("conv_expand.", "fc2.");
                }
                return block + k + (norm ? ".1." : ".0.") + tail;
            }
            // A convolution and its norm share one index; the SE has one of its own.
            if (norm || order[i].equals("se")) {
                k++;
            }
        }
        throw new IllegalArgumentException("not an EfficientNet tensor: " + name);
    }
}
