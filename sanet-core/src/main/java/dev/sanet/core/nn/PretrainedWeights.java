package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import dev.sanet.core.io.TensorFile;
import dev.sanet.core.io.TensorFile.Container;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Imports ImageNet-pretrained ResNet weights into a {@link ResNetV1s}: safetensors files with
 * torchvision's, timm's, mmcv's or PyTorch-Encoding's names, and GluonCV's MXNet {@code .params}
 * files (read in pure Java, so either engine imports them). The one entry point is {@link #load};
 * {@link #inspect} says what a file holds and which backbone fits it.
 *
 * <pre>{@code
 * ResNetV1s net = ResNetV1s.builder().depth(50).stem(Stem.STANDARD).outputStride(8).build();
 * net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
 * PretrainedWeights.Report r = PretrainedWeights.load(net, Path.of("resnet50.safetensors"), null);
 * }</pre>
 *
 * <p>What an import checks, before it copies anything (a failure leaves the backbone as it was):
 *
 * <ol>
 *   <li>The container, from the file's first bytes ({@link TensorFile#open}): safetensors or
 *       MXNet's NDArray list (a PyTorch {@code .pth} is recognised and refused with the conversion
 *       to make). Everything after reads the file through the {@link TensorFile} interface.
 *   <li>The {@link PretrainedFormat}: the caller's, checked against the names, or recognised from
 *       them when the caller passes none. A {@code module.} prefix on every name ({@code
 *       DataParallel}) is dropped.
 *   <li>Skipped and reported: the classifier {@code fc.*} and PyTorch's {@code
 *       *.num_batches_tracked}. Batch-norm running means and variances are imported.
 *   <li>The variant: the file's {@link ResNetLayout} (blocks per stage, block type, {@link Stem},
 *       base width, shortcut kind) must equal the backbone's; otherwise the message says what the
 *       file holds and the builder call that makes the matching backbone.
 *   <li>Every backbone parameter has a floating-point tensor of its shape (the first missing or
 *       wrongly shaped one is named, with the file), and every other tensor of the file is a
 *       backbone parameter (the first that is not is named).
 * </ol>
 *
 * <p>Then the values are copied into the existing arrays (converted to float32), so they keep their
 * identity, device and gradient attachment.
 */
public final class PretrainedWeights {

    private PretrainedWeights() {}

    /**
     * What a file holds and what an import of it does.
     *
     * @param file the weights file
     * @param format the naming the import read
     * @param detected whether the format was recognised from the names rather than given
     * @param layout the ResNet variant the file holds
     * @param tensors the backbone tensors the file has (all of them copied by {@link #load})
     * @param values the number of values in them
     * @param ignored the file's tensors that an import skips: the classifier {@code fc.*} and
     *     {@code *.num_batches_tracked}, in file order
     */
    public record Report(
            Path file,
            PretrainedFormat format,
            boolean detected,
            ResNetLayout layout,
            int tensors,
            long values,
            List<String> ignored) {

        /**
         * Copies the list.
         *
         * @param file the weights file
         * @param format the naming the import read
         * @param detected whether the format was recognised from the names
         * @param layout the ResNet variant the file holds
         * @param tensors the backbone tensors the file has
         * @param values the number of values in them
         * @param ignored the tensors an import skips
         * @throws NullPointerException for a null list or list element
         */
        public Report {
            ignored = List.copyOf(ignored);
        }

        /**
         * One line for logs and the command line.
         *
         * @return e.g. {@code 265 tensors (25,502,912 values) from F, torchvision names
         *     (recognised), ResNet50 ...; skipped fc.weight, fc.bias and 53 num_batches_tracked}
         */
        public String summary() {
            long counters =
                    ignored.stream().filter(k -> k.endsWith(".num_batches_tracked")).count();
            List<String> others =
                    ignored.stream().filter(k -> !k.endsWith(".num_batches_tracked")).toList();
            String skipped =
                    others.isEmpty() && counters == 0
                            ? "nothing skipped"
                            : "skipped "
                                    + (others.isEmpty() ? "" : String.join(", ", others))
                                    + (others.isEmpty() || counters == 0 ? "" : " and ")
                                    + (counters == 0 ? "" : counters + " num_batches_tracked");
            return String.format(
                    Locale.ROOT,
                    "%d tensors (%,d values) from %s, %s names (%s), %s; %s",
                    tensors,
                    values,
                    file,
                    format.cliName(),
                    detected ? "recognised" : "as given",
                    layout.describe(),
                    skipped);
        }
    }

