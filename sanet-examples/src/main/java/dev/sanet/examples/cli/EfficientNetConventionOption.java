package dev.sanet.examples.cli;

import dev.sanet.core.nn.EfficientNetConvention;
import picocli.CommandLine.Option;

/**
 * {@code --efficientnet-convention C}, an EfficientNet backbone's padding and batch-norm epsilon,
 * those of the weights it imports: one declaration shared by {@code sanet train}, {@code info},
 * {@code bench} (through {@link ModelOptions}) and {@code sanet reproduce}. A ResNet backbone
 * ignores it.
 */
final class EfficientNetConventionOption {

    @Option(
            names = "--efficientnet-convention",
            paramLabel = "C",
            description =
                    "An EfficientNet backbone's padding and batch-norm epsilon, those of the"
                            + " weights you import: torchvision, timm (efficientnet_b*) or tf"
                            + " (timm's tf_efficientnet_b*, TensorFlow's same padding) (default:"
                            + " ${DEFAULT-VALUE}).")
    String name = "torchvision";

    /**
     * The convention named.
     *
     * @return the convention
     * @throws UserException naming the flag, the value and the accepted names
     */
    EfficientNetConvention value() {
        try {
            return EfficientNetConvention.fromName(name);
        } catch (IllegalArgumentException e) {
            throw new UserException("--efficientnet-convention: " + e.getMessage(), e);
        }
    }
}
