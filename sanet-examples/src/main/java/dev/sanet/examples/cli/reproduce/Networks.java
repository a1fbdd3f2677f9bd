package dev.sanet.examples.cli.reproduce;

import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.Variant;
import dev.sanet.core.nn.EfficientNetConvention;

/**
 * The networks of an experiment's rows: every row shares the base width (ResNets), the EfficientNet
 * convention (EfficientNets) and the class count, and differs in backbone, variant, prediction or
 * loss weights.
 *
 * @param width the ResNet backbones' base width
 * @param numClasses the dataset's class count
 * @param efficientNetConvention an EfficientNet backbone's padding and batch-norm epsilon
 */
public record Networks(int width, int numClasses, EfficientNetConvention efficientNetConvention) {

    /**
     * Networks with torchvision's EfficientNet convention.
     *
     * @param width the ResNet backbones' base width
     * @param numClasses the dataset's class count
     */
    public Networks(int width, int numClasses) {
        this(width, numClasses, EfficientNetConvention.TORCHVISION);
    }

    /**
     * A definition builder with the shared settings.
     *
     * @param backbone the row's backbone
     * @return a builder; set the rest and build
     */
    public SANet.Builder builder(Backbone backbone) {
        return SANet.builder()
                .backbone(backbone)
                .width(width)
                .numClasses(numClasses)
                .efficientNetConvention(efficientNetConvention);
    }

    /**
     * The depth in row names: {@code 50} for ResNet50.
     *
     * @param backbone the backbone
     * @return the digits of its name
     */
    static String depth(Backbone backbone) {
        return backbone.cliName().replace("resnet", "");
    }

    /**
     * The paper's name of a model: {@code FCN101}, {@code FCN101-SE}, {@code SANet101}.
     *
     * @param variant the variant
     * @param depth the backbone's depth
     * @return the name
     */
    static String rowName(Variant variant, String depth) {
        return switch (variant) {
            case FCN -> "FCN" + depth;
            case FCN_SE -> "FCN" + depth + "-SE";
            case SANET -> "SANet" + depth;
        };
    }
}