    /**
     * Imports a weights file into an initialised backbone (see the class description for every
     * check).
     *
     * @param backbone an initialised backbone with float32 parameters
     * @param file a safetensors or MXNet {@code .params} file
     * @param format the naming of the file, or null to recognise it from the names
     * @return what was imported and skipped
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when the file is missing, not safetensors or MXNet, its
     *     names do not follow the given format, its variant differs from the backbone's, or a
     *     tensor is missing, wrongly shaped, not floating point or unknown; the message names the
     *     file and the tensor, and nothing has been copied (a {@link PretrainedLayoutException}
     *     when the file holds another depth, stem, shortcut kind or width)
     * @throws IllegalStateException when the backbone is not initialised
     */
    public static Report load(ResNetV1s backbone, Path file, @Nullable PretrainedFormat format)
            throws IOException {
        Map<String, Parameter> params = BackboneImport.parameters(backbone);
        try (TensorFile source = TensorFile.open(file)) {
            Plan plan = plan(source, file, format);
            ResNetLayout want = backbone.layout();
            if (!plan.layout.equals(want)) {
                throw new PretrainedLayoutException(
                        file, plan.layout, want, backbone.outputStride());
            }
            long values = 0;
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                String name = e.getKey();
                NDArray to = e.getValue().getArray();
                PretrainedNames.Tensor t = plan.tensors.get(name);
                if (t == null) {
                    throw new IllegalArgumentException(
                            "pretrained weights "
                                    + file
                                    + " have no tensor for the backbone's "
                                    + name
                                    + " (shape "
                                    + to.getShape()
                                    + ", "
                                    + plan.format.cliName()
                                    + " names)");
                }
                if (!t.shape().equals(to.getShape())) {
                    throw new IllegalArgumentException(
                            "pretrained weights "
                                    + file
                                    + ": tensor '"
                                    + t.key()
                                    + "' has shape "
                                    + t.shape()
                                    + ", the backbone's "
                                    + name
                                    + " has "
                                    + to.getShape());
                }
                if (!isFloat(t.type())) {
                    throw new IllegalArgumentException(
                            "pretrained weights "
                                    + file
                                    + ": tensor '"
                                    + t.key()
                                    + "' holds "
                                    + t.type()
                                    + ", expected floating point");
                }
                values += to.getShape().size();
            }
            for (Map.Entry<String, PretrainedNames.Tensor> e : plan.tensors.entrySet()) {
                if (!params.containsKey(e.getKey())) {
                    PretrainedNames.Tensor t = e.getValue();
                    throw new IllegalArgumentException(
                            "pretrained weights "
                                    + file
                                    + ": tensor '"
                                    + t.key()
                                    + "' (shape "
                                    + t.shape()
                                    + ", "
                                    + e.getKey()
                                    + " in sanet's names) matches no parameter of the backbone");
                }
            }
            BackboneImport.copy(source, file, params, k -> plan.tensors.get(k).key());
            return new Report(
                    file,
                    plan.format,
                    plan.detected,
                    plan.layout,
                    params.size(),
                    values,
                    plan.ignored);
        }
    }

    /**
     * Says what a weights file holds without a backbone: its format, its ResNet variant (build the
     * matching backbone with {@code ResNetV1s.builder().layout(report.layout())}), its backbone
     * tensors and what an import would skip.
     *
     * @param file a safetensors or MXNet {@code .params} file
     * @param format the naming of the file, or null to recognise it
     * @return the report ({@code tensors} and {@code values} count the file's backbone tensors)
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException as {@link #load}, for the checks that need no backbone
     */
    public static Report inspect(Path file, @Nullable PretrainedFormat format) throws IOException {
        try (TensorFile source = TensorFile.open(file)) {
            Plan plan = plan(source, file, format);
            long values = 0;
            for (PretrainedNames.Tensor t : plan.tensors.values()) {
                values += t.shape().size();
            }
            return new Report(
                    file,
                    plan.format,
                    plan.detected,
                    plan.layout,
                    plan.tensors.size(),
                    values,
                    plan.ignored);
        }
    }

    /** The file's tensors under sanet's names, with what was read from the names. */
    private record Plan(
            PretrainedFormat format,
            boolean detected,
            ResNetLayout layout,
            Map<String, PretrainedNames.Tensor> tensors,
            List<String> ignored) {}

    private static Plan plan(TensorFile source, Path file, @Nullable PretrainedFormat format) {
        Map<String, PretrainedNames.Tensor> kept = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        for (PretrainedNames.Tensor t : tensors(source)) {
            String name = PretrainedNames.withoutWrapper(t.key());
            if (PretrainedNames.skipped(name)) {
                ignored.add(t.key());
            } else {
                kept.put(name, t);
            }
        }
        PretrainedFormat f = format;
        if (f == null) {
            f = PretrainedNames.detect(source.container() == Container.MXNET_PARAMS, kept);
        } else {
            String why = PretrainedNames.mismatch(f, kept);
            if (why != null) {
                throw new IllegalArgumentException(
                        "pretrained weights "
                                + file
                                + " do not have "
                                + f.cliName()
                                + " names: "
                                + why);
            }
        }
        boolean avgDown = PretrainedNames.avgDown(kept);
        Map<String, PretrainedNames.Tensor> tensors =
                PretrainedNames.canonical(f, kept, avgDown, file);
        ResNetLayout layout = PretrainedNames.layout(tensors, avgDown, file);
        return new Plan(f, format == null, layout, tensors, ignored);
    }

    private static boolean isFloat(DataType t) {
        return t == DataType.FLOAT32
                || t == DataType.FLOAT64
                || t == DataType.FLOAT16
                || t == DataType.BFLOAT16;
    }

    /** The file's tensors as the name logic sees them. */
    private static List<PretrainedNames.Tensor> tensors(TensorFile file) {
        return file.tensors().values().stream()
                .map(t -> new PretrainedNames.Tensor(t.name(), t.dataType(), t.shape()))
                .toList();
    }
}
