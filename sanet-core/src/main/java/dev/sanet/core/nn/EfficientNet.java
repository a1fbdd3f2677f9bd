package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sanet.core.settings.SettingException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * EfficientNet B0..B7 (Tan and Le, ICML 2019) as a dilated segmentation backbone, the one of the
 * paper's best row (SANet on EfficientNet-B7, Table 2). Build one with {@link #builder()}:
 *
 * <pre>{@code
 * EfficientNet net = EfficientNet.builder().scale(EfficientNetScale.B7)
 *         .convention(EfficientNetConvention.TF).outputStride(8).build();
 * }</pre>
 *
 * <p>Structure: a 3x3 convolution with stride 2 to {@link EfficientNetScale#stemChannels()}, batch
 * norm and SiLU ({@code conv_stem}, {@code bn1}), then seven stages of {@link MBConvBlock}s ({@code
 * blocks.0 .. blocks.6}) as {@link EfficientNetScale} lists them. The classifier's 1x1 head
 * convolution is not part of the backbone.
 *
 * <p>Taps: the forward pass returns the outputs of the last blocks at reductions 4, 8, 16 and 32 of
 * the undilated network (stages 2, 3, 5 and 7; for B0 24, 40, 112 and 320 channels, for B7 48, 80,
 * 224 and 640), as {@code [c1, c2, c3, c4]}.
 *
 * <p>Dilation, as the dilated ResNets have it (docs/paper-reading.md section 2.1): once the output
 * stride is reached, a stride becomes dilation, and the block that loses its stride keeps the
 * dilation before it. Output stride 8: stage 4's first block dilation 1, the rest of stage 4 and
 * stage 5 dilation 2, stage 6's first block 2 and its others and stage 7 dilation 4; output stride
 * 16: stage 6's first block 1, the rest 2; output stride 32: no dilation (ImageNet classification).
 *
 * <p>Children take timm's names ({@code conv_stem}, {@code bn1}, {@code blocks.{i}.{j}.*}, see
 * {@link MBConvBlock}), so the {@link dev.sanet.core.io.ParameterNames stable names} are the keys
 * of timm's files; {@link EfficientNetWeights} imports those and torchvision's.
 */
