package dev.sanet.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import dev.sanet.core.SANet;
import dev.sanet.core.io.Palette;
import dev.sanet.core.nn.PretrainedFormat;
import dev.sanet.core.nn.PretrainedWeights;
import dev.sanet.core.settings.SettingException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a run trains, immutable and validated: the network (a {@link SANet} definition, of which
 * each run builds a fresh block, or any block with its backbone child, trained in place), its loss,
 * the output validation scores, its classes with their colours, and the pretrained backbone weights
 * it starts from. A {@link TrainingConfig} holds one beside the recipe and the run's settings.
 *
 * <pre>{@code
 * TrainingNetwork net = TrainingNetwork.builder(definition)    // the loss: SANetLoss.of(definition)
 *         .classes(names)
 *         .build();
 * }</pre>
 *
 * <p>The definition is the one owner of alpha and beta: a loss given to {@link Builder#loss} counts
 * with its terms only, its weights read from the definition. The class names and colours are what
 * {@link Training#run} writes into the model directory.
 */
public final class TrainingNetwork {

    private final @Nullable SANet definition;
    private final @Nullable Block block;
    private final @Nullable Block backbone;
    private final SANetLoss loss;
    private final Function<NDList, NDArray> prediction;
    private final List<String> classNames;
    private final int @Nullable [] colors;
    private final @Nullable Path pretrained;
    private final @Nullable PretrainedFormat pretrainedFormat;

    private TrainingNetwork(Builder b, SANetLoss loss) {
        this.definition = b.definition;
        this.block = b.block;
        this.backbone = b.backbone;
        this.loss = loss;
        this.prediction = b.prediction;
        this.classNames = List.copyOf(b.classNames);
        this.colors = b.colors == null ? null : b.colors.clone();
        this.pretrained = b.pretrained;
        this.pretrainedFormat = b.pretrainedFormat;
    }

    /**
     * Starts a network for a SANet definition (or one of its baselines): each run trains a fresh
     * block of it, its backbone at the base rate, with the definition's loss and its prediction
     * output for validation.
     *
     * @param definition the architecture
     * @return a builder; the class names are required
     */
    public static Builder builder(SANet definition) {
        Builder b = new Builder();
        b.definition = Objects.requireNonNull(definition, "definition");
        b.prediction = definition::predictionLogits;
        return b;
    }

    /**
     * Starts a network for any block, trained in place (one trainer at a time); its output 0 is the
     * prediction and the loss is {@link SANetLoss#builder()}'s unless set.
     *
     * @param block an uninitialised block taking {@code (N, 3, H, W)} images
     * @param backbone its child whose parameters train at the base rate, everything else at the
     *     head multiplier; null to train every parameter at the base rate
     * @return a builder; the class names are required
     */
    public static Builder builder(Block block, @Nullable Block backbone) {
        Builder b = new Builder();
        b.block = Objects.requireNonNull(block, "block");
        b.backbone = backbone;
        return b;
    }

    /**
     * A builder holding this network's settings, to derive a modified copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.definition = definition;
        b.block = block;
        b.backbone = backbone;
        b.loss = loss;
        b.prediction = prediction;
        b.classNames = classNames;
        b.colors = colors == null ? null : colors.clone();
        b.pretrained = pretrained;
        b.pretrainedFormat = pretrainedFormat;
        return b;
    }

    /**
     * The SANet definition, when the network is one.
     *
     * @return the definition, or null for a bare block
     */
    public @Nullable SANet definition() {
        return definition;
    }

    /**
     * The block given to {@link #builder(Block, Block)}.
     *
     * @return the block, or null for a definition (each run builds its own)
     */
    public @Nullable Block block() {
        return block;
    }

    /**
     * The backbone child given to {@link #builder(Block, Block)}.
     *
     * @return the backbone, or null (a definition's block names its own backbone)
     */
    public @Nullable Block backbone() {
        return backbone;
    }

    /**
     * The loss: the definition's ({@link SANetLoss#of(SANet)}) unless terms were switched off.
     *
     * @return the loss, reading alpha and beta from the definition
     */
    public SANetLoss loss() {
        return loss;
    }

    /**
     * Picks the {@code (N, K, H, W)} prediction logits out of the block's outputs for validation.
     *
     * @return the definition's {@link SANet#predictionLogits}, or output 0 for a bare block
     */
    public Function<NDList, NDArray> prediction() {
        return prediction;
    }

    /**
     * The class names; their count is K.
     *
     * @return K names in class-id order
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * The display colours of the classes, written into the model directory.
     *
     * @return K colours as {@code 0xRRGGBB}; by default the PASCAL VOC colour map ({@link
     *     Palette#voc()})
     */
    public int[] colors() {
        if (colors != null) {
            return colors.clone();
        }
        int[] rgb = new int[classNames.size()];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = Palette.voc().rgb(i);
        }
        return rgb;
    }

    /**
     * ImageNet-pretrained backbone weights to start from.
     *
     * @return a safetensors or GluonCV {@code .params} file, or null for none
     */
    public @Nullable Path pretrained() {
        return pretrained;
    }

    /**
     * The naming family of {@link #pretrained()}.
     *
     * @return the family, or null to recognise it from the tensor names (the default)
     */
    public @Nullable PretrainedFormat pretrainedFormat() {
        return pretrainedFormat;
    }

    /** Configures a {@link TrainingNetwork}; every setting but the class names has a default. */
    public static final class Builder {
        private @Nullable SANet definition;
        private @Nullable Block block;
        private @Nullable Block backbone;
        private @Nullable SANetLoss loss;
        private Function<NDList, NDArray> prediction = l -> l.get(0);
        private List<String> classNames = List.of();
        private int @Nullable [] colors;
        private @Nullable Path pretrained;
        private @Nullable PretrainedFormat pretrainedFormat;

        private Builder() {}

        /**
         * The class names (required); their count must be the network's class count.
         *
         * @param names K names in class-id order
         * @return this builder
         */
        public Builder classes(List<String> names) {
            this.classNames = List.copyOf(names);
            return this;
        }

        /**
         * The display colours of the classes, written into the model directory (default: the VOC
         * colour map, {@link Palette#voc()}).
         *
         * @param rgb K colours as {@code 0xRRGGBB}
         * @return this builder
         */
        public Builder colors(int... rgb) {
            this.colors = rgb.clone();
            return this;
        }

        /**
         * The loss, to switch terms off (Table 1 rows), e.g. {@code
         * SANetLoss.builder(definition).categorical(false).build()}. Default: the definition's
         * loss, {@link SANetLoss#of(SANet)}. With a definition, the loss's terms count and its
         * weights are the definition's alpha and beta, their one owner.
         *
         * @param loss the loss
         * @return this builder
         */
        public Builder loss(SANetLoss loss) {
            this.loss = Objects.requireNonNull(loss, "loss");
            return this;
        }

        /**
         * Picks the prediction logits out of the block's outputs for validation (default: the
         * definition's prediction, or output 0 for a bare block).
         *
         * @param selector from the block's outputs to {@code (N, K, H, W)} logits
         * @return this builder
         */
        public Builder prediction(Function<NDList, NDArray> selector) {
            this.prediction = Objects.requireNonNull(selector, "selector");
            return this;
        }

        /**
         * ImageNet-pretrained backbone weights to start from, imported with {@link
         * PretrainedWeights} after initialisation (a resumed checkpoint replaces them): a
         * safetensors file with torchvision, timm, mmcv or PyTorch-Encoding names, or a GluonCV
         * {@code .params} file; the backbone's variant must match the file's. The paper fine-tunes
         * from such weights. Needs a definition. Default: none.
         *
         * @param file the file, or null for none
         * @return this builder
         */
        public Builder pretrained(@Nullable Path file) {
            this.pretrained = file;
            return this;
        }

        /**
         * The naming family of the pretrained file (default: recognised from its names).
         *
         * @param format the family, or null to recognise it
         * @return this builder
         */
        public Builder pretrainedFormat(@Nullable PretrainedFormat format) {
            this.pretrainedFormat = format;
            return this;
        }

        /**
         * Validates the settings and creates the network.
         *
         * @return the immutable network
         * @throws SettingException naming the first setting out of range
         */
        public TrainingNetwork build() {
            if (classNames.isEmpty()) {
                throw new SettingException("classes", "[]", "at least one name");
            }
            if (definition != null && classNames.size() != definition.numClasses()) {
                throw new SettingException(
                        "classes",
                        classNames.size() + " class names",
                        "one name for each of the network's "
                                + definition.numClasses()
                                + " classes");
            }
            if (colors != null && colors.length != classNames.size()) {
                throw new SettingException(
                        "colors",
                        colors.length + " colours",
                        classNames.size() + " colours, one per class");
            }
            if (pretrained != null && definition == null) {
                throw new SettingException(
                        "pretrained",
                        pretrained,
                        "none for a bare block (pretrained weights need a SANet definition, whose"
                                + " ResNet backbone they load into)");
            }
            return new TrainingNetwork(this, lossOf(loss, definition));
        }

        /** The definition owns alpha and beta: a given loss contributes only its terms. */
        private static SANetLoss lossOf(@Nullable SANetLoss loss, @Nullable SANet definition) {
            if (definition == null) {
                return loss != null ? loss : SANetLoss.builder().build();
            }
            return loss != null ? loss.withDefinition(definition) : SANetLoss.of(definition);
        }
    }
}
