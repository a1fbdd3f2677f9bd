package dev.sanet.core;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * The size and cost of a network for one input shape (docs/paper-reading.md section 6).
 *
 * <p>Conventions:
 *
 * <ul>
 *   <li>{@code params}: trainable parameters, i.e. every parameter except batch-norm running means
 *       and variances (which are statistics, not learned by gradient).
 *   <li>{@code macs}: multiply-accumulates for one image (batch 1) of convolutions, {@code H_out x
 *       W_out x C_out x (C_in / groups) x k_h x k_w}, and fully connected layers, {@code in x out}.
 *       Biases, batch norm, activations, pooling, element-wise products and sums and bilinear
 *       resizes are not counted (together they are well under 1% of a SANet's MACs).
 * </ul>
 *
 * <p>Both are read from the real block after DJL's shape initialisation, walking its tree: each
 * convolution's recorded input shape gives its output size analytically; no forward pass runs.
 *
 * @param inputShape the input shape the figures hold for, e.g. (1, 3, 512, 512)
 * @param params trainable parameters
 * @param macs multiply-accumulates of convolutions and fully connected layers, per image
 * @param components the same figures for each direct child of the block, in order (for a {@link
 *     SANetBlock}: {@code backbone}, {@code se}, {@code dense}, {@code sa1..sa4}, {@code mask},
 *     {@code cat}, the present ones); they sum to the totals
 */
public record Complexity(Shape inputShape, long params, long macs, List<Component> components) {

    /**
     * The figures of one component.
     *
     * @param name the child's name without DJL's two-digit index prefix, e.g. {@code backbone}
     * @param params trainable parameters
     * @param macs multiply-accumulates per image
     */
    public record Component(String name, long params, long macs) {}

    /**
     * Copies the component list so the record stays immutable.
     *
     * @param inputShape the input shape
     * @param params trainable parameters
     * @param macs multiply-accumulates per image
     * @param components per-child figures
     */
    public Complexity {
        components = List.copyOf(components);
    }

    /**
     * Measures a network definition for a (1, 3, height, width) input. It builds the block and lets
     * DJL initialise it on a temporary manager (allocating the parameters as zeros, 4 bytes each,
     * released on return); no forward pass runs.
     *
     * @param model the definition
     * @param height the input height, at least 1
     * @param width the input width, at least 1
     * @return the figures
     * @throws IllegalArgumentException if a size is below 1
     */
    public static Complexity of(SANet model, int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "input size must be at least 1x1, got " + height + "x" + width);
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Engines.defaultEngine())) {
            SANetBlock block = model.newBlock();
            // Values do not matter here; zeros skip the cost of random initialisation.
            block.setInitializer(new ConstantInitializer(0f), p -> true);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, height, width));
            return of(block);
        }
    }

    /**
     * Measures an initialised block for the input shape it was initialised with; the components are
     * its direct children.
     *
     * @param block an initialised block
     * @return the figures
     * @throws IllegalStateException if the block is not initialised
     */
    public static Complexity of(Block block) {
        List<Component> parts = new ArrayList<>();
        for (Pair<String, Block> child : block.getChildren()) {
            parts.add(
                    new Component(
                            stripIndex(child.getKey()),
                            countParameters(child.getValue()),
                            countMacs(child.getValue())));
        }
        return new Complexity(
                block.getInputShapes()[0], countParameters(block), countMacs(block), parts);
    }

    /**
     * Counts the trainable parameters of a block: the sizes of all its parameters except batch-norm
     * running statistics. The block must be initialised (parameter shapes known).
     *
     * @param block the block
     * @return the count
     */
    public static long countParameters(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter.Type type = p.getValue().getType();
            if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    /**
     * Counts the multiply-accumulates per image of the convolutions and fully connected layers of
     * an initialised block (see the class comment for the convention).
     *
     * @param block the block
     * @return the count
     */
    public static long countMacs(Block block) {
        if (block instanceof Convolution conv) {
            Shape in = conv.getInputShapes()[0];
            Shape out = conv.getOutputShapes(new Shape[] {in})[0];
            long spatial = out.size() / (out.get(0) * out.get(1));
            return spatial * weightSize(conv);
        }
        if (block instanceof Linear) {
            return weightSize(block);
        }
        long n = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            n += countMacs(child.getValue());
        }
        return n;
    }

    /**
     * The figures of one named component.
     *
     * @param name e.g. {@code backbone}
     * @return the component
     * @throws IllegalArgumentException if there is no such component
     */
    public Component component(String name) {
        for (Component c : components) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no component '" + name + "' in " + components);
    }

    private static long weightSize(Block block) {
        return block.getDirectParameters().get("weight").getArray().size();
    }

    private static String stripIndex(String key) {
        return key.length() > 2
                        && Character.isDigit(key.charAt(0))
                        && Character.isDigit(key.charAt(1))
                ? key.substring(2)
                : key;
    }
}
