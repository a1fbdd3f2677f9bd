package dev.sanet.core.nn;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The name side of {@link PretrainedWeights}: which tensors a file's classifier and counters are,
 * which {@link PretrainedFormat} its names follow, how they map onto a {@link ResNetV1s}'s stable
 * names, and which {@link ResNetLayout} they describe. Pure string and shape logic, so that it is
 * tested without files.
 */
final class PretrainedNames {

    /** One tensor of a file: its name there, its element type and shape. */
    record Tensor(String key, DataType type, Shape shape) {}

    private static final Pattern DOWNSAMPLE =
            Pattern.compile("^(layer[1-4]\\.\\d+\\.downsample)\\.(\\d+)\\.(.+)$");
    private static final Pattern BLOCK = Pattern.compile("^layer([1-4])\\.(\\d+)\\..+$");

    /** mmcv's deep stem entries and sanet's names for them: the last batch norm is bn1. */
    private static final Map<String, String> MMCV_STEM =
            Map.of(
                    "stem.0.", "conv1.0.",
                    "stem.1.", "conv1.1.",
                    "stem.3.", "conv1.3.",
                    "stem.4.", "conv1.4.",
                    "stem.6.", "conv1.6.",
                    "stem.7.", "bn1.");

    private PretrainedNames() {}

    /**
     * A file's name without the {@code module.} prefix that {@code torch.nn.DataParallel} adds.
     *
     * @param key the name in the file
     * @return the name without the prefix
     */
    static String withoutWrapper(String key) {
        return key.startsWith("module.") ? key.substring("module.".length()) : key;
    }

    /**
     * Whether a tensor is one that every import skips: the ImageNet classifier ({@code fc.*}) or
     * PyTorch's batch-norm step counter ({@code *.num_batches_tracked}).
     *
     * @param key the name, wrapper prefix removed
     * @return true to skip and report it
     */
    static boolean skipped(String key) {
        return key.startsWith("fc.") || key.endsWith(".num_batches_tracked");
    }

