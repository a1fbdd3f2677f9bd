package dev.sanet.examples.cli;

import dev.sanet.core.Backbone;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANet;
import dev.sanet.core.Variant;
import dev.sanet.core.nn.EfficientNetConvention;
import dev.sanet.core.nn.Stem;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options that choose a network, shared by {@code sanet train}, {@code sanet info} and {@code
 * sanet bench} (through {@link NetworkOptions}); {@code --efficientnet-convention} is its own
 * group, {@link EfficientNetConventionOption}, which {@code sanet reproduce} shares too.
 */
final class ModelOptions {

    @Option(
            names = "--backbone",
            paramLabel = "B",
            description =
                    "resnet18, resnet34, resnet50, resnet101, resnet152, or efficientnet-b0 .."
                            + " efficientnet-b7 (default: ${DEFAULT-VALUE}).")
    String backbone = "resnet101";

    @Mixin EfficientNetConventionOption efficientNetConvention = new EfficientNetConventionOption();

    @Option(
            names = "--stem",
            paramLabel = "S",
            description =
                    "Backbone stem: deep64 (3x3 64-64-128: the paper's, GluonCV v1s,"
                            + " PyTorch-Encoding resnet*s), deep32 (3x3 32-32-64: timm resnet*d,"
                            + " mmcv v1c, GluonCV v1c/v1d) or standard (torchvision's 7x7);"
                            + " the stem of the ImageNet weights you import (default:"
                            + " ${DEFAULT-VALUE}).")
    String stem = "deep64";

    @Option(
            names = "--avg-down",
            description =
                    "Average-pool projection shortcuts (ResNet-D: timm resnet*d, mmcv v1d,"
                            + " GluonCV v1d/v1e) instead of strided 1x1 convolutions.")
    boolean avgDown;

    @Option(
            names = "--variant",
            paramLabel = "V",
            description = "sanet, fcn or fcn-se (default: ${DEFAULT-VALUE}).")
    String variant = "sanet";

    @Option(
            names = "--heads",
            paramLabel = "N",
            description = "SA heads on the last N stages, 0..4 (default: ${DEFAULT-VALUE}).")
    int heads = 4;

    @Option(
            names = "--head-kernel",
            paramLabel = "K",
            description =
                    "Kernel of the SA first convolutions, 1 or 3 (default: ${DEFAULT-VALUE}).")
    int headKernel = 1;

    @Option(
            names = "--base-width",
            paramLabel = "W",
            description =
                    "Stem/base width, a multiple of 8 (default: ${DEFAULT-VALUE}, the paper).")
    int baseWidth = SANet.DEFAULT_WIDTH;

    @Option(
            names = "--output-stride",
            paramLabel = "OS",
            description = "Backbone output stride, 8 or 16 (default: ${DEFAULT-VALUE}).")
    int outputStride = 8;

    @Option(
            names = "--prediction",
            paramLabel = "P",
            description =
                    "Output used as the prediction: mask, dense or sum (default: ${DEFAULT-VALUE}).")
    String prediction = "dense";

    @Option(
            names = "--alpha",
            description = "Weight of the categorical loss (default: ${DEFAULT-VALUE}).")
    double alpha = SANet.DEFAULT_ALPHA;

    @Option(names = "--beta", description = "Weight of the dense loss (default: ${DEFAULT-VALUE}).")
    double beta = SANet.DEFAULT_BETA;

    /**
     * Checks the options and builds the definition.
     *
     * @param numClasses the dataset's class count
     * @return the definition
     * @throws UserException naming the bad option
     * @throws IllegalArgumentException from the builder for a setting out of range (a {@link
     *     dev.sanet.core.settings.SettingException} naming it)
     */
    SANet definition(int numClasses) {
        Backbone b;
        Stem st;
        Variant v;
        Prediction p;
        try {
            b = Backbone.fromName(backbone);
        } catch (IllegalArgumentException e) {
            throw new UserException("--backbone: " + e.getMessage(), e);
        }
        EfficientNetConvention ec = efficientNetConvention.value();
        try {
            st = Stem.fromName(stem);
        } catch (IllegalArgumentException e) {
            throw new UserException("--stem: " + e.getMessage(), e);
        }
        try {
            v = Variant.fromName(variant);
        } catch (IllegalArgumentException e) {
            throw new UserException("--variant: " + e.getMessage(), e);
        }
        try {
            p = Prediction.valueOf(prediction.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException(
                    "--prediction " + prediction + ": expected mask, dense or sum", e);
        }
        if (v != Variant.SANET && heads != 4 && heads != 0) {
            throw new UserException(
                    "--heads applies to --variant sanet only, got --heads "
                            + heads
                            + " with --variant "
                            + v.cliName()
                            + ": drop --heads");
        }
        // A setting out of range fails in build() with a SettingException naming it, which the
        // root reports under this command's flag (SettingFlags): no check is repeated here.
        return SANet.builder()
                .backbone(b)
                .stem(st)
                .avgDown(avgDown)
                .variant(v)
                .numClasses(numClasses)
                .heads(heads)
                .headKernel(headKernel)
                .outputStride(outputStride)
                .width(baseWidth)
                .prediction(p)
                .alpha(alpha)
                .beta(beta)
                .efficientNetConvention(ec)
                .build();
    }
}
