package dev.sanet.examples.cli;

import dev.sanet.core.io.TensorFile;
import dev.sanet.core.nn.EfficientNetWeights;
import dev.sanet.core.nn.PretrainedFormat;
import dev.sanet.core.nn.PretrainedWeights;
import dev.sanet.core.nn.ResNetLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sanet weights inspect}: what a weights file holds. For sanet's own export ({@code sanet
 * weights export}, metadata {@code format = sanet-weights}): the network it was exported from (its
 * architecture: backbone, heads, width), its classes and its tensors. For an ImageNet ResNet file:
 * its naming family, its ResNet variant, its backbone tensors, what an import skips, and the
 * options that build the network it fits. Reads the file only; needs no engine.
 */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = {
            "Says what a weights file holds: for sanet's own export (sanet weights export) the"
                    + " network, its classes and tensors; for an ImageNet ResNet or EfficientNet file (safetensors,"
                    + " or GluonCV .params) which family's names it has, which variant it"
                    + " holds, and the options that build the matching backbone."
        })
final class WeightsInspectCommand implements Callable<Integer> {

    @Option(
            names = "--weights",
            required = true,
            paramLabel = "FILE",
            description = "A .safetensors or GluonCV .params file.")
    Path weights;

    @Option(
            names = "--format",
            paramLabel = "F",
            description =
                    "torchvision, timm, mmcv, encoding or gluoncv (default: recognised from the"
                            + " names).")
    @Nullable String format;

    @Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() throws IOException {
        InputChecks.file("--weights", weights, "pass a .safetensors or .params file of a ResNet");
        if (format == null && SanetExport.inspect(weights, json.on())) {
            return 0;
        }
        PretrainedFormat f = PretrainedOptions.format(format);
        if (efficientNet(weights)) {
            return efficientNet(f);
        }
        PretrainedWeights.Report r;
        try {
            r = PretrainedWeights.inspect(weights, f);
        } catch (IllegalArgumentException e) {
            throw new UserException("--weights " + e.getMessage(), e);
        }
        ResNetLayout l = r.layout();
        String options = PretrainedOptions.networkOptions(l);
        if (json.on()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("file", r.file().toString());
            o.put("format", r.format().cliName());
            o.put("recognised", r.detected());
            o.put("depth", l.depth());
            o.put("blocks", l.blocks());
            o.put("bottleneck", l.bottleneck());
            o.put("stem", l.stem().cliName());
            o.put("baseWidth", l.width());
            o.put("avgDown", l.avgDown());
            o.put("tensors", r.tensors());
            o.put("parameters", r.values());
            o.put("skipped", r.ignored());
            o.put("options", options);
            o.put("builder", l.builderCall());
            Json.print(System.out, o);
        } else {
            System.out.println(
                    r.file()
                            + ": "
                            + r.format().cliName()
                            + " names ("
                            + (r.detected() ? "recognised" : "as given")
                            + "), a "
                            + l.describe());
            System.out.println(
                    r.tensors()
                            + " backbone tensors, "
                            + r.values()
                            + " values; skipped on import: "
                            + skipped(r.ignored()));
            System.out.println(
                    options == null
                            ? "no sanet backbone option set builds this depth or width; from Java: "
                                    + l.builderCall()
                            : "train or inspect on it with: " + options);
        }
        return 0;
    }

    /** Whether the file's names are an EfficientNet's (torchvision's or timm's). */
    private static boolean efficientNet(Path file) {
        try (TensorFile t = TensorFile.open(file)) {
            return EfficientNetWeights.looksLikeEfficientNet(t.tensors().keySet());
        } catch (IOException | IllegalArgumentException e) {
            return false; // the ResNet route below reports the file's problem
        }
    }

    /** The report of an EfficientNet file: its naming, scale and the options that fit it. */
    private int efficientNet(@Nullable PretrainedFormat f) throws IOException {
        EfficientNetWeights.Report r;
        try {
            r = EfficientNetWeights.inspect(weights, f);
        } catch (IllegalArgumentException e) {
            throw new UserException("--weights " + e.getMessage(), e);
        }
        String options =
                "--backbone "
                        + r.scale().cliName()
                        + " --efficientnet-convention "
                        + (r.format() == PretrainedFormat.TORCHVISION
                                ? "torchvision"
                                : "timm (tf for" + " timm's tf_efficientnet_b* ports)");
        if (json.on()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("file", r.file().toString());
            o.put("format", r.format().cliName());
            o.put("recognised", r.detected());
            o.put("backbone", r.scale().cliName());
            o.put("tensors", r.tensors());
            o.put("parameters", r.values());
            o.put("skipped", r.ignored());
            o.put("options", options);
            Json.print(System.out, o);
        } else {
            System.out.println(r.summary());
            System.out.println("train or inspect on it with: " + options);
        }
        return 0;
    }

    /** {@code fc.weight, fc.bias and 53 num_batches_tracked}, or {@code nothing}. */
    private static String skipped(List<String> ignored) {
        long counters = ignored.stream().filter(k -> k.endsWith(".num_batches_tracked")).count();
        List<String> others =
                ignored.stream().filter(k -> !k.endsWith(".num_batches_tracked")).toList();
        if (ignored.isEmpty()) {
            return "nothing";
        }
        return String.join(", ", others)
                + (counters == 0
                        ? ""
                        : (others.isEmpty() ? "" : " and ") + counters + " num_batches_tracked");
    }
}
