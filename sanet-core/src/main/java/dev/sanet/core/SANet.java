package dev.sanet.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import com.google.gson.JsonObject;
import dev.sanet.core.nn.EfficientNet;
import dev.sanet.core.nn.EfficientNetConvention;
import dev.sanet.core.nn.Pooling;
import dev.sanet.core.nn.SegmentationBackbone;
import dev.sanet.core.nn.Stem;
import dev.sanet.core.settings.SettingException;
import java.util.Objects;

/**
 * An immutable definition of a SANet or of one of its Table 3 baselines: backbone, heads and
 * training weights. It validates its settings once, when built ({@link Builder#build()}), and
 * creates fresh DJL blocks with {@link #newBlock()}.
 *
 * <pre>{@code
 * SANet model = SANet.builder().backbone(Backbone.RESNET50).heads(4).alpha(0.2).build();
 * Block block = model.newBlock();
 * }</pre>
 *
 * <p>Each setting's default and range are given with its {@link Builder} method (paper section 3;
 * {@code docs/architecture.md} records each reading).
 *
 * <p>The block's outputs, all logits, pixel outputs at the input's exact height and width: for
 * {@link Variant#SANET} with at least one head {@code [mask (N,K,H,W), dense (N,K,H,W), cat (N,K)]}
 * (named {@code "mask"}, {@code "dense"}, {@code "cat"}), otherwise {@code [dense (N,K,H,W)]}.
 *
 * @param backbone the backbone: a ResNet's depth or an EfficientNet's scale
 * @param stem the backbone's input stem (ResNets)
 * @param avgDown whether the backbone's projection shortcuts average-pool first (ResNet-D)
 * @param numClasses the number of classes K of every output
 * @param variant the network family
 * @param heads the SA heads on the last stages, 0..4; always 0 for FCN and FCN-SE
 * @param alpha the weight of the categorical loss (paper Eq. 6)
 * @param beta the weight of the dense loss (paper Eq. 6)
 * @param outputStride the backbone's output stride: 8 dilates stages 3 and 4, 16 stage 4 only
 * @param headKernel the kernel size of the first convolution of both SA channels
 * @param pooling the pooling of the SA attention channel
 * @param poolRatio the down-sampling ratio (pool kernel and stride) of the SA attention channel
 * @param prediction which output is the prediction at inference ({@link Prediction#logits})
 * @param width the stem/base width; stage widths scale with it (ResNets)
 * @param dropout the dropout rate before the dense head's classifier
 * @param efficientNetConvention an EfficientNet's padding and batch-norm epsilon (its weights')
 */
