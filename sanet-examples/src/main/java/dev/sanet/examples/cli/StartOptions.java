package dev.sanet.examples.cli;

import ai.djl.Device;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a training run starts and on what it runs, shared by {@code sanet train} and {@code sanet
 * reproduce}: {@code --pretrained FILE} (GluonCV backbone weights) and {@code --devices}.
 */
final class StartOptions {

    @Option(
            names = "--pretrained",
            paramLabel = "FILE",
            description =
                    "ImageNet-pretrained backbone weights to start from: a GluonCV resnet*_v1s"
                            + " .params file (the paper fine-tunes from these; default: random"
                            + " initialization).")
    @Nullable Path pretrained;

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
