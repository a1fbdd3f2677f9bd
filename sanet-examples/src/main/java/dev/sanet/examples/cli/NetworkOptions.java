package dev.sanet.examples.cli;

import dev.sanet.core.SANet;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options that describe a network and its input, shared by {@code sanet info} and {@code sanet
 * bench}: the {@link ModelOptions} plus the class count and the input size.
 */
final class NetworkOptions {

    /** The smallest input side the commands accept (the attention pooling needs 1/8 maps). */
    static final int MIN_SIZE = 32;

    @Mixin ModelOptions model = new ModelOptions();

    @Option(
            names = "--classes",
            paramLabel = "K",
            description = "Number of classes (default: ${DEFAULT-VALUE}, PASCAL VOC).")
    int classes = SANet.DEFAULT_NUM_CLASSES;

    @Option(
            names = "--size",
            paramLabel = "S",
            description =
                    "Input height and width in pixels, at least 32 (default: ${DEFAULT-VALUE}).")
    int size = 512;

    /**
     * Checks the options and builds the definition.
     *
     * @return the definition
     * @throws UserException naming the bad option value and the fix
     */
    SANet definition() {
        Ranges.side("--size", size);
        Ranges.check("--classes", classes, 1, 4096);
        return model.definition(classes);
    }
}