public record SANet(
        Backbone backbone,
        Stem stem,
        boolean avgDown,
        int numClasses,
        Variant variant,
        int heads,
        double alpha,
        double beta,
        int outputStride,
        int headKernel,
        Pooling pooling,
        int poolRatio,
        Prediction prediction,
        int width,
        double dropout,
        EfficientNetConvention efficientNetConvention) {

    /** The default number of classes: 21, PASCAL VOC (20 objects and background). */
    public static final int DEFAULT_NUM_CLASSES = 21;

    /** The default weight of the categorical loss (paper Fig. 4). */
    public static final double DEFAULT_ALPHA = 0.2;

    /** The default weight of the dense loss (paper Fig. 4). */
    public static final double DEFAULT_BETA = 0.8;

    /** The default stem/base width: 64, the paper's ResNets. */
    public static final int DEFAULT_WIDTH = 64;

    /**
     * Validates the settings; prefer {@link #builder()}. FCN and FCN-SE get no SA heads (Table 3).
     *
     * @param backbone the backbone's depth
     * @param stem the backbone's input stem
     * @param avgDown whether projection shortcuts average-pool first
     * @param numClasses at least 1
     * @param variant the network family
     * @param heads 0..4
     * @param alpha the weight of L_cat, in 0..100
     * @param beta the weight of L_den, in 0..100
     * @param outputStride 8 or 16
     * @param headKernel 1 or 3
     * @param pooling the attention channel's pooling
     * @param poolRatio 1..64
     * @param prediction the prediction's output
     * @param width a multiple of 8 in 8..256
     * @param dropout in [0, 1)
     * @param efficientNetConvention the EfficientNet weights' conventions
     * @throws SettingException naming the first bad setting, its value and its allowed range
     */
    public SANet {
        check(numClasses >= 1, "numClasses", numClasses, ">= 1");
        SettingException.checkRange("heads", heads, 0, 4);
        // A loss weight beyond 100 is a typo, not a setting.
        check(alpha >= 0 && alpha <= 100, "alpha", alpha, "in 0..100");
        check(beta >= 0 && beta <= 100, "beta", beta, "in 0..100");
        check(outputStride == 8 || outputStride == 16, "outputStride", outputStride, "8 or 16");
        check(headKernel == 1 || headKernel == 3, "headKernel", headKernel, "1 or 3");
        SettingException.checkRange("poolRatio", poolRatio, 1, 64);
        // A multiple of 8 keeps the SA reduction (C/4) divisible by its 2 groups at every stage.
        boolean w8 = width >= 8 && width <= 256 && width % 8 == 0;
        check(w8, "width", width, "a multiple of 8 in 8..256");
        check(dropout >= 0 && dropout < 1, "dropout", dropout, "in [0, 1)");
        heads = variant == Variant.SANET ? heads : 0;
    }

    private static void check(boolean ok, String setting, Object value, String allowed) {
        if (!ok) {
            throw new SettingException(setting, value, allowed);
        }
    }

    /**
     * Starts a builder with every default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this definition's settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return SANetForms.toBuilder(this);
    }

    /**
     * Creates a fresh, uninitialised block; initialise it with an input shape {@code (N, 3, H, W)}
     * (float32, ImageNet-normalised RGB) before use.
     *
     * @return a new {@link SANetBlock}
     */
    public SANetBlock newBlock() {
        return new SANetBlock(this);
    }

    /**
     * Creates a fresh block on a backbone of the caller's (the heads adapt to its stage channels).
     *
     * @param backbone a fresh, uninitialised backbone
     * @return a new {@link SANetBlock}
     */
    public SANetBlock newBlock(SegmentationBackbone backbone) {
        return new SANetBlock(this, backbone);
    }

    /**
     * Whether the block emits {@code [mask, dense, cat]} ({@link Variant#SANET} with heads).
     *
     * @return true then, false when it emits only {@code [dense]}
     */
    public boolean hasAttentionOutputs() {
        return variant == Variant.SANET && heads > 0;
    }

    /**
     * Picks the segmentation logits from the outputs by {@link Prediction#logits}.
     *
     * @param outputs the block's forward outputs: {@code [mask, dense, cat]} or {@code [dense]}
     * @return the (N, K, H, W) logits
     * @throws IllegalArgumentException if the list has neither one nor three arrays
     */
    public NDArray predictionLogits(NDList outputs) {
        return prediction.logits(outputs);
    }

    /**
     * The backbone as a fresh, uninitialised block.
     *
     * @return a new backbone: a {@link dev.sanet.core.nn.ResNetV1s} or an {@link EfficientNet}
     */
    public SegmentationBackbone newBackbone() {
        var scale = backbone.efficientNetScale();
        return scale == null
                ? backbone.newBackbone(stem, avgDown, width, outputStride)
                : EfficientNet.builder()
                        .scale(scale)
                        .convention(efficientNetConvention)
                        .outputStride(outputStride)
                        .build();
    }

    /**
     * This definition as the {@code architecture} object of {@code sanet.json}.
     *
     * @return a new JSON object
     */
    public JsonObject toJson() {
        return SANetForms.toJson(this);
    }

    /**
     * Reads a definition written by {@link #toJson()}, validating it like {@link Builder#build()}.
     *
     * @param json the {@code architecture} object
     * @return the definition
     * @throws IllegalArgumentException naming the missing or bad setting
     */
    public static SANet fromJson(JsonObject json) {
        return SANetForms.fromJson(json);
    }

    @Override
    public String toString() {
        return SANetForms.describe(this);
    }

    /**
     * Fluent builder of {@link SANet}. Setters only store values; {@link #build()} validates them
     * all, throwing a {@link SettingException} that names the setting, the value and the range.
     */
    public static final class Builder {
        private Backbone backbone = Backbone.RESNET101;
        private Stem stem = Stem.DEEP_64;
        private boolean avgDown;
        private int numClasses = DEFAULT_NUM_CLASSES;
        private int heads = 4;
        private double alpha = DEFAULT_ALPHA;
        private double beta = DEFAULT_BETA;
        private Variant variant = Variant.SANET;
        private int outputStride = 8;
        private int headKernel = 1;
        private Pooling pooling = Pooling.AVG;
        private int poolRatio = 8;
        private Prediction prediction = Prediction.DENSE;
        private int width = DEFAULT_WIDTH;
        private double dropout = 0.1;
        private EfficientNetConvention convention = EfficientNetConvention.TORCHVISION;

        private Builder() {}

        /**
         * Sets the backbone.
         *
         * @param backbone the backbone (default {@link Backbone#RESNET101}); for an EfficientNet
         *     the stem, avgDown and width settings do not apply
         * @return this builder
         */
        public Builder backbone(Backbone backbone) {
            this.backbone = Objects.requireNonNull(backbone, "backbone");
            return this;
        }

        /**
         * Sets the backbone's input stem, the one of the ImageNet weights to import.
         *
         * @param stem {@link Stem#DEEP_64} (default; the paper's, GluonCV {@code v1s}), {@link
         *     Stem#STANDARD} (torchvision's 7x7) or {@link Stem#DEEP_32} (GluonCV {@code v1c})
         * @return this builder
         */
        public Builder stem(Stem stem) {
            this.stem = Objects.requireNonNull(stem, "stem");
            return this;
        }

        /**
         * Sets the kind of the backbone's projection shortcuts.
         *
         * @param avgDown true for an average pool with the block's stride before a 1x1 convolution
         *     (ResNet-D, GluonCV {@code v1d}); false (default) for a strided 1x1 convolution
         * @return this builder
         */
        public Builder avgDown(boolean avgDown) {
            this.avgDown = avgDown;
            return this;
        }

        /**
         * Sets the number of classes K.
         *
         * @param numClasses at least 1 (default 21, PASCAL VOC)
         * @return this builder
         */
        public Builder numClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Sets the number of SA heads, on the last stages (0: the plain dilated FCN; FCN, FCN-SE:
         * 0).
         *
         * @param heads 0..4 (default 4, the paper)
         * @return this builder
         */
        public Builder heads(int heads) {
            this.heads = heads;
            return this;
        }

        /**
         * Sets the weight of the categorical loss.
         *
         * @param alpha the weight of L_cat, in 0..100 (default 0.2)
         * @return this builder
         */
        public Builder alpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /**
         * Sets the weight of the dense loss.
         *
         * @param beta the weight of L_den, in 0..100 (default 0.8)
         * @return this builder
         */
        public Builder beta(double beta) {
            this.beta = beta;
            return this;
        }

        /**
         * Sets the network family.
         *
         * @param variant SANET (default), FCN or FCN_SE
         * @return this builder
         */
        public Builder variant(Variant variant) {
            this.variant = Objects.requireNonNull(variant, "variant");
            return this;
        }

        /**
         * Sets the backbone's output stride.
         *
         * @param outputStride 8 (default) or 16
         * @return this builder
         */
        public Builder outputStride(int outputStride) {
            this.outputStride = outputStride;
            return this;
        }

        /**
         * Sets the kernel size of the first convolution of both SA channels.
         *
         * @param headKernel 1 (default) or 3
         * @return this builder
         */
        public Builder headKernel(int headKernel) {
            this.headKernel = headKernel;
            return this;
        }

        /**
         * Sets the pooling of the SA attention channel.
         *
         * @param pooling AVG (default) or MAX
         * @return this builder
         */
        public Builder pooling(Pooling pooling) {
            this.pooling = Objects.requireNonNull(pooling, "pooling");
            return this;
        }

        /**
         * Sets the down-sampling ratio (pool kernel, stride) of the SA attention channel.
         *
         * @param poolRatio 1..64 (default 8)
         * @return this builder
         */
        public Builder poolRatio(int poolRatio) {
            this.poolRatio = poolRatio;
            return this;
        }

        /**
         * Sets which output is the prediction at inference.
         *
         * @param prediction MASK, DENSE (default) or SUM
         * @return this builder
         */
        public Builder prediction(Prediction prediction) {
            this.prediction = Objects.requireNonNull(prediction, "prediction");
            return this;
        }

        /**
         * Sets the stem/base width; stage widths scale with it (small: tests and CPU demos).
         *
         * @param width a multiple of 8 in 8..256 (default 64, the paper)
         * @return this builder
         */
        public Builder width(int width) {
            this.width = width;
            return this;
        }

        /**
         * Sets the dropout rate before the dense head's classifier.
         *
         * @param dropout in [0, 1) (default 0.1)
         * @return this builder
         */
        public Builder dropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        /**
         * Sets an EfficientNet backbone's padding and batch-norm epsilon: those of the weights.
         *
         * @param convention TORCHVISION (default), TIMM or TF
         * @return this builder
         */
        public Builder efficientNetConvention(EfficientNetConvention convention) {
            this.convention = Objects.requireNonNull(convention, "convention");
            return this;
        }

        /**
         * Validates the settings and creates the definition.
         *
         * @return the immutable definition
         * @throws SettingException naming the first bad setting, its value and its allowed range
         */
        public SANet build() {
            return new SANet(
                    backbone,
                    stem,
                    avgDown,
                    numClasses,
                    variant,
                    heads,
                    alpha,
                    beta,
                    outputStride,
                    headKernel,
                    pooling,
                    poolRatio,
                    prediction,
                    width,
                    dropout,
                    convention);
        }
    }
}
