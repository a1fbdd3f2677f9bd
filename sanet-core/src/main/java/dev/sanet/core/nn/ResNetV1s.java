package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sanet.core.io.ParameterNames;
import dev.sanet.core.settings.SettingException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The dilated ResNet (docs/paper-reading.md section 2.1) that SANet and its baselines are built on,
 * in the variants for which ImageNet weights exist today. Its forward pass returns the outputs of
 * the four stages, {@code [c1, c2, c3, c4]}. Build one with {@link #builder()}:
 *
 * <pre>{@code
 * ResNetV1s net = ResNetV1s.builder().depth(50).stem(Stem.DEEP_64).avgDown(false).width(64)
 *         .outputStride(8).build();
 * }</pre>
 *
 * <p>Structure, for base width {@code w} (64 in the paper):
 *
 * <ul>
 *   <li>Stem ({@code conv1}, see {@link Stem}): the deep 3x3 stem w-w-2w (the default, GluonCV's
 *       {@code v1s}), the deep stem w/2-w/2-w (GluonCV {@code v1c}/{@code v1d}) or one 7x7
 *       convolution 3 -&gt; w (torchvision); then {@code bn1}, ReLU and a 3x3 max pool with stride
 *       2 (padding 1, floor mode).
 *   <li>Stages {@code layer1..layer4} of {@link BottleneckBlock}s (depth 50, 101, 152) or {@link
 *       BasicBlock}s (18, 34), base widths w, 2w, 4w, 8w. Stage 1 has stride 1, stage 2 stride 2. A
 *       block whose stride or channels change has a projection shortcut: a 1x1 convolution with the
 *       block's stride and a batch norm, or with {@code avgDown} an average pool with the block's
 *       stride, a 1x1 convolution and a batch norm (ResNet-D).
 *   <li>Output stride 8: stages 3 and 4 keep stride 1 and dilate instead; the first block of a
 *       dilated stage keeps the smaller dilation (docs/paper-reading.md section 2.1, as
 *       PyTorch-Encoding, GluonCV, timm and torchvision do, and as pretrained weights expect):
 *       stage 3 uses dilation 1 in its first block and 2 in the others, stage 4 dilation 2 in its
 *       first block and 4 in the others. Output stride 16: stage 3 has stride 2 and no dilation;
 *       stage 4 stride 1 with dilation 1 in its first block and 2 in the others. Output stride 32
 *       (ImageNet classification, {@code sanet pretrain}): no dilation, stages 2, 3 and 4 have
 *       stride 2, torchvision's plain ResNet. Dilation has no parameters, so weights move freely
 *       between output strides.
 * </ul>
 *
 * <p>For an (N, 3, H, W) input, c1 is at 1/4 of the input (H1 = ceil(ceil(H/2)/2)), c2 at 1/8, and
 * c3, c4 at 1/8 (output stride 8) or 1/16 and 1/16 (output stride 16), all computed with the
 * convolution arithmetic of "same" padding ({@code floor((H - 1) / s) + 1}).
 *
 * <p>The children keep the structure of GluonCV and torchvision, so that the {@link ParameterNames
 * stable parameter names} are the keys of those libraries' ImageNet files: {@code conv1.weight}
 * (7x7 stem) or {@code conv1.0.weight ... conv1.6.weight} (deep stems), {@code bn1.*}, {@code
 * layer{k}.{i}.conv{j}.weight}, {@code layer{k}.{i}.bn{j}.*}, {@code layer{k}.0.downsample.{0,1}.*}
 * ({@code .{1,2}.*} with {@code avgDown}); see {@link #gluonParameters()} and {@link
 * PretrainedWeights}.
 */
public final class ResNetV1s extends AbstractBlock
        implements SegmentationBackbone, BatchNormFolding.Foldable {

    private static final byte VERSION = 1;

    private final ResNetLayout layout;
    private final int outputStride;
    private final Block stem;
    private final BatchNorm2d stemBn;
    private final SequentialBlock[] stages = new SequentialBlock[4];

    /**
     * Creates a backbone with the deep 64-64-128 stem ({@link Stem#DEEP_64}) and strided projection
     * shortcuts, the paper's; {@link #builder()} makes the other variants.
     *
     * @param blocks the residual blocks of each of the four stages, e.g. {@code [3, 4, 23, 3]} for
     *     ResNet101
     * @param bottleneck bottleneck blocks (1x1, 3x3, 1x1, expansion 4) rather than basic blocks
     *     (3x3, 3x3, expansion 1)
     * @param width the stem/base width (64 in the paper)
     * @param outputStride 8 or 16 (dilated, for segmentation) or 32 (no dilation, for
     *     classification)
     * @throws SettingException for another output stride, a width below 1 or a stage count other
     *     than four stages of at least one block
     */
    public ResNetV1s(int[] blocks, boolean bottleneck, int width, int outputStride) {
        this(
                new ResNetLayout(
                        java.util.Arrays.stream(blocks).boxed().toList(),
                        bottleneck,
                        Stem.DEEP_64,
                        width,
                        false),
                outputStride);
    }

    private ResNetV1s(ResNetLayout layout, int outputStride) {
        super(VERSION);
        if (outputStride != 8 && outputStride != 16 && outputStride != 32) {
            throw new SettingException("outputStride", outputStride, "8, 16 or 32");
        }
        this.layout = layout;
        this.outputStride = outputStride;
        int width = layout.width();
        Stem kind = layout.stem();
        // Child order mirrors GluonCV and torchvision (conv1, then bn1) so that imported weights
        // map by name.
        this.stem = addChildBlock("conv1", kind.newBlock(width));
        this.stemBn = addChildBlock("bn1", Layers.bn());

        int[] strides = {1, 2, outputStride == 8 ? 1 : 2, outputStride == 32 ? 2 : 1};
        // The first block of a dilated stage keeps the dilation of the stage before it.
        int[] firstDilation = {1, 1, 1, outputStride == 8 ? 2 : 1};
        int[] dilation = {
            1, 1, outputStride == 8 ? 2 : 1, outputStride == 8 ? 4 : outputStride == 16 ? 2 : 1
        };
        int in = kind.outChannels(width);
        for (int i = 0; i < 4; i++) {
            int planes = width << i;
            SequentialBlock stage = new SequentialBlock();
            for (int j = 0; j < layout.blocks().get(i); j++) {
                int stride = j == 0 ? strides[i] : 1;
                int d = j == 0 ? firstDilation[i] : dilation[i];
                stage.add(
                        layout.bottleneck()
                                ? new BottleneckBlock(in, planes, stride, d, layout.avgDown())
                                : new BasicBlock(in, planes, stride, d, layout.avgDown()));
                in = planes * expansion();
            }
            stages[i] = addChildBlock("layer" + (i + 1), stage);
        }
    }

    /**
     * Starts a builder: ResNet101, the deep 64-64-128 stem, strided projection shortcuts, base
     * width 64, output stride 8 (the paper's backbone).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * This backbone's layout: blocks per stage, block type, stem, base width and shortcut kind.
     *
     * @return the layout
     */
    public ResNetLayout layout() {
        return layout;
    }

    /**
     * The input stem.
     *
     * @return the stem
     */
    public Stem stem() {
        return layout.stem();
    }

    /**
     * Whether projection shortcuts average-pool before a 1x1 convolution (ResNet-D's {@code
     * avg_down}).
     *
     * @return true for average-pool shortcuts, false for strided 1x1 convolutions
     */
    public boolean avgDown() {
        return layout.avgDown();
    }

    /**
     * The residual blocks of each stage.
     *
     * @return a fresh array of four counts, e.g. {@code [3, 4, 23, 3]} for ResNet101
     */
    public int[] blocksPerStage() {
        return layout.blocks().stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Whether the stages are made of bottleneck blocks.
     *
     * @return true for ResNet50 and deeper, false for ResNet18/34
     */
    public boolean bottleneck() {
        return layout.bottleneck();
    }

    private int expansion() {
        return layout.bottleneck() ? BottleneckBlock.EXPANSION : 1;
    }

    /**
     * The stem/base width.
     *
     * @return the width
     */
    public int width() {
        return layout.width();
    }

    /**
     * The output stride of stage 4.
     *
     * @return 8, 16 or 32
     */
    public int outputStride() {
        return outputStride;
    }

    /**
     * The output channels of the four stages.
     *
     * @return e.g. {@code [256, 512, 1024, 2048]} for ResNet50/101 at width 64
     */
    @Override
    public int[] stageChannels() {
        int[] c = new int[4];
        for (int i = 0; i < 4; i++) {
            c[i] = (layout.width() << i) * expansion();
        }
        return c;
    }

    /**
     * The stage blocks {@code layer1..layer4}, for callers that freeze or inspect stages.
     *
     * @param stage 1..4
     * @return the stage's sequential block of residual blocks
     */
    public SequentialBlock stage(int stage) {
        return stages[stage - 1];
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps,
            NDList inputs,
            boolean training,
            @Nullable PairList<String, Object> params) {
        NDArray x =
                Layers.scoped(
                        inputs.singletonOrThrow(),
                        training,
                        in -> {
                            NDArray s = Layers.run(stem, ps, in, training, params);
                            s = Activation.relu(Layers.run(stemBn, ps, s, training, params));
                            return Pool.maxPool2d(
                                    s, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
                        });
        NDList out = new NDList(4);
        for (SequentialBlock stage : stages) {
            x = Layers.chain(stage, ps, x, training, params);
            out.add(x);
        }
        return out;
    }

    @Override
    public int foldBatchNorms() {
        int n = Stem.foldBatchNorms(stem, stemBn);
        for (SequentialBlock stage : stages) {
            n += BatchNormFolding.fold(stage); // each block of a stage is Foldable
        }
        return n;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = afterStem(inputShapes[0]);
        Shape[] out = new Shape[4];
        for (int i = 0; i < 4; i++) {
            s = Layers.out(stages[i], s);
            out[i] = s;
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        stem.initialize(manager, dataType, inputShapes[0]);
        Shape s = Layers.out(stem, inputShapes[0]);
        stemBn.initialize(manager, dataType, s);
        s = afterStem(inputShapes[0]);
        for (SequentialBlock stage : stages) {
            stage.initialize(manager, dataType, s);
            s = Layers.out(stage, s);
        }
    }

    private Shape afterStem(Shape input) {
        Shape s = Layers.out(stem, input);
        // 3x3 max pool, stride 2, padding 1, floor mode.
        return new Shape(s.get(0), s.get(1), (s.get(2) - 1) / 2 + 1, (s.get(3) - 1) / 2 + 1);
    }

    /**
     * This backbone's parameters under the keys of a GluonCV {@code resnet*_v1*} {@code .params}
     * file written by {@code save_parameters}: the {@link ParameterNames#gluon Gluon form} of the
     * stable parameter names, relative to the backbone. For the default deep stem that is {@code
     * conv1.0.weight}, {@code conv1.1.gamma}, ..., {@code conv1.6.weight}, {@code bn1.*}, {@code
     * layer{1..4}.{i}.conv{1,2,3}.weight}, {@code
     * layer{k}.{i}.bn{1,2,3}.{gamma,beta,running_mean,running_var}}, {@code
     * layer{k}.0.downsample.{0,1}.*} ({@code v1s}); the 7x7 stem gives {@code conv1.weight} ({@code
     * v1b}), average-pool shortcuts {@code downsample.{1,2}.*} ({@code v1d}, {@code v1e}). Inside a
     * SANet the stable names carry the prefix {@code backbone.} and {@code weight}/{@code bias} for
     * a batch norm's {@code gamma}/{@code beta}. Layouts are identical (no transposes). The
     * classifier {@code fc.*} has no counterpart.
     *
     * @return an insertion-ordered map from the Gluon key to the live parameter
     */
    public Map<String, Parameter> gluonParameters() {
        return ParameterNames.gluon(this);
    }

    /**
     * Builder of {@link ResNetV1s}. Setters only store values; {@link #build()} validates them and
     * throws a {@link SettingException} naming the setting and the bad value.
     */
    public static final class Builder {
        private @Nullable Integer depth = 101;
        private int[] blocks = {3, 4, 23, 3};
        private boolean bottleneck = true;
        private Stem stem = Stem.DEEP_64;
        private boolean avgDown;
        private int width = 64;
        private int outputStride = 8;

        private Builder() {}

        /**
         * Sets a standard depth, with torchvision's and GluonCV's blocks per stage: 18 (2, 2, 2, 2)
         * and 34 (3, 4, 6, 3) basic blocks; 50 (3, 4, 6, 3), 101 (3, 4, 23, 3) and 152 (3, 8, 36,
         * 3) bottleneck blocks.
         *
         * @param depth 18, 34, 50, 101 or 152 (default 101)
         * @return this builder
         */
        public Builder depth(int depth) {
            this.depth = depth;
            return this;
        }

        /**
         * Sets the blocks per stage directly, for a depth outside the standard ones (replaces
         * {@link #depth(int)}).
         *
         * @param bottleneck bottleneck blocks rather than basic blocks
         * @param perStage four counts &gt;= 1
         * @return this builder
         */
        public Builder blocks(boolean bottleneck, int... perStage) {
            this.depth = null;
            this.bottleneck = bottleneck;
            this.blocks = perStage.clone();
            return this;
        }

        /**
         * Sets the input stem.
         *
         * @param stem the stem (default {@link Stem#DEEP_64})
         * @return this builder
         */
        public Builder stem(Stem stem) {
            this.stem = java.util.Objects.requireNonNull(stem, "stem");
            return this;
        }

        /**
         * Sets the kind of projection shortcut.
         *
         * @param avgDown true for an average pool with the block's stride before a 1x1 convolution
         *     (ResNet-D, GluonCV {@code avg_down}); false (default) for a 1x1 convolution with the
         *     block's stride
         * @return this builder
         */
        public Builder avgDown(boolean avgDown) {
            this.avgDown = avgDown;
            return this;
        }

        /**
         * Sets the base width; the stem's and the stages' widths scale with it.
         *
         * @param width at least 1, even with {@link Stem#DEEP_32} (default 64)
         * @return this builder
         */
        public Builder width(int width) {
            this.width = width;
            return this;
        }

        /**
         * Sets the output stride.
         *
         * @param outputStride 8 (default) or 16, dilated for segmentation; 32, undilated, for
         *     classification ({@code sanet pretrain})
         * @return this builder
         */
        public Builder outputStride(int outputStride) {
            this.outputStride = outputStride;
            return this;
        }

        /**
         * Copies every setting of a layout (blocks, block type, stem, width, shortcut kind), e.g.
         * the one {@link PretrainedWeights#inspect} read from a weights file.
         *
         * @param layout the layout
         * @return this builder
         */
        public Builder layout(ResNetLayout layout) {
            blocks(layout.bottleneck(), layout.blocks().stream().mapToInt(i -> i).toArray());
            this.stem = layout.stem();
            this.avgDown = layout.avgDown();
            this.width = layout.width();
            return this;
        }

        /**
         * Validates the settings and creates a fresh, uninitialised backbone.
         *
         * @return the backbone
         * @throws SettingException naming the first bad setting: a {@code depth} outside 18, 34,
         *     50, 101, 152, {@code blocks} other than four counts &gt;= 1, a {@code width} below 1
         *     (or odd with the deep32 stem), an {@code outputStride} other than 8, 16 or 32
         */
        public ResNetV1s build() {
            ResNetLayout layout =
                    depth != null
                            ? ResNetLayout.of(depth, stem, width, avgDown)
                            : new ResNetLayout(
                                    java.util.Arrays.stream(blocks).boxed().toList(),
                                    bottleneck,
                                    stem,
                                    width,
                                    avgDown);
            return new ResNetV1s(layout, outputStride);
        }
    }
}
