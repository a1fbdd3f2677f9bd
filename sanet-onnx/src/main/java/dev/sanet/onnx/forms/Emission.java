package dev.sanet.onnx.forms;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.util.Pair;
import dev.sanet.core.Prediction;
import dev.sanet.core.nn.BatchNorm2d;
import dev.sanet.core.nn.SafeConv2d;
import dev.sanet.onnx.OnnxExportException;
import dev.sanet.onnx.graph.OnnxGraph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One export under way: the graph being written, the table of forms, the prediction the graph
 * gives, and the path of the block being written (for node names and error messages). Forms call
 * back into it for their children ({@link #child}) and for the operations several forms share: a
 * convolution with its batch norm folded in, a chain of layers, an align-corners resize.
 */
public final class Emission {

    private final OnnxGraph graph;
    private final BlockForms forms;
    private final Prediction prediction;
    private final Deque<String> path = new ArrayDeque<>();
    private final Map<String, long[]> fixedSizes = new java.util.HashMap<>();
    private final Map<String, String> spatial = new java.util.HashMap<>();

    /**
     * Starts an emission.
     *
     * @param graph the graph to write into
     * @param forms the form table
     * @param prediction which prediction a SANet block gives
     */
    public Emission(OnnxGraph graph, BlockForms forms, Prediction prediction) {
        this.graph = graph;
        this.forms = forms;
        this.prediction = prediction;
    }

    /**
     * The graph being written.
     *
     * @return the graph
     */
    public OnnxGraph graph() {
        return graph;
    }

    /**
     * The prediction a SANet block's form gives (networks with only the dense output give that).
     *
     * @return the prediction
     */
    public Prediction prediction() {
        return prediction;
    }

    /**
     * The path of the block being written, e.g. {@code backbone.layer1.0}; empty at the root.
     *
     * @return the dotted path
     */
    public String path() {
        return String.join(".", path.stream().filter(s -> !s.isEmpty()).toList());
    }

    /**
     * A name hint under the current path.
     *
     * @param suffix the local part, e.g. {@code relu}
     * @return {@code path.suffix}, or {@code suffix} at the root
     */
    public String hint(String suffix) {
        String p = path();
        return p.isEmpty() ? suffix : p + "." + suffix;
    }

    /**
     * Writes a child block through its form, under {@code name} in the path.
     *
     * @param block the child
     * @param name its local name, e.g. {@code conv1} or {@code 0}
     * @param inputs the tensors it reads
     * @return the tensors it gives
     * @throws OnnxExportException if the table has no form for the block's class
     */
    public List<String> child(Block block, String name, List<String> inputs) {
        path.addLast(name);
        try {
            return forms.emit(this, block, inputs);
        } finally {
            path.removeLast();
        }
    }

    /**
     * Writes a single-input, single-output child block.
     *
     * @param block the child
     * @param name its local name
     * @param input the tensor it reads
     * @return the tensor it gives
     */
    public String child(Block block, String name, String input) {
        List<String> out = child(block, name, List.of(input));
        if (out.size() != 1) {
            throw new OnnxExportException(
                    "block "
                            + block.getClass().getName()
                            + " at "
                            + hint(name)
                            + " gives "
                            + out.size()
                            + " outputs where one was expected");
        }
        return out.get(0);
    }

    /**
     * The children of a block under their local names: DJL's names without the two-digit order
     * prefix it adds ({@code 01conv1} becomes {@code conv1}), the position for a sequential block
     * ({@code 0}, {@code 1}, ...).
     *
     * @param block the block
     * @return an insertion-ordered map from local name to child
     */
    public static Map<String, Block> children(Block block) {
        Map<String, Block> out = new LinkedHashMap<>();
        int i = 0;
        for (Pair<String, Block> c : block.getChildren()) {
            String name =
                    block instanceof SequentialBlock
                            ? Integer.toString(i)
                            : c.getKey().replaceFirst("^\\d{2}", "");
            out.put(name, c.getValue());
            i++;
        }
        return out;
    }

    /**
     * Writes a chain of single-input, single-output layers, folding each batch norm that directly
     * follows a convolution into it.
     *
     * @param layers local name to layer, in order
     * @param input the tensor the first layer reads
     * @return the last layer's output
     */
    public String chain(Map<String, Block> layers, String input) {
        List<Map.Entry<String, Block>> list = new ArrayList<>(layers.entrySet());
        String x = input;
        for (int i = 0; i < list.size(); i++) {
            Block b = list.get(i).getValue();
            String name = list.get(i).getKey();
            if (b instanceof Convolution conv
                    && i + 1 < list.size()
                    && list.get(i + 1).getValue() instanceof BatchNorm2d bn) {
                x = conv(conv, bn, name, x);
                i++;
            } else {
                x = child(b, name, x);
            }
        }
        return x;
    }

    /**
     * Writes a chain of layers ({@link #chain}) under a local name in the path.
     *
     * @param name the local name, e.g. {@code conv1} for a deep stem
     * @param layers local name to layer, in order
     * @param input the tensor the first layer reads
     * @return the last layer's output
     */
    public String chainUnder(String name, Map<String, Block> layers, String input) {
        path.addLast(name);
        try {
            return chain(layers, input);
        } finally {
            path.removeLast();
        }
    }

    /**
     * Writes a 2-D convolution, with the batch norm that reads its output folded in: weight {@code
     * w s} per output channel, bias {@code b s + t}, where {@code s = gamma / sqrt(var + eps)} and
     * {@code t = beta - mean s} (computed in double, written as float).
     *
     * @param conv the convolution
     * @param bn the batch norm after it, or null
     * @param name the convolution's local name
     * @param input the tensor it reads
     * @return the convolution's (folded) output
     * @throws OnnxExportException if the model's batch norms were folded in place already and the
     *     folded bias is not readable
     */
    public String conv(Convolution conv, @Nullable BatchNorm2d bn, String name, String input) {
        return conv(conv, bn, name, input, symmetricPads(conv));
    }

    /**
     * Writes a 2-D convolution with its batch norm folded in ({@link #conv(Convolution,
     * BatchNorm2d, String, String)}) and explicit, possibly asymmetric, padding instead of the
     * convolution's own (TensorFlow's "same" padding on a known input size).
     *
     * @param conv the convolution
     * @param bn the batch norm after it, or null
     * @param name the convolution's local name
     * @param input the tensor it reads
     * @param pads ONNX's {@code pads}: {@code [top, left, bottom, right]}
     * @return the convolution's (folded) output
     */
    public String conv(
            Convolution conv, @Nullable BatchNorm2d bn, String name, String input, long[] pads) {
        path.addLast(name);
        try {
            return writeConv(conv, bn, input, pads);
        } finally {
            path.removeLast();
        }
    }

    /**
     * SiLU, {@code x sigmoid(x)}: opset 17 has no SiLU operator, and ONNX Runtime fuses the pair.
     *
     * @param x the tensor
     * @param name the local name hint
     * @return the activated tensor
     */
    public String silu(String x, String name) {
        return graph.op("Mul", hint(name), x, graph.op("Sigmoid", hint(name + ".sigmoid"), x));
    }

    /**
     * Writes a convolution without a batch norm at the current path (a convolution's own form).
     *
     * @param conv the convolution
     * @param input the tensor it reads
     * @return its output
     */
    String convHere(Convolution conv, String input) {
        return writeConv(conv, null, input, symmetricPads(conv));
    }

    private static long[] symmetricPads(Convolution conv) {
        long[] pad = conv.getPadding().getShape();
        return new long[] {pad[0], pad[1], pad[0], pad[1]};
    }

    private String writeConv(
            Convolution conv, @Nullable BatchNorm2d bn, String input, long[] pads) {
        if (conv instanceof SafeConv2d safe && safe.hasFoldedBatchNorm() && !conv.isIncludeBias()) {
            // The folded shift then lives in a private field: nothing to read it from.
            throw new OnnxExportException(
                    "the convolution at "
                            + path()
                            + " has a batch norm folded in place (SANetModel.foldBatchNorm):"
                            + " export a freshly loaded model");
        }
        float[] w = values(conv, "weight");
        int filters = conv.getFilters();
        float[] b = conv.isIncludeBias() ? values(conv, "bias") : null;
        if (bn != null && !bn.isFolded()) {
            b = fold(w, b, bn, filters);
        }
        long[] ws = conv.getParameters().get("weight").getArray().getShape().getShape();
        String wName = graph.floats(hint("weight"), w, ws);
        String[] ins =
                b == null
                        ? new String[] {input, wName}
                        : new String[] {input, wName, graph.floats(hint("bias"), b, filters)};
        return graph.node("Conv", path(), ins)
                .attrs("kernel_shape", conv.getKernelShape().getShape())
                .attrs("strides", conv.getStride().getShape())
                .attrs("pads", pads)
                .attrs("dilations", conv.getDilation().getShape())
                .attr("group", conv.getGroups())
                .output();
    }

    /**
     * Scales {@code w} in place per output channel by {@code s = gamma / sqrt(var + eps)} and
     * returns the folded bias {@code b s + beta - mean s}, in double before rounding to float.
     */
    private float[] fold(float[] w, float @Nullable [] b, BatchNorm2d bn, int filters) {
        bn.settle();
        float[] gamma = values(bn, "gamma");
        float[] beta = values(bn, "beta");
        float[] mean = values(bn, "runningMean");
        float[] var = values(bn, "runningVar");
        int per = w.length / filters;
        float[] folded = new float[filters];
        for (int o = 0; o < filters; o++) {
            double s = gamma[o] / Math.sqrt((double) var[o] + bn.epsilon());
            for (int j = 0; j < per; j++) {
                w[o * per + j] = (float) (w[o * per + j] * s);
            }
            double bias = b == null ? 0 : b[o];
            folded[o] = (float) (bias * s + beta[o] - mean[o] * s);
        }
        return folded;
    }

    /**
     * Resizes an (N, C, h, w) tensor bilinearly with aligned corners to the height and width of
     * another tensor (known only when the graph runs when the input size is symbolic): ONNX {@code
     * Resize} with {@code mode=linear} and {@code coordinate_transformation_mode=align_corners},
     * its {@code sizes} made from the two shapes with {@code Shape}, {@code Slice} and {@code
     * Concat} (the target's size read once per target tensor, a constant for a {@link #fixedSize
     * fixed} one). This is {@code dev.sanet.core.nn.Resize}'s mapping: output index i samples input
     * position {@code i (in - 1) / (out - 1)}, an output of size 1 samples index 0.
     *
     * @param x the tensor to resize
     * @param like the tensor whose last two dimensions give the size
     * @param name the local name hint
     * @return the resized tensor
     */
    public String resizeLike(String x, String like, String name) {
        String nc =
                graph.op(
                        "Slice",
                        hint(name + ".nc"),
                        graph.op("Shape", hint(name + ".shape"), x),
                        graph.int64s(0),
                        graph.int64s(2));
        String hw = spatialSize(like);
        String sizes =
                graph.node("Concat", hint(name + ".sizes"), nc, hw).attr("axis", 0L).output();
        return graph.node("Resize", hint(name), x, "", "", sizes)
                .attr("mode", "linear")
                .attr("coordinate_transformation_mode", "align_corners")
                .output();
    }

    /**
     * Records that a tensor's height and width are fixed (the graph input of an export with a fixed
     * size, and what forms derive from it), so that resizes to it use constants instead of reading
     * its shape and size-dependent padding is written as constants.
     *
     * @param tensor the tensor's name
     * @param height its height
     * @param width its width
     */
    public void fixedSize(String tensor, long height, long width) {
        fixedSizes.put(tensor, new long[] {height, width});
    }

    /**
     * A tensor's height and width if they are fixed ({@link #fixedSize}).
     *
     * @param tensor the tensor's name
     * @return {@code [height, width]}, or null when they are known only when the graph runs
     */
    public long @Nullable [] fixedSizeOf(String tensor) {
        long[] s = fixedSizes.get(tensor);
        return s == null ? null : s.clone();
    }

    /**
     * The (2) int64 tensor of a tensor's height and width, made once per tensor: a constant for a
     * fixed size, else read with {@code Shape} and {@code Slice}.
     */
    String spatialSize(String tensor) {
        long[] fixed = fixedSizes.get(tensor);
        if (fixed != null) {
            return graph.int64s(fixed);
        }
        return spatial.computeIfAbsent(
                tensor,
                t ->
                        graph.op(
                                "Slice",
                                t + ".hw",
                                graph.op("Shape", t + ".shape", t),
                                graph.int64s(2),
                                graph.int64s(4)));
    }

    /**
     * A parameter of a block as floats (a copy).
     *
     * @param block the block
     * @param name the parameter's name, e.g. {@code weight} or {@code runningVar}
     * @return its values, row-major
     * @throws OnnxExportException if the block has no such parameter or it is not initialised
     */
    public float[] values(Block block, String name) {
        Parameter p = block.getParameters().get(name);
        if (p == null || !p.isInitialized()) {
            throw new OnnxExportException(
                    "block "
                            + block.getClass().getName()
                            + " at "
                            + path()
                            + " has no initialised parameter '"
                            + name
                            + "'");
        }
        return p.getArray().toFloatArray();
    }
}