    /**
     * Whether the projection shortcuts of the file average-pool first: some shortcut has its
     * convolution after position 0 ({@code downsample.1.weight}), the place the pool takes.
     *
     * @param tensors the file's tensors by name (wrapper prefix removed)
     * @return true for {@code avg_down} weights
     */
    static boolean avgDown(Map<String, Tensor> tensors) {
        for (Tensor t : tensors.values()) {
            Matcher m = DOWNSAMPLE.matcher(withoutWrapper(t.key()));
            if (m.matches()
                    && m.group(3).equals("weight")
                    && t.shape().dimension() == 4
                    && Integer.parseInt(m.group(2)) > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Recognises the naming of a file.
     *
     * @param mxnet whether the container is an MXNet {@code .params} file
     * @param tensors the tensors by name (wrapper prefix removed)
     * @return GLUONCV for MXNet files and Gluon's batch-norm names; MMCV for a {@code stem.*} deep
     *     stem; TORCHVISION for the 7x7 stem with strided shortcuts; TIMM otherwise (its names are
     *     PyTorch-Encoding's too)
     */
    static PretrainedFormat detect(boolean mxnet, Map<String, Tensor> tensors) {
        if (mxnet || gluonBatchNorm(tensors)) {
            return PretrainedFormat.GLUONCV;
        }
        if (mmcvStem(tensors)) {
            return PretrainedFormat.MMCV;
        }
        if (tensors.containsKey("conv1.weight") && !avgDown(tensors)) {
            return PretrainedFormat.TORCHVISION;
        }
        return PretrainedFormat.TIMM;
    }

    /**
     * Why a file's names do not follow a format chosen by the caller.
     *
     * @param format the chosen format
     * @param tensors the tensors by name (wrapper prefix removed)
     * @return the reason, or null when they may
     */
    static @Nullable String mismatch(PretrainedFormat format, Map<String, Tensor> tensors) {
        boolean gluon = gluonBatchNorm(tensors);
        boolean mmcv = mmcvStem(tensors);
        boolean deep = tensors.containsKey("conv1.0.weight");
        if (format == PretrainedFormat.GLUONCV) {
            return gluon || !pytorchBatchNorm(tensors)
                    ? null
                    : "its batch norms have PyTorch's names (weight, bias), not GluonCV's (gamma,"
                            + " beta): choose the torchvision, timm, mmcv or encoding format";
        }
        if (gluon) {
            return "its batch norms have GluonCV's names (gamma, beta): choose the gluoncv format";
        }
        if (format == PretrainedFormat.MMCV && deep) {
            return "it names its deep stem conv1.0 .. conv1.6 and bn1, as timm,"
                    + " PyTorch-Encoding and GluonCV do, where mmcv has stem.0 .. stem.7: choose"
                    + " the timm format";
        }
        if (format != PretrainedFormat.MMCV && mmcv) {
            return "it names its deep stem stem.0 .. stem.7, as mmcv does: choose the mmcv"
                    + " format";
        }
        if (format == PretrainedFormat.TORCHVISION && (deep || mmcv)) {
            return "torchvision's ResNets have the 7x7 stem (conv1.weight) and this file has a"
                    + " deep stem: choose the timm format (or encoding, mmcv)";
        }
        if (format == PretrainedFormat.TORCHVISION && avgDown(tensors)) {
            return "torchvision's ResNets have strided 1x1 shortcuts and this file has"
                    + " average-pool shortcuts (downsample.1, downsample.2): choose the timm"
                    + " format";
        }
        return null;
    }

    /**
     * Maps a file's tensors onto sanet's stable names (relative to the backbone), per format:
     * Gluon's {@code gamma}/{@code beta} become {@code weight}/{@code bias}, mmcv's {@code stem.*}
     * becomes {@code conv1.*} and {@code bn1.*}, and every shortcut's convolution and batch norm
     * move to positions 0 and 1 (strided shortcuts) or 1 and 2 (average-pool shortcuts), which also
     * reads mmdet's files, whose stride-1 average-pool shortcuts lack the pool.
     *
     * @param format the format
     * @param tensors the backbone tensors by name (wrapper prefix removed, skipped ones removed)
     * @param avgDown whether the file has average-pool shortcuts
     * @param file the file, for messages
     * @return an insertion-ordered map from stable name to the file's tensor
     * @throws IllegalArgumentException when two tensors map to one name
     */
    static Map<String, Tensor> canonical(
            PretrainedFormat format, Map<String, Tensor> tensors, boolean avgDown, Path file) {
        Map<String, Tensor> renamed = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            renamed.put(rename(format, e.getKey()), e.getValue());
        }
        // Shortcut entries by block, to find which position holds the convolution.
        Map<String, Integer> convAt = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : renamed.entrySet()) {
            Matcher m = DOWNSAMPLE.matcher(e.getKey());
            if (m.matches()
                    && m.group(3).equals("weight")
                    && e.getValue().shape().dimension() == 4) {
                convAt.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        int conv = avgDown ? 1 : 0;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : renamed.entrySet()) {
            String name = e.getKey();
            Matcher m = DOWNSAMPLE.matcher(name);
            if (m.matches() && convAt.containsKey(m.group(1))) {
                int shift = Integer.parseInt(m.group(2)) - convAt.get(m.group(1));
                name = m.group(1) + "." + (conv + shift) + "." + m.group(3);
            }
            Tensor before = out.put(name, e.getValue());
            if (before != null) {
                throw new IllegalArgumentException(
                        "pretrained weights "
                                + file
                                + ": tensors '"
                                + before.key()
                                + "' and '"
                                + e.getValue().key()
                                + "' both map to "
                                + name);
            }
        }
        return out;
    }

    private static String rename(PretrainedFormat format, String key) {
        if (format == PretrainedFormat.GLUONCV) {
            if (key.endsWith(".gamma")) {
                return key.substring(0, key.length() - "gamma".length()) + "weight";
            }
            if (key.endsWith(".beta")) {
                return key.substring(0, key.length() - "beta".length()) + "bias";
            }
        }
        if (format == PretrainedFormat.MMCV) {
            for (Map.Entry<String, String> e : MMCV_STEM.entrySet()) {
                if (key.startsWith(e.getKey())) {
                    return e.getValue() + key.substring(e.getKey().length());
                }
            }
        }
        return key;
    }

    /**
     * Reads the layout a file's stable-named tensors describe: the stem from {@code conv1.*}, the
     * base width from {@code layer1.0.conv1.weight}, the block type from the presence of {@code
     * conv3}, the blocks per stage from the block indices.
     *
     * @param tensors the file's tensors under stable names ({@link #canonical})
     * @param avgDown whether the shortcuts average-pool
     * @param file the file, for messages
     * @return the layout
     * @throws IllegalArgumentException when the names are not a ResNet's, or the stem is one sanet
     *     does not build (timm's tiered stems), naming the file and the tensor
     */
    static ResNetLayout layout(Map<String, Tensor> tensors, boolean avgDown, Path file) {
        Tensor first = tensors.get("layer1.0.conv1.weight");
        Tensor standard = tensors.get("conv1.weight");
        Tensor deep = tensors.get("conv1.0.weight");
        if (first == null || (standard == null && deep == null)) {
            throw new IllegalArgumentException(
                    "pretrained weights "
                            + file
                            + " have no "
                            + (first == null ? "layer1.0.conv1.weight" : "stem convolution")
                            + " (conv1.weight, conv1.0.weight or stem.0.weight): they are not the"
                            + " weights of a torchvision, timm, mmcv, PyTorch-Encoding or GluonCV"
                            + " ResNet");
        }
        int width = (int) first.shape().get(0);
        Stem stem;
        if (standard != null) {
            long c = standard.shape().get(0);
            if (!standard.shape().equals(new Shape(c, 3, 7, 7)) || c != width) {
                throw unsupportedStem(file, "a stem " + describe(standard), width);
            }
            stem = Stem.STANDARD;
        } else {
            long a = deep.shape().get(0);
            long b = dim0(tensors, "conv1.3.weight");
            long c = dim0(tensors, "conv1.6.weight");
            if (a == b && c == 2 * a && c == width) {
                stem = Stem.DEEP_32;
            } else if (a == b && c == 2 * a && c == 2L * width) {
                stem = Stem.DEEP_64;
            } else {
                StringBuilder what = new StringBuilder("a deep stem ");
                for (String n : List.of("conv1.0.weight", "conv1.3.weight", "conv1.6.weight")) {
                    Tensor t = tensors.get(n);
                    what.append(n.equals("conv1.0.weight") ? "" : ", ")
                            .append(t == null ? "no " + n : describe(t));
                }
                throw unsupportedStem(file, what.toString(), width);
            }
        }
        int[] counts = new int[4];
        for (String name : tensors.keySet()) {
            Matcher m = BLOCK.matcher(name);
            if (m.matches()) {
                int stage = Integer.parseInt(m.group(1)) - 1;
                counts[stage] = Math.max(counts[stage], Integer.parseInt(m.group(2)) + 1);
            }
        }
        List<Integer> blocks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            if (counts[i] == 0) {
                throw new IllegalArgumentException(
                        "pretrained weights "
                                + file
                                + " have no layer"
                                + (i + 1)
                                + " tensors: not the weights of a four-stage ResNet");
            }
            blocks.add(counts[i]);
        }
        boolean bottleneck = tensors.containsKey("layer1.0.conv3.weight");
        return new ResNetLayout(blocks, bottleneck, stem, width, avgDown);
    }

    private static String describe(Tensor t) {
        return t.key() + " " + t.shape();
    }

    private static long dim0(Map<String, Tensor> tensors, String name) {
        Tensor t = tensors.get(name);
        return t == null || t.shape().dimension() == 0 ? -1 : t.shape().get(0);
    }

    private static IllegalArgumentException unsupportedStem(Path file, String what, int width) {
        return new IllegalArgumentException(
                "pretrained weights "
                        + file
                        + " have "
                        + what
                        + " before stages of base width "
                        + width
                        + ": sanet builds the 7x7 stem (w channels), the deep w/2-w/2-w stem and"
                        + " the deep w-w-2w stem only (not, e.g., timm's tiered stems)");
    }

    private static boolean gluonBatchNorm(Map<String, Tensor> tensors) {
        return tensors.keySet().stream().anyMatch(k -> k.endsWith(".gamma"));
    }

    /** Some batch norm has a running mean next to a {@code weight}, PyTorch's name for gamma. */
    private static boolean pytorchBatchNorm(Map<String, Tensor> tensors) {
        for (String k : tensors.keySet()) {
            if (k.endsWith(".running_mean")) {
                String owner = k.substring(0, k.length() - "running_mean".length());
                if (tensors.containsKey(owner + "weight")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean mmcvStem(Map<String, Tensor> tensors) {
        return tensors.keySet().stream().anyMatch(k -> k.startsWith("stem."));
    }
}
