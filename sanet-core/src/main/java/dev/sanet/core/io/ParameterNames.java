package dev.sanet.core.io;

import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One stable, documented name per parameter of a DJL block tree, in PyTorch's {@code state_dict}
 * style, so that weight files are readable by people and by other frameworks.
 *
 * <p>The rule: walk the tree from the root, a block's own parameters before its children's. A child
 * of a {@link SequentialBlock} (or a {@link ParallelBlock}) is named by its 0-based position; a
 * child of any other block by its child name without the two-digit position prefix DJL adds ({@code
 * 01backbone} becomes {@code backbone}). Join the path with dots and append the parameter's name,
 * where the normalisation parameters take PyTorch's names: {@code gamma} becomes {@code weight},
 * {@code beta} {@code bias}, {@code runningMean} {@code running_mean}, {@code runningVar} {@code
 * running_var} (by {@link Parameter.Type}); convolution and linear {@code weight}/{@code bias} stay
 * as they are.
 *
 * <p>For a SANet: {@code backbone.conv1.0.weight} (the deep stem's first convolution), {@code
 * backbone.conv1.1.weight} (its first batch norm's gamma), {@code backbone.bn1.running_var}, {@code
 * backbone.layer1.0.conv1.weight}, {@code backbone.layer3.0.downsample.0.weight}, {@code
 * dense.classifier.bias}, {@code sa4.attention.3.bias}, {@code mask.weight}, {@code cat.bias},
 * {@code se.fc1.weight}.
 *
 * <p>GluonCV's names ({@link #gluon}) follow the same rule with Gluon's normalisation names: {@code
 * gamma} and {@code beta} stay, the running statistics are {@code running_mean} and {@code
 * running_var}. Relative to a ResNet backbone they are exactly the keys of GluonCV's {@code
 * resnet*_v1s} files ({@code conv1.1.gamma}, {@code layer1.0.bn1.running_mean}).
 */
public final class ParameterNames {

    private ParameterNames() {}

    /**
     * The parameters of a block tree under their stable names.
     *
     * @param root the root block (initialised or not)
     * @return an unmodifiable, insertion-ordered map (tree order, as {@link Block#getParameters()})
     *     from name to parameter
     * @throws IllegalStateException when two parameters would get the same name (a block whose
     *     children are not distinguishable by name or position)
     */
    public static Map<String, Parameter> of(Block root) {
        return walk(root, false);
    }

    /**
     * The parameters of a block tree under GluonCV's names: the stable names with {@code gamma} and
     * {@code beta} for the normalisation parameters' scale and shift.
     *
     * @param root the root block, e.g. a {@code ResNetV1s}
     * @return an unmodifiable, insertion-ordered map from Gluon key to parameter
     * @throws IllegalStateException when two parameters would get the same name
     */
    public static Map<String, Parameter> gluon(Block root) {
        return walk(root, true);
    }

    /**
     * Whether a parameter belongs to a normalisation layer such as batch norm, whose DJL and Gluon
     * names ({@code gamma}, {@code beta}) differ from PyTorch's ({@code weight}, {@code bias}).
     *
     * @param parameter a parameter
     * @return true for the types {@code GAMMA}, {@code BETA}, {@code RUNNING_MEAN} and {@code
     *     RUNNING_VAR}
     */
    public static boolean isBatchNorm(Parameter parameter) {
        return switch (parameter.getType()) {
            case GAMMA, BETA, RUNNING_MEAN, RUNNING_VAR -> true;
            default -> false;
        };
    }

    /**
     * A parameter's last name segment.
     *
     * @param parameter the parameter
     * @param gluon true for Gluon's names, false for PyTorch's
     * @return e.g. {@code weight}, {@code running_var}, {@code gamma}
     */
    private static String localName(Parameter parameter, boolean gluon) {
        return switch (parameter.getType()) {
            case GAMMA -> gluon ? "gamma" : "weight";
            case BETA -> gluon ? "beta" : "bias";
            case RUNNING_MEAN -> "running_mean";
            case RUNNING_VAR -> "running_var";
            default -> parameter.getName();
        };
    }

    private static Map<String, Parameter> walk(Block root, boolean gluon) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        walk(root, "", gluon, out);
        return Collections.unmodifiableMap(out);
    }

    private static void walk(
            Block block, String prefix, boolean gluon, Map<String, Parameter> out) {
        for (var p : block.getDirectParameters()) {
            String name = prefix + localName(p.getValue(), gluon);
            if (out.putIfAbsent(name, p.getValue()) != null) {
                throw new IllegalStateException("two parameters are both named " + name);
            }
        }
        boolean positional = block instanceof SequentialBlock || block instanceof ParallelBlock;
        var children = block.getChildren();
        for (int i = 0; i < children.size(); i++) {
            String key = children.get(i).getKey();
            String segment = positional ? Integer.toString(i) : childName(key, i);
            walk(children.get(i).getValue(), prefix + segment + ".", gluon, out);
        }
    }

    /** The child name without DJL's 1-based, at least two-digit position prefix. */
    private static String childName(String key, int index) {
        String position = String.format(Locale.ROOT, "%02d", index + 1);
        return key.startsWith(position) && key.length() > position.length()
                ? key.substring(position.length())
                : key;
    }
}
