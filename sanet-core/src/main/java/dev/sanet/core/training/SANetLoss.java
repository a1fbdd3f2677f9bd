package dev.sanet.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.AbstractCompositeLoss;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import dev.sanet.core.SANet;
import dev.sanet.core.nn.Scalars;
import dev.sanet.core.settings.SettingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The SANet training objective (paper Eq. 6): {@code L = L_mask + alpha * L_cat + beta * L_den}.
 *
 * <ul>
 *   <li>L_mask: {@link PixelCrossEntropyLoss} of the mask head's logits (output 0) against the
 *       labels;
 *   <li>L_cat: {@link PresenceLoss} of the categorical head's logits (output 2) against the
 *       per-image class presence;
 *   <li>L_den: {@link PixelCrossEntropyLoss} of the dense prediction Y_den + Y_SA4 (output 1).
 * </ul>
 *
 * <p>Any term can be switched off (Table 1 rows, Figure 4 sweeps). When the network has a single
 * output (the FCN and FCN-SE baselines, or zero SA heads), the loss is the dense cross-entropy on
 * that output with weight 1. Pixels labelled outside {@code [0, K)} (255 = ignore) are excluded; a
 * batch without a labelled pixel gives 0.
 *
 * <p>Alpha and beta have one owner, the {@link SANet} definition: {@link #of(SANet)} and {@link
 * #builder(SANet)} read them from it, and a loss keeps the definition, not copies of the weights.
 * {@link #builder()} is for a network without a definition and uses the definition's defaults,
 * alpha 0.2 and beta 0.8 (paper Eq. 6 and section 4.1). A builder only switches terms off.
 */
public final class SANetLoss extends AbstractCompositeLoss implements Objective {

    /** Name of the mask term. */
    public static final String MASK = "mask";

    /** Name of the categorical term. */
    public static final String CAT = "cat";

    /** Name of the dense term. */
    public static final String DENSE = "dense";

    private final @Nullable SANet definition;
    private final boolean maskOn;
    private final boolean catOn;
    private final boolean denseOn;
    private final PixelCrossEntropyLoss singleOutput = new PixelCrossEntropyLoss(DENSE, 1f, 0);

    private SANetLoss(Builder b) {
        super("sanet_loss");
        this.definition = b.definition;
        this.maskOn = b.mask;
        this.catOn = b.categorical;
        this.denseOn = b.dense;
        components = new ArrayList<>();
        if (maskOn) {
            components.add(new PixelCrossEntropyLoss(MASK, 1f, 0));
        }
        if (catOn) {
            components.add(new PresenceLoss(CAT, (float) alpha(), 2));
        }
        if (denseOn) {
            components.add(new PixelCrossEntropyLoss(DENSE, (float) beta(), 1));
        }
    }

    /**
     * The paper's loss for a definition (Eq. 6): {@code L_mask + alpha * L_cat + beta * L_den} with
     * the definition's alpha and beta, every term on. For the single-output baselines (FCN, FCN-SE,
     * zero heads) it is the dense cross-entropy alone. The definition is the one owner of alpha and
     * beta; {@link #builder(SANet)} switches terms off.
     *
     * @param definition the network definition
     * @return the loss
     */
    public static SANetLoss of(SANet definition) {
        return builder(definition).build();
    }

    /**
     * A builder preset with the definition's alpha and beta, every term on.
     *
     * @param definition the network definition
     * @return the builder
     */
    public static Builder builder(SANet definition) {
        return new Builder(Objects.requireNonNull(definition, "definition"));
    }

    /**
     * Starts a builder for a network without a definition (a bare block): alpha and beta are the
     * definition's defaults, {@link SANet#DEFAULT_ALPHA} and {@link SANet#DEFAULT_BETA}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder(null);
    }

    /**
     * The definition whose alpha and beta this loss reads.
     *
     * @return the definition, or null for a loss of a bare block (the default weights)
     */
    public @Nullable SANet definition() {
        return definition;
    }

    /**
     * The weight of the categorical term, read from the definition.
     *
     * @return the definition's alpha ({@link SANet#DEFAULT_ALPHA} without a definition)
     */
    public double alpha() {
        return definition == null ? SANet.DEFAULT_ALPHA : definition.alpha();
    }

    /**
     * The weight of the dense term, read from the definition.
     *
     * @return the definition's beta ({@link SANet#DEFAULT_BETA} without a definition)
     */
    public double beta() {
        return definition == null ? SANet.DEFAULT_BETA : definition.beta();
    }

    /**
     * This loss's terms with another definition's weights: how a training configuration makes its
     * definition the owner of alpha and beta whatever loss it was given.
     *
     * @param definition the definition
     * @return the loss, this one when it already reads that definition
     */
    SANetLoss withDefinition(SANet definition) {
        if (definition.equals(this.definition)) {
            return this;
        }
        return builder(definition).mask(maskOn).categorical(catOn).dense(denseOn).build();
    }

    /**
     * Whether L_mask is on.
     *
     * @return true when the mask term counts
     */
    public boolean maskTerm() {
        return maskOn;
    }

    /**
     * Whether L_cat is on.
     *
     * @return true when the categorical term counts
     */
    public boolean categoricalTerm() {
        return catOn;
    }

    /**
     * Whether L_den is on.
     *
     * @return true when the dense term counts
     */
    public boolean denseTerm() {
        return denseOn;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return terms(labels, predictions).total();
    }

    @Override
    protected Pair<NDList, NDList> inputForComponent(
            int componentIndex, NDList labels, NDList predictions) {
        // Each component picks its own output by index.
        return new Pair<>(labels, predictions);
    }

    /**
     * Computes each enabled term once and their weighted sum, so a trainer can report them
     * separately without evaluating the loss twice.
     *
     * @param labels {@code [labels (N, H, W)]}
     * @param predictions the SANet outputs {@code [mask, dense, cat]}, or {@code [dense]} for a
     *     single-output network
     * @return the unweighted terms by name and the weighted total
     */
    @Override
    public Terms terms(NDList labels, NDList predictions) {
        Map<String, NDArray> parts = new LinkedHashMap<>();
        NDArray total;
        if (predictions.size() == 1) {
            total = singleOutput.evaluate(labels, predictions);
            parts.put(DENSE, total);
            return new Terms(parts, total);
        }
        if (predictions.size() < 3) {
            throw new IllegalArgumentException(
                    "SANet outputs must be [mask, dense, cat] or [dense], got "
                            + predictions.size()
                            + " arrays");
        }
        NDArray label = labels.get(0);
        total = null;
        if (maskOn) {
            NDArray m = PixelCrossEntropyLoss.crossEntropy(predictions.get(0), label);
            parts.put(MASK, m);
            total = m;
        }
        if (catOn) {
            NDArray c = new PresenceLoss(CAT, 1f, 2).evaluate(labels, predictions); // unweighted
            parts.put(CAT, c);
            NDArray w = Scalars.mul(c, (float) alpha());
            total = total == null ? w : total.add(w);
        }
        if (denseOn) {
            NDArray d = PixelCrossEntropyLoss.crossEntropy(predictions.get(1), label);
            parts.put(DENSE, d);
            NDArray w = Scalars.mul(d, (float) beta());
            total = total == null ? w : total.add(w);
        }
        if (total == null) {
            throw new IllegalStateException("every SANet loss term is switched off");
        }
        return new Terms(parts, total);
    }

    @Override
    public String toString() {
        return String.format(
                "SANetLoss{mask=%s, cat=%s (alpha=%s), dense=%s (beta=%s)}",
                maskOn, catOn, alpha(), denseOn, beta());
    }

    /**
     * The loss terms of one batch.
     *
     * @param parts the unweighted terms by name ({@link #MASK}, {@link #CAT}, {@link #DENSE}), in
     *     that order, only those switched on
     * @param total the weighted sum, the value to differentiate
     */
    public record Terms(Map<String, NDArray> parts, NDArray total) {

        /**
         * Creates the record, keeping an unmodifiable view of the parts.
         *
         * @param parts the unweighted terms by name
         * @param total the weighted sum
         */
        public Terms {
            parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
        }
    }

    /**
     * Builds a {@link SANetLoss}: which terms count (all by default); the weights are the
     * definition's.
     */
    public static final class Builder {
        private final @Nullable SANet definition;
        private boolean mask = true;
        private boolean categorical = true;
        private boolean dense = true;

        private Builder(@Nullable SANet definition) {
            this.definition = definition;
        }

        /**
         * Switches the mask term on or off (default on).
         *
         * @param on whether L_mask counts
         * @return this builder
         */
        public Builder mask(boolean on) {
            this.mask = on;
            return this;
        }

        /**
         * Switches the categorical term on or off (default on).
         *
         * @param on whether L_cat counts
         * @return this builder
         */
        public Builder categorical(boolean on) {
            this.categorical = on;
            return this;
        }

        /**
         * Switches the dense term on or off (default on).
         *
         * @param on whether L_den counts
         * @return this builder
         */
        public Builder dense(boolean on) {
            this.dense = on;
            return this;
        }

        /**
         * Validates the settings and builds the loss.
         *
         * @return the loss
         * @throws SettingException naming {@code mask} with every term off
         */
        public SANetLoss build() {
            if (!mask && !categorical && !dense) {
                throw new SettingException(
                        "mask", false, "on when the categorical and dense terms are off");
            }
            return new SANetLoss(this);
        }
    }

    /**
     * The DJL loss components that are switched on, for tools that walk composite losses.
     *
     * @return the components
     */
    @Override
    public List<Loss> getComponents() {
        return Collections.unmodifiableList(components);
    }
}
