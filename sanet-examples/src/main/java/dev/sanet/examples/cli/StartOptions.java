package dev.sanet.examples.cli;

import ai.djl.Device;
import dev.sanet.core.nn.PretrainedFormat;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a training run starts and on what it runs, shared by {@code sanet train} and {@code sanet
 * reproduce}: {@code --pretrained FILE [--pretrained-format NAME]} (ImageNet backbone weights),
 * {@code --devices} and {@code --engine}.
 */
final class StartOptions {

    @Option(
            names = "--pretrained",
            paramLabel = "FILE",
            description =
                    "ImageNet-pretrained backbone weights to start from: safetensors with"
                            + " torchvision, timm, mmcv or PyTorch-Encoding names, or a GluonCV"
                            + " .params file; the backbone options must match the file's variant"
                            + " ('sanet weights inspect' says which). Default: random"
                            + " initialization.")
    @Nullable Path pretrained;

    @Option(
            names = "--pretrained-format",
            paramLabel = "NAME",
            description =
                    "The naming family of --pretrained: torchvision, timm, mmcv, encoding or"
                            + " gluoncv (default: recognised from the names).")
    @Nullable String pretrainedFormat;

    /**
     * The family named by {@code --pretrained-format}.
     *
     * @return the family, or null to recognise it from the names
     * @throws UserException for an unknown name
     */
    @Nullable PretrainedFormat format() {
        if (pretrainedFormat == null) {
            return null;
        }
        try {
            return PretrainedFormat.fromName(pretrainedFormat);
        } catch (IllegalArgumentException e) {
            throw new UserException("--pretrained-format: " + e.getMessage(), e);
        }
    }

    @Option(
            names = "--devices",
            description =
                    "cpu, gpu (all GPUs) or a list such as gpu0,gpu1; each batch is split across"
                            + " them (default: ${DEFAULT-VALUE}).")
    String devices = "cpu";

    /**
     * Checks the options against a batch size and returns the devices.
     *
     * @param batch the batch size, or null when the command's default applies
     * @return one or more devices
     * @throws UserException when the weights file is missing, a device does not exist or the batch
     *     does not split evenly
     */
    @Mixin EngineOption engine = new EngineOption();

    Device[] check(@Nullable Integer batch) {
        InferenceArgs.checkPretrained(pretrained);
        format();
        Device[] devs = Devices.parse(devices, engine.name());
        if (batch != null && batch % devs.length != 0) {
            throw new UserException(
                    "--batch "
                            + batch
                            + " does not split evenly across "
                            + devs.length
                            + " devices");
        }
        return devs;
    }
}
