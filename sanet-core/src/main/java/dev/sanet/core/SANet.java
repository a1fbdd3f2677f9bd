package dev.sanet.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import com.google.gson.JsonObject;
import dev.sanet.core.nn.Pooling;
import dev.sanet.core.nn.ResNetV1s;
import dev.sanet.core.nn.SegmentationBackbone;
import dev.sanet.core.nn.Stem;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable definition of a SANet or of one of its Table 3 baselines: backbone, heads and
 * training weights. It validates its settings once, in {@link Builder#build()}, and creates fresh
 * DJL blocks with {@link #newBlock()}.
 *
 * <pre>{@code
 * import static dev.sanet.core.Backbone.RESNET101;
 *
 * SANet model = SANet.builder().backbone(RESNET101).heads(4).alpha(0.2).beta(0.8).build();
 * Block block = model.newBlock();
 * }</pre>
 *
 * <p>Defaults (SANET_SPEC.md section 2; {@code docs/architecture.md} records each reading):
 * backbone ResNet101 with the deep 64-64-128 stem ({@link Stem#DEEP_64}) and strided projection
 * shortcuts, 21 classes (PASCAL VOC), variant {@link Variant#SANET}, 4 SA heads, alpha 0.2, beta
 * 0.8, output stride 8, SA first-convolution kernel 1, {@link Pooling#AVG} attention pooling with
 * ratio 8, width 64, dropout 0.1 in the dense head, {@link Prediction#DENSE} as the prediction. The
 * stem and the shortcut kind ({@link Builder#stem}, {@link Builder#avgDown}) select the ResNet
 * variant whose ImageNet weights one imports (GluonCV {@code v1s} by default; torchvision's 7x7
 * stem; timm's and mmcv's deep 32-32-64 stem with or without average-pool shortcuts).
 *
 * <p>The block's outputs, all logits, pixel outputs at the input's exact height and width: for
 * {@link Variant#SANET} with at least one head {@code [mask (N,K,H,W), dense (N,K,H,W), cat (N,K)]}
 * (named {@code "mask"}, {@code "dense"}, {@code "cat"}), otherwise {@code [dense (N,K,H,W)]}.
 */
public final class SANet {

    /** The default number of classes: 21, PASCAL VOC (20 objects and background). */
    public static final int DEFAULT_NUM_CLASSES = 21;

    /** The default weight of the categorical loss (paper Fig. 4). */
    public static final double DEFAULT_ALPHA = 0.2;

    /** The default weight of the dense loss (paper Fig. 4). */
    public static final double DEFAULT_BETA = 0.8;

    /** The default stem/base width: 64, the paper's ResNets. */
    public static final int DEFAULT_WIDTH = 64;

    private final Backbone backbone;
    private final Stem stem;
    private final boolean avgDown;
    private final int numClasses;
    private final int heads;
    private final double alpha;
    private final double beta;
    private final Variant variant;
    private final int outputStride;
    private final int headKernel;
    private final Pooling pooling;
    private final int poolRatio;
    private final Prediction prediction;
    private final int width;
    private final double dropout;

    private SANet(Builder b) {
        this.backbone = b.backbone;
        this.stem = b.stem;
        this.avgDown = b.avgDown;
        this.numClasses = b.numClasses;
        // The baselines have no SA heads whatever heads() said: FCN and FCN-SE are defined by
        // their dense head alone (Table 3), so a builder switched to them keeps working.
        this.heads = b.variant == Variant.SANET ? b.heads : 0;
        this.alpha = b.alpha;
        this.beta = b.beta;
        this.variant = b.variant;
        this.outputStride = b.outputStride;
        this.headKernel = b.headKernel;
        this.pooling = b.pooling;
        this.poolRatio = b.poolRatio;
        this.prediction = b.prediction;
        this.width = b.width;
        this.dropout = b.dropout;
    }

    /**
     * Starts a builder with every default (see the class comment).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this definition's settings, to derive a modified copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.backbone = backbone;
        b.stem = stem;
        b.avgDown = avgDown;
        b.numClasses = numClasses;
        b.heads = heads;
        b.alpha = alpha;
        b.beta = beta;
        b.variant = variant;
        b.outputStride = outputStride;
        b.headKernel = headKernel;
        b.pooling = pooling;
        b.poolRatio = poolRatio;
        b.prediction = prediction;
        b.width = width;
        b.dropout = dropout;
        return b;
    }

    /**
     * Creates a fresh, uninitialised block for this definition. Initialise it with an input shape
     * {@code (N, 3, H, W)} (float32, ImageNet-normalised RGB) before use, e.g. through a DJL {@code
     * Trainer} or {@code Block.initialize}.
     *
     * @return a new {@link SANetBlock}
     */
    public SANetBlock newBlock() {
        return new SANetBlock(this);
    }

    /**
     * Creates a fresh block for this definition on a backbone of the caller's (any {@link
     * SegmentationBackbone}); the definition's {@link #backbone()}, {@link #stem()}, {@link
     * #avgDown()}, {@link #width()} and {@link #outputStride()} are then not used. The heads adapt
     * to the backbone's {@link SegmentationBackbone#stageChannels() stage channels}.
     *
     * @param backbone a fresh, uninitialised backbone
     * @return a new {@link SANetBlock}
     */
    public SANetBlock newBlock(SegmentationBackbone backbone) {
        return new SANetBlock(this, backbone);
    }

    /**
     * Whether the block emits the SA outputs ({@code mask} and {@code cat}) besides {@code dense}:
     * true for {@link Variant#SANET} with at least one head.
     *
     * @return true when the outputs are {@code [mask, dense, cat]}, false when only {@code [dense]}
     */
    public boolean hasAttentionOutputs() {
        return variant == Variant.SANET && heads > 0;
    }

    /**
     * Picks the segmentation logits from the block's outputs according to {@link #prediction()}:
     * {@code mask}, {@code dense} or their sum. An output list holding only {@code dense} (FCN,
     * FCN-SE, zero heads) yields {@code dense} whatever the setting.
     *
     * @param outputs the block's forward outputs: {@code [mask, dense, cat]} or {@code [dense]}
     * @return the (N, K, H, W) logits; the sum for {@link Prediction#SUM} is a new array attached
     *     to the outputs' manager
     * @throws IllegalArgumentException if the list has neither one nor three arrays
     */
    public NDArray predictionLogits(NDList outputs) {
        if (outputs.size() == 1) {
            return outputs.get(0);
        }
        if (outputs.size() != 3) {
            throw new IllegalArgumentException(
                    "expected the outputs [mask, dense, cat] or [dense], got "
                            + outputs.size()
                            + " arrays");
        }
        return switch (prediction) {
            case MASK -> outputs.get(0);
            case DENSE -> outputs.get(1);
            case SUM -> outputs.get(0).add(outputs.get(1));
        };
    }

    /**
     * The backbone.
     *
     * @return the backbone, default {@link Backbone#RESNET101}
     */
    public Backbone backbone() {
        return backbone;
    }

    /**
     * The backbone's input stem.
     *
     * @return the stem, default {@link Stem#DEEP_64} (the paper's, GluonCV's {@code v1s})
     */
    public Stem stem() {
        return stem;
    }

    /**
     * Whether the backbone's projection shortcuts average-pool before their 1x1 convolution
     * (ResNet-D's {@code avg_down}) rather than striding it.
     *
     * @return the setting, default false
     */
    public boolean avgDown() {
        return avgDown;
    }

    /**
     * The backbone as a fresh, uninitialised block: {@link #backbone()}'s depth with {@link
     * #stem()}, {@link #avgDown()}, {@link #width()} and {@link #outputStride()}.
     *
     * @return a new backbone
     */
    public ResNetV1s newBackbone() {
        return backbone.newBackbone(stem, avgDown, width, outputStride);
    }

    /**
     * The number of classes K of every output.
     *
     * @return K, default 21 (PASCAL VOC)
     */
    public int numClasses() {
        return numClasses;
    }

    /**
     * The number of SA heads, placed on the last {@code heads} stages (4 = SA1..SA4, the paper).
     * Always 0 for {@link Variant#FCN} and {@link Variant#FCN_SE}.
     *
     * @return 0..4, default 4
     */
    public int heads() {
        return heads;
    }

    /**
     * The weight of the categorical loss (paper Eq. 6).
     *
     * @return alpha, default 0.2
     */
    public double alpha() {
        return alpha;
    }

    /**
     * The weight of the dense loss (paper Eq. 6).
     *
     * @return beta, default 0.8
     */
    public double beta() {
        return beta;
    }

    /**
     * The network family.
     *
     * @return the variant, default {@link Variant#SANET}
     */
    public Variant variant() {
        return variant;
    }

    /**
     * The backbone's output stride: 8 dilates stages 3 and 4, 16 dilates stage 4 only.
     *
     * @return 8 (default) or 16
     */
    public int outputStride() {
        return outputStride;
    }

    /**
     * The kernel size of the first convolution of both SA channels.
     *
     * @return 1 (default, inside the paper's parameter budget) or 3
     */
    public int headKernel() {
        return headKernel;
    }

    /**
     * The pooling of the SA attention channel.
     *
     * @return the pooling, default {@link Pooling#AVG}
     */
    public Pooling pooling() {
        return pooling;
    }

    /**
     * The down-sampling ratio of the SA attention channel: pooling kernel and stride.
     *
     * @return the ratio, default 8
     */
    public int poolRatio() {
        return poolRatio;
    }

    /**
     * Which output is the prediction at inference (see {@link #predictionLogits(NDList)}).
     *
     * @return the setting, default {@link Prediction#DENSE} (provisional; see docs/architecture.md)
     */
    public Prediction prediction() {
        return prediction;
    }

    /**
     * The stem/base width; stage widths scale with it (width 16 is a 4x narrower network).
     *
     * @return the width, default 64 (the paper)
     */
    public int width() {
        return width;
    }

    /**
     * The dropout rate before the dense head's classifier.
     *
     * @return the rate, default 0.1
     */
    public double dropout() {
        return dropout;
    }

    /**
     * This definition as JSON: the {@code architecture} object of a model directory's {@code
     * sanet.json}, with every setting (enums by constant name). {@link #fromJson} reads it back to
     * an equal definition. {@code stem} and {@code avgDown} were added after the first models were
     * saved; {@link #fromJson} reads an object without them as the deep 64-64-128 stem with strided
     * shortcuts, which every earlier model had.
     *
     * @return a new JSON object
     */
    public JsonObject toJson() {
        JsonObject a = new JsonObject();
        a.addProperty("backbone", backbone.name());
        a.addProperty("stem", stem.name());
        a.addProperty("avgDown", avgDown);
        a.addProperty("numClasses", numClasses);
        a.addProperty("variant", variant.name());
        a.addProperty("heads", heads);
        a.addProperty("alpha", alpha);
        a.addProperty("beta", beta);
        a.addProperty("outputStride", outputStride);
        a.addProperty("headKernel", headKernel);
        a.addProperty("pooling", pooling.name());
        a.addProperty("poolRatio", poolRatio);
        a.addProperty("prediction", prediction.name());
        a.addProperty("width", width);
        a.addProperty("dropout", dropout);
        return a;
    }

    /**
     * Reads a definition written by {@link #toJson()}, validating it like {@link Builder#build()}.
     * Without {@code stem} and {@code avgDown} (models saved before they existed) the backbone has
     * the deep 64-64-128 stem and strided shortcuts.
     *
     * @param json the {@code architecture} object
     * @return the definition
     * @throws IllegalArgumentException naming the missing or bad setting
     */
    public static SANet fromJson(JsonObject json) {
        try {
            return builder()
                    .backbone(Backbone.valueOf(string(json, "backbone")))
                    .stem(json.has("stem") ? Stem.valueOf(string(json, "stem")) : Stem.DEEP_64)
                    .avgDown(json.has("avgDown") && json.get("avgDown").getAsBoolean())
                    .numClasses(json.get("numClasses").getAsInt())
                    .variant(Variant.valueOf(string(json, "variant")))
                    .heads(json.get("heads").getAsInt())
                    .alpha(json.get("alpha").getAsDouble())
                    .beta(json.get("beta").getAsDouble())
                    .outputStride(json.get("outputStride").getAsInt())
                    .headKernel(json.get("headKernel").getAsInt())
                    .pooling(Pooling.valueOf(string(json, "pooling")))
                    .poolRatio(json.get("poolRatio").getAsInt())
                    .prediction(Prediction.valueOf(string(json, "prediction")))
                    .width(json.get("width").getAsInt())
                    .dropout(json.get("dropout").getAsDouble())
                    .build();
        } catch (NullPointerException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(
                    "architecture " + json + " lacks a setting or has one of the wrong type", e);
        }
    }

    private static String string(JsonObject json, String key) {
        if (!json.has(key)) {
            throw new IllegalArgumentException("architecture " + json + " has no " + key);
        }
        return json.get(key).getAsString();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SANet s)) {
            return false;
        }
        return backbone == s.backbone
                && stem == s.stem
                && avgDown == s.avgDown
                && numClasses == s.numClasses
                && heads == s.heads
                && Double.compare(alpha, s.alpha) == 0
                && Double.compare(beta, s.beta) == 0
                && variant == s.variant
                && outputStride == s.outputStride
                && headKernel == s.headKernel
                && pooling == s.pooling
                && poolRatio == s.poolRatio
                && prediction == s.prediction
                && width == s.width
                && Double.compare(dropout, s.dropout) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                backbone,
                stem,
                avgDown,
                numClasses,
                heads,
                alpha,
                beta,
                variant,
                outputStride,
                headKernel,
                pooling,
                poolRatio,
                prediction,
                width,
                dropout);
    }

    @Override
    public String toString() {
        return "SANet{variant="
                + variant.cliName()
                + ", backbone="
                + backbone.cliName()
                + ", stem="
                + stem.cliName()
                + ", avgDown="
                + avgDown
                + ", numClasses="
                + numClasses
                + ", heads="
                + heads
                + ", alpha="
                + alpha
                + ", beta="
                + beta
                + ", outputStride="
                + outputStride
                + ", headKernel="
                + headKernel
                + ", pooling="
                + pooling
                + ", poolRatio="
                + poolRatio
                + ", prediction="
                + prediction
                + ", width="
                + width
                + ", dropout="
                + dropout
                + "}";
    }

    /**
     * Fluent builder of {@link SANet}. Setters only store values; {@link #build()} validates them
     * all and throws {@link IllegalArgumentException} naming the bad value and the allowed range.
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

        private Builder() {}

        /**
         * Sets the backbone.
         *
         * @param backbone the backbone (default {@link Backbone#RESNET101})
         * @return this builder
         */
        public Builder backbone(Backbone backbone) {
            this.backbone = Objects.requireNonNull(backbone, "backbone");
            return this;
        }

        /**
         * Sets the backbone's input stem: {@link Stem#DEEP_64} (default; the paper's, GluonCV
         * {@code v1s}, PyTorch-Encoding {@code resnet*s}), {@link Stem#STANDARD} (torchvision's 7x7
         * stem) or {@link Stem#DEEP_32} (GluonCV {@code v1c}/{@code v1d}, timm {@code resnet*d},
         * mmcv {@code v1c}). Choose the one of the ImageNet weights to import.
         *
         * @param stem the stem
         * @return this builder
         */
        public Builder stem(Stem stem) {
            this.stem = Objects.requireNonNull(stem, "stem");
            return this;
        }

        /**
         * Sets the kind of the backbone's projection shortcuts.
         *
         * @param avgDown true for an average pool with the block's stride before a stride-1 1x1
         *     convolution (ResNet-D: GluonCV {@code v1d}/{@code v1e}, timm {@code resnet*d}, mmcv
         *     {@code ResNetV1d}); false (default) for a 1x1 convolution with the block's stride
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
         * Sets the number of SA heads, placed on the last {@code heads} stages; 0 gives the plain
         * dilated FCN. Ignored (0) for the FCN and FCN-SE variants.
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
         * @param alpha a finite number &gt;= 0 (default 0.2)
         * @return this builder
         */
        public Builder alpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /**
         * Sets the weight of the dense loss.
         *
         * @param beta a finite number &gt;= 0 (default 0.8)
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
         * Sets the down-sampling ratio (pool kernel and stride) of the SA attention channel.
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
         * Sets the stem/base width; stage widths scale with it. Small widths make small networks
         * for tests and CPU demos.
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
         * Validates the settings and creates the definition.
         *
         * @return the immutable definition
         * @throws IllegalArgumentException naming the first bad value and its allowed range
         */
        public SANet build() {
            check(numClasses >= 1, "numClasses must be >= 1, got " + numClasses);
            check(heads >= 0 && heads <= 4, "heads must be in 0..4, got " + heads);
            check(
                    Double.isFinite(alpha) && alpha >= 0,
                    "alpha must be a finite number >= 0, got " + alpha);
            check(
                    Double.isFinite(beta) && beta >= 0,
                    "beta must be a finite number >= 0, got " + beta);
            check(
                    outputStride == 8 || outputStride == 16,
                    "outputStride must be 8 or 16, got " + outputStride);
            check(
                    headKernel == 1 || headKernel == 3,
                    "headKernel must be 1 or 3, got " + headKernel);
            check(
                    poolRatio >= 1 && poolRatio <= 64,
                    "poolRatio must be in 1..64, got " + poolRatio);
            // A multiple of 8 keeps the SA reduction (C/4) divisible by its 2 groups at every
            // stage.
            check(
                    width >= 8 && width <= 256 && width % 8 == 0,
                    "width must be a multiple of 8 in 8..256, got " + width);
            check(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
            return new SANet(this);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