public final class EfficientNet extends AbstractBlock
        implements SegmentationBackbone, BatchNormFolding.Foldable {

    private static final byte VERSION = 1;

    private final EfficientNetScale scale;
    private final EfficientNetConvention convention;
    private final int outputStride;
    private final double dropPathRate;
    private final SafeConv2d stem;
    private final BatchNorm2d stemBn;
    private final SequentialBlock[] stages = new SequentialBlock[EfficientNetScale.STAGE_COUNT];
    private final SequentialBlock blocks;

    private EfficientNet(Builder b) {
        super(VERSION);
        this.scale = b.scale;
        this.convention = b.convention;
        this.outputStride = b.outputStride;
        this.dropPathRate = b.dropPathRate;
        List<List<MBConvConfig>> plan = scale.blocks(outputStride, dropPathRate);
        float eps = convention.epsilon(scale);
        boolean same = convention.samePadding();
        this.stem =
                addChildBlock(
                        "conv_stem", MBConvBlock.conv(scale.stemChannels(), 3, 2, 1, 1, same));
        this.stemBn = addChildBlock("bn1", MBConvBlock.bn(eps));
        SequentialBlock all = new SequentialBlock();
        for (int i = 0; i < stages.length; i++) {
            SequentialBlock stage = new SequentialBlock();
            for (MBConvConfig c : plan.get(i)) {
                stage.add(new MBConvBlock(c, eps, same));
            }
            stages[i] = stage;
            all.add(stage);
        }
        this.blocks = addChildBlock("blocks", all);
    }

    /**
     * Starts a builder: B0, torchvision's conventions, output stride 8, stochastic-depth rate 0.2.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The compound scale.
     *
     * @return B0..B7
     */
    public EfficientNetScale scale() {
        return scale;
    }

    /**
     * The weights family's conventions (padding, batch-norm epsilon).
     *
     * @return the convention
     */
    public EfficientNetConvention convention() {
        return convention;
    }

    /**
     * The output stride of the last tap.
     *
     * @return 8, 16 or 32
     */
    public int outputStride() {
        return outputStride;
    }

    /**
     * The stochastic-depth rate that the per-block rates ramp towards.
     *
     * @return e.g. 0.2
     */
    public double dropPathRate() {
        return dropPathRate;
    }

    /**
     * The blocks of a stage.
     *
     * @param stage 1..7
     * @return the stage's sequential block of {@link MBConvBlock}s
     */
    public SequentialBlock stage(int stage) {
        return stages[stage - 1];
    }

    @Override
    public int[] stageChannels() {
        return scale.tapChannels();
    }

    /**
     * The outputs of all seven stages, in inference (for feature extraction and the parity check
     * against torchvision's {@code features[1..7]}).
     *
     * @param ps the parameter store
     * @param x the (N, 3, H, W) input
     * @return seven arrays, attached to {@code x}'s manager
     */
    public NDList forwardStages(ParameterStore ps, NDArray x) {
        NDArray y = stem(ps, x, false, null);
        NDList out = new NDList(stages.length);
        for (SequentialBlock stage : stages) {
            y = Layers.chain(stage, ps, y, false, null);
            out.add(y);
        }
        return out;
    }

    private NDArray stem(
            ParameterStore ps,
            NDArray input,
            boolean training,
            @Nullable PairList<String, Object> params) {
        return Layers.scoped(
                input,
                training,
                in -> {
                    NDArray s = convention.samePadding() ? SamePadding.pad(in, 3, 2, 1) : in;
                    s = Layers.run(stem, ps, s, training, params);
                    return MBConvBlock.silu(Layers.run(stemBn, ps, s, training, params));
                });
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps,
            NDList inputs,
            boolean training,
            @Nullable PairList<String, Object> params) {
        NDArray x = stem(ps, inputs.singletonOrThrow(), training, params);
        NDList out = new NDList(4);
        for (int i = 0; i < stages.length; i++) {
            NDArray next = Layers.chain(stages[i], ps, x, training, params);
            if (!training && !(i > 0 && isTap(i - 1)) && next != x) {
                // An inference pass holds only what a later stage or the caller still reads.
                x.close();
            }
            x = next;
            if (isTap(i)) {
                out.add(x);
            }
        }
        return out;
    }

    private static boolean isTap(int stage) {
        for (int t : EfficientNetScale.TAP_STAGES) {
            if (t == stage) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int foldBatchNorms() {
        int n = BatchNormFolding.pair(stem, stemBn);
        for (SequentialBlock stage : stages) {
            n += BatchNormFolding.fold(stage); // each block of a stage is Foldable
        }
        return n;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = stemShape(inputShapes[0]);
        Shape[] out = new Shape[4];
        int tap = 0;
        for (int i = 0; i < stages.length; i++) {
            s = Layers.out(stages[i], s);
            if (tap < 4 && i == EfficientNetScale.TAP_STAGES[tap]) {
                out[tap++] = s;
            }
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        stem.initialize(
                manager, dataType, convention.samePadding() ? SamePadding.padded(in, 3, 2, 1) : in);
        Shape s = stemShape(inputShapes[0]);
        stemBn.initialize(manager, dataType, s);
        blocks.initialize(manager, dataType, s);
    }

    private Shape stemShape(Shape in) {
        return new Shape(in.get(0), scale.stemChannels(), (in.get(2) + 1) / 2, (in.get(3) + 1) / 2);
    }

    /**
     * Builder of {@link EfficientNet}. Setters only store values; {@link #build()} validates them
     * and throws a {@link SettingException} naming the setting and the bad value.
     */
    public static final class Builder {
        private EfficientNetScale scale = EfficientNetScale.B0;
        private EfficientNetConvention convention = EfficientNetConvention.TORCHVISION;
        private int outputStride = 8;
        private double dropPathRate = 0.2;

        private Builder() {}

        /**
         * Sets the compound scale.
         *
         * @param scale B0 (default) .. B7
         * @return this builder
         */
        public Builder scale(EfficientNetScale scale) {
            this.scale = Objects.requireNonNull(scale, "scale");
            return this;
        }

        /**
         * Sets the conventions of the weights to import: padding and batch-norm epsilon.
         *
         * @param convention {@link EfficientNetConvention#TORCHVISION} (default), {@code TIMM} or
         *     {@code TF}
         * @return this builder
         */
        public Builder convention(EfficientNetConvention convention) {
            this.convention = Objects.requireNonNull(convention, "convention");
            return this;
        }

        /**
         * Sets the output stride.
         *
         * @param outputStride 8 (default) or 16, dilated for segmentation; 32, undilated, for
         *     classification
         * @return this builder
         */
        public Builder outputStride(int outputStride) {
            this.outputStride = outputStride;
            return this;
        }

        /**
         * Sets the stochastic-depth rate; block {@code i} of {@code n} drops its residual branch
         * with probability {@code rate x i / n} in training.
         *
         * @param dropPathRate in [0, 1) (default 0.2, the references'; 0 turns it off)
         * @return this builder
         */
        public Builder dropPathRate(double dropPathRate) {
            this.dropPathRate = dropPathRate;
            return this;
        }

        /**
         * Validates the settings and creates a fresh, uninitialised backbone.
         *
         * @return the backbone
         * @throws SettingException for an {@code outputStride} other than 8, 16 or 32 or a {@code
         *     dropPathRate} outside [0, 1)
         */
        public EfficientNet build() {
            scale.blocks(outputStride, dropPathRate);
            return new EfficientNet(this);
        }
    }
}
