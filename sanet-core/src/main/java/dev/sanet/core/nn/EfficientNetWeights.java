package dev.sanet.core.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.sanet.core.io.TensorFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Imports ImageNet-pretrained EfficientNet weights (safetensors) into an {@link EfficientNet}, the
 * counterpart of {@link PretrainedWeights} for the ResNets. Two namings, recognised from the names
 * when the caller gives none:
 *
 * <ul>
 *   <li>{@link PretrainedFormat#TORCHVISION}: torchvision's {@code efficientnet_b0..b7} ({@code
 *       features.0.0.weight}, {@code features.{s}.{j}.block.{k}...}, the SE as {@code fc1}/{@code
 *       fc2}); the backbone must have {@link EfficientNetConvention#TORCHVISION}.
 *   <li>{@link PretrainedFormat#TIMM}: timm's {@code efficientnet_b*} and {@code
 *       tf_efficientnet_b*} ({@code conv_stem}, {@code bn1}, {@code
 *       blocks.{i}.{j}.conv_pw/bn1/conv_dw/bn2/se/conv_pwl/ bn3}), sanet's own names; the backbone
 *       must have {@link EfficientNetConvention#TIMM} or {@link EfficientNetConvention#TF} (the
 *       names cannot tell the two apart: the {@code tf_} ports want TF).
 * </ul>
 *
 * <p>Skipped and reported: the classifier ({@code classifier.*}), the 1x1 head convolution and its
 * batch norm ({@code features.8.*}; {@code conv_head.*}, {@code bn2.*}) and {@code
 * *.num_batches_tracked}. Batch-norm running statistics are imported. Before anything is copied the
 * scale (from the stem's width and the blocks per stage) must be the backbone's and every backbone
 * parameter must have a tensor of its shape and every other tensor a parameter; the message names
 * every tensor that does not fit.
 */
public final class EfficientNetWeights {

    private static final Pattern TV_BLOCK =
            Pattern.compile("^features\\.([1-7])\\.(\\d+)\\.block\\.(\\d)\\.(.+)$");
    private static final Pattern TIMM_BLOCK = Pattern.compile("^blocks\\.(\\d)\\.(\\d+)\\..+$");

    private EfficientNetWeights() {}

    /**
     * What a file holds and what an import of it does.
     *
     * @param file the weights file
     * @param format the naming read: {@link PretrainedFormat#TORCHVISION} or {@link
     *     PretrainedFormat#TIMM}
     * @param detected whether the naming was recognised rather than given
     * @param scale the EfficientNet scale the file holds
     * @param tensors the backbone tensors the file has
     * @param values the number of values in them
     * @param ignored the tensors an import skips, in file order
     */
    public record Report(
            Path file,
            PretrainedFormat format,
            boolean detected,
            EfficientNetScale scale,
            int tensors,
            long values,
            List<String> ignored) {

        /**
         * Copies the list.
         *
         * @param file the weights file
         * @param format the naming read
         * @param detected whether the naming was recognised
         * @param scale the scale the file holds
         * @param tensors the backbone tensors the file has
         * @param values the number of values in them
         * @param ignored the tensors an import skips
         */
        public Report {
            ignored = List.copyOf(ignored);
        }

        /**
         * One line for logs and the command line.
         *
         * @return e.g. {@code 313 tensors (4,017,796 values) from F, torchvision names
         *     (recognised), EfficientNet-B0; skipped 4 head and classifier tensors and 97
         *     num_batches_tracked}
         */
        public String summary() {
            long counters =
                    ignored.stream().filter(k -> k.endsWith(".num_batches_tracked")).count();
            return String.format(
                    Locale.ROOT,
                    "%d tensors (%,d values) from %s, %s names (%s), EfficientNet-%s; skipped %d"
                            + " head and classifier tensors and %d num_batches_tracked",
                    tensors,
                    values,
                    file,
                    format.cliName(),
                    detected ? "recognised" : "as given",
                    scale.name(),
                    ignored.size() - counters,
                    counters);
        }
    }

    /**
     * Imports a weights file into an initialised backbone (see the class description).
     *
     * @param backbone an initialised backbone with float32 parameters
     * @param file a safetensors file
     * @param format {@link PretrainedFormat#TORCHVISION}, {@link PretrainedFormat#TIMM}, or null to
     *     recognise the naming
     * @return what was imported and skipped
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when the naming, the scale or the conventions differ from
     *     the backbone's, or tensors are missing, unknown or wrongly shaped (all named); nothing
     *     has been copied then
     * @throws IllegalStateException when the backbone is not initialised
     */
    public static Report load(EfficientNet backbone, Path file, @Nullable PretrainedFormat format)
            throws IOException {
        Map<String, Parameter> params = BackboneImport.parameters(backbone);
        try (TensorFile source = TensorFile.open(file)) {
            Plan plan = plan(source, file, format);
            if (plan.scale != backbone.scale()) {
                throw new IllegalArgumentException(
                        "pretrained weights "
                                + file
                                + " hold an EfficientNet-"
                                + plan.scale
                                + ", but the backbone is an EfficientNet-"
                                + backbone.scale()
                                + ": use --backbone "
                                + plan.scale.cliName());
            }
            checkConvention(file, plan.format, backbone.convention());
            List<String> problems = new ArrayList<>();
            long values = 0;
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                Shape want = e.getValue().getArray().getShape();
                TensorFile.Tensor t = plan.tensors.get(e.getKey());
                if (t == null) {
                    problems.add("no tensor for " + e.getKey() + " " + want);
                } else if (!t.shape().equals(want)) {
                    problems.add(
                            "'"
                                    + t.name()
                                    + "' has shape "
                                    + t.shape()
                                    + ", "
                                    + e.getKey()
                                    + " has "
                                    + want);
                } else if (!t.isFloat()) {
                    problems.add("'" + t.name() + "' holds " + t.typeName());
                } else {
                    values += want.size();
                }
            }
            for (Map.Entry<String, TensorFile.Tensor> e : plan.tensors.entrySet()) {
                if (!params.containsKey(e.getKey())) {
                    problems.add(
                            "'"
                                    + e.getValue().name()
                                    + "' "
                                    + e.getValue().shape()
                                    + " matches no parameter of the backbone");
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(
                        "pretrained weights "
                                + file
                                + " do not fit the EfficientNet-"
                                + backbone.scale()
                                + " backbone ("
                                + problems.size()
                                + " problems): "
                                + String.join(
                                        "; ", problems.subList(0, Math.min(12, problems.size())))
                                + (problems.size() > 12 ? "; ..." : ""));
            }
            BackboneImport.copy(source, file, params, k -> plan.tensors.get(k).name());
            return new Report(
                    file,
                    plan.format,
                    plan.detected,
                    plan.scale,
                    params.size(),
                    values,
                    plan.ignored);
        }
    }

    /**
     * Says what an EfficientNet weights file holds without a backbone.
     *
     * @param file a safetensors file
     * @param format the naming, or null to recognise it
     * @return the report
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when the names are not an EfficientNet's
     */
    public static Report inspect(Path file, @Nullable PretrainedFormat format) throws IOException {
        try (TensorFile source = TensorFile.open(file)) {
            Plan plan = plan(source, file, format);
            long values = 0;
            for (TensorFile.Tensor t : plan.tensors.values()) {
                values += t.shape().size();
            }
            return new Report(
                    file,
                    plan.format,
                    plan.detected,
                    plan.scale,
                    plan.tensors.size(),
                    values,
                    plan.ignored);
        }
    }

    /**
     * Whether a file's names are an EfficientNet's, torchvision's or timm's.
     *
     * @param names the file's tensor names
     * @return true when a stem of either naming is there
     */
    public static boolean looksLikeEfficientNet(Iterable<String> names) {
        for (String n : names) {
            String k = PretrainedNames.withoutWrapper(n);
            if (k.equals("conv_stem.weight") || k.startsWith("features.1.0.block.")) {
                return true;
            }
        }
        return false;
    }

    private static void checkConvention(
            Path file, PretrainedFormat format, EfficientNetConvention have) {
        boolean torchvision = format == PretrainedFormat.TORCHVISION;
        if (torchvision != (have == EfficientNetConvention.TORCHVISION)) {
            throw new IllegalArgumentException(
                    "pretrained weights "
                            + file
                            + " have "
                            + format.cliName()
                            + " names, but the backbone has "
                            + have.cliName()
                            + " conventions (padding, batch-norm epsilon): use "
                            + (torchvision
                                    ? "--efficientnet-convention torchvision"
                                    : "--efficientnet-convention timm for timm's efficientnet_b*"
                                            + " or tf for its tf_efficientnet_b*"));
        }
    }

    /** The file's tensors under sanet's names, with what was read from the names. */
    private record Plan(
            PretrainedFormat format,
            boolean detected,
            EfficientNetScale scale,
            Map<String, TensorFile.Tensor> tensors,
            List<String> ignored) {}

    private static Plan plan(TensorFile source, Path file, @Nullable PretrainedFormat format) {
        Map<String, TensorFile.Tensor> all = new LinkedHashMap<>();
        for (TensorFile.Tensor t : source.tensors().values()) {
            all.put(PretrainedNames.withoutWrapper(t.name()), t);
        }
        boolean tv = all.containsKey("features.0.0.weight");
        boolean timm = all.containsKey("conv_stem.weight");
        if (!tv && !timm) {
            throw new IllegalArgumentException(
                    "pretrained weights "
                            + file
                            + " are not an EfficientNet's: neither torchvision's"
                            + " features.0.0.weight nor timm's conv_stem.weight is there");
        }
        PretrainedFormat f = tv ? PretrainedFormat.TORCHVISION : PretrainedFormat.TIMM;
        if (format != null && format != f) {
            throw new IllegalArgumentException(
                    "pretrained weights "
                            + file
                            + " have "
                            + f.cliName()
                            + " EfficientNet names, not "
                            + format.cliName()
                            + " ones: leave --pretrained-format out or use "
                            + f.cliName());
        }
        Map<String, TensorFile.Tensor> tensors = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        for (Map.Entry<String, TensorFile.Tensor> e : all.entrySet()) {
            String key = e.getKey();
            String name = tv ? fromTorchvision(key, all.keySet()) : key;
            if (key.endsWith(".num_batches_tracked") || name == null || head(name)) {
                ignored.add(e.getValue().name());
            } else {
                tensors.put(name, e.getValue());
            }
        }
        return new Plan(f, format == null, scale(tensors, file), tensors, ignored);
    }

    /** The classifier and its head, which the backbone has not. */
    private static boolean head(String name) {
        return name.startsWith("classifier.")
                || name.startsWith("conv_head.")
                || name.startsWith("bn2.");
    }

    /** A torchvision name in timm's naming, or null for the head (features.8) and classifier. */
    static @Nullable String fromTorchvision(String key, java.util.Set<String> all) {
        if (key.startsWith("features.0.0.")) {
            return "conv_stem." + key.substring("features.0.0.".length());
        }
        if (key.startsWith("features.0.1.")) {
            return "bn1." + key.substring("features.0.1.".length());
        }
        Matcher m = TV_BLOCK.matcher(key);
        if (!m.matches()) {
            // features.8 (the head convolution), classifier.1, or an unknown name kept as is
            return key.startsWith("features.8.") || key.startsWith("classifier.") ? null : key;
        }
        String block = "features." + m.group(1) + "." + m.group(2) + ".block.";
        boolean expands = all.contains(block + "3.0.weight");
        String[] parts =
                expands
                        ? new String[] {"conv_pw|bn1", "conv_dw|bn2", "se", "conv_pwl|bn3"}
                        : new String[] {"conv_dw|bn1", "se", "conv_pw|bn2"};
        int k = Integer.parseInt(m.group(3));
        String rest = m.group(4);
        String prefix = "blocks." + (Integer.parseInt(m.group(1)) - 1) + "." + m.group(2) + ".";
        if (k >= parts.length) {
            return key;
        }
        if (parts[k].equals("se")) {
            return prefix
                    + "se."
                    + rest.replace("fc1.", "conv_reduce.").replace("fc2.", "conv_expand.");
        }
        String[] convBn = parts[k].split("\\|");
        if (rest.startsWith("0.")) {
            return prefix + convBn[0] + "." + rest.substring(2);
        }
        if (rest.startsWith("1.")) {
            return prefix + convBn[1] + "." + rest.substring(2);
        }
        return key;
    }

    /** The scale whose stem width and blocks per stage the tensors have. */
    private static EfficientNetScale scale(Map<String, TensorFile.Tensor> tensors, Path file) {
        TensorFile.Tensor stem = tensors.get("conv_stem.weight");
        int[] blocks = new int[EfficientNetScale.STAGE_COUNT];
        for (String k : tensors.keySet()) {
            Matcher m = TIMM_BLOCK.matcher(k);
            if (m.matches()) {
                int s = Integer.parseInt(m.group(1));
                if (s < blocks.length) {
                    blocks[s] = Math.max(blocks[s], Integer.parseInt(m.group(2)) + 1);
                }
            }
        }
        long width = stem == null ? -1 : stem.shape().get(0);
        for (EfficientNetScale s : EfficientNetScale.values()) {
            if (s.stemChannels() == width && java.util.Arrays.equals(s.blocksPerStage(), blocks)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "pretrained weights "
                        + file
                        + " hold no EfficientNet B0..B7: stem width "
                        + width
                        + ", blocks per stage "
                        + java.util.Arrays.toString(blocks));
    }
}
