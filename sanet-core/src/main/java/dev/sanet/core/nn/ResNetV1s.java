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
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The dilated deep-stem ResNet ("v1s", SANET_SPEC.md section 2.1) that SANet and its baselines are
 * built on. Its forward pass returns the outputs of the four stages, {@code [c1, c2, c3, c4]}.
 *
 * <p>Structure, for base width {@code w} (64 in the paper):
 *
 * <ul>
 *   <li>Stem ({@code conv1}): 3x3 convolution 3 -&gt; w with stride 2, BN, ReLU, 3x3 w -&gt; w, BN,
 *       ReLU, 3x3 w -&gt; 2w; then {@code bn1}, ReLU and a 3x3 max pool with stride 2 (padding 1,
 *       floor mode).
 *   <li>Stages {@code layer1..layer4} of {@link BottleneckBlock}s or {@link BasicBlock}s, base
 *       widths w, 2w, 4w, 8w. Stage 1 has stride 1, stage 2 stride 2.
 *   <li>Output stride 8: stages 3 and 4 keep stride 1 and dilate instead; the first block of a
 *       dilated stage keeps the smaller dilation (SANET_SPEC.md section 2.1, as PyTorch-Encoding,
 *       GluonCV and torchvision do, and as pretrained weights expect): stage 3 uses dilation 1 in
 *       its first block and 2 in the others, stage 4 dilation 2 in its first block and 4 in the
 *       others. Output stride 16: stage 3 has stride 2 and no dilation; stage 4 stride 1 with
 *       dilation 1 in its first block and 2 in the others.
 * </ul>
 *
 * <p>For an (N, 3, H, W) input, c1 is at 1/4 of the input (H1 = ceil(ceil(H/2)/2)), c2 at 1/8, and
 * c3, c4 at 1/8 (output stride 8) or 1/16 and 1/16 (output stride 16), all computed with the
 * convolution arithmetic of "same" padding ({@code floor((H - 1) / s) + 1}).
 *
 * <p>The children keep GluonCV's structure, so that the {@link ParameterNames stable parameter
 * names} map one to one onto GluonCV's {@code resnet*_v1s} keys; see {@link #gluonParameters()}.
 */
public final class ResNetV1s extends AbstractBlock
        implements SegmentationBackbone, BatchNormFolding.Foldable {

    private static final byte VERSION = 1;

    private final int[] blocks;
    private final boolean bottleneck;
    private final int width;
    private final int outputStride;
    private final SequentialBlock stem;
    private final BatchNorm2d stemBn;
    private final SequentialBlock[] stages = new SequentialBlock[4];

    /**
     * Creates the backbone.
     *
     * @param blocks the residual blocks of each of the four stages, e.g. {@code [3, 4, 23, 3]} for
     *     ResNet101
     * @param bottleneck bottleneck blocks (1x1, 3x3, 1x1, expansion 4) rather than basic blocks
     *     (3x3, 3x3, expansion 1)
     * @param width the stem/base width (64 in the paper)
     * @param outputStride 8 or 16
     * @throws IllegalArgumentException for another output stride, a width below 1 or a stage count
     *     other than four stages of at least one block
     */
    public ResNetV1s(int[] blocks, boolean bottleneck, int width, int outputStride) {
        super(VERSION);
        if (blocks.length != 4 || java.util.Arrays.stream(blocks).anyMatch(b -> b < 1)) {
            throw new IllegalArgumentException(
                    "blocks must be four counts >= 1, got " + java.util.Arrays.toString(blocks));
        }
        if (outputStride != 8 && outputStride != 16) {
            throw new IllegalArgumentException("outputStride must be 8 or 16, got " + outputStride);
        }
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, got " + width);
        }
        this.blocks = blocks.clone();
        this.bottleneck = bottleneck;
        this.width = width;
        this.outputStride = outputStride;
        // Child order and the stem's layout mirror GluonCV (conv1 = [conv, bn, relu, conv, bn,
        // relu, conv], then bn1) so that imported weights map by position and name.
        SequentialBlock s = new SequentialBlock();
        s.add(SafeConv2d.of(width, 3, 2, 1, 1, false))
                .add(Layers.bn())
                .add(Activation.reluBlock())
                .add(SafeConv2d.of(width, 3, 1, 1, 1, false))
                .add(Layers.bn())
                .add(Activation.reluBlock())
                .add(SafeConv2d.of(2 * width, 3, 1, 1, 1, false));
        this.stem = addChildBlock("conv1", s);
        this.stemBn = addChildBlock("bn1", Layers.bn());

        int[] strides = {1, 2, outputStride == 8 ? 1 : 2, 1};
        // The first block of a dilated stage keeps the dilation of the stage before it.
        int[] firstDilation = {1, 1, 1, outputStride == 8 ? 2 : 1};
        int[] dilation = {1, 1, outputStride == 8 ? 2 : 1, outputStride == 8 ? 4 : 2};
        int in = 2 * width;
        for (int i = 0; i < 4; i++) {
            int planes = width << i;
            SequentialBlock stage = new SequentialBlock();
            for (int j = 0; j < blocks[i]; j++) {
                int stride = j == 0 ? strides[i] : 1;
                int d = j == 0 ? firstDilation[i] : dilation[i];
                stage.add(
                        bottleneck
                                ? new BottleneckBlock(in, planes, stride, d)
                                : new BasicBlock(in, planes, stride, d));
                in = planes * expansion();
            }
            stages[i] = addChildBlock("layer" + (i + 1), stage);
        }
    }

    /**
     * The residual blocks of each stage.
     *
     * @return a fresh array of four counts, e.g. {@code [3, 4, 23, 3]} for ResNet101
     */
    public int[] blocksPerStage() {
        return blocks.clone();
    }

    /**
     * Whether the stages are made of bottleneck blocks.
     *
     * @return true for ResNet50 and deeper, false for ResNet18/34
     */
    public boolean bottleneck() {
        return bottleneck;
    }

    private int expansion() {
        return bottleneck ? BottleneckBlock.EXPANSION : 1;
    }

    /**
     * The stem/base width.
     *
     * @return the width
     */
    public int width() {
        return width;
    }

    /**
     * The output stride of stage 4.
     *
     * @return 8 or 16
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
            c[i] = (width << i) * expansion();
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
            x = Layers.run(stage, ps, x, training, params);
            out.add(x);
        }
        return out;
    }

    @Override
    public int foldBatchNorms() {
        var s = stem.getChildren();
        // The stem is [conv, bn, relu, conv, bn, relu, conv], then bn1.
        int n = BatchNormFolding.pair(s.get(0).getValue(), s.get(1).getValue());
        n += BatchNormFolding.pair(s.get(3).getValue(), s.get(4).getValue());
        n += BatchNormFolding.pair(s.get(6).getValue(), stemBn);
        for (SequentialBlock stage : stages) {
            for (Block b : stage.getChildren().values()) {
                n += ((ResidualBlock) b).foldBatchNorms();
            }
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
     * This backbone's parameters under the keys of a GluonCV {@code resnet*_v1s} {@code .params}
     * file written by {@code save_parameters}: the {@link ParameterNames#gluon Gluon form} of the
     * stable parameter names, relative to the backbone. That is {@code conv1.0.weight}, {@code
     * conv1.1.gamma}, ..., {@code conv1.6.weight}, {@code bn1.*}, {@code
     * layer{1..4}.{i}.conv{1,2,3}.weight}, {@code
     * layer{k}.{i}.bn{1,2,3}.{gamma,beta,running_mean,running_var}}, {@code
     * layer{k}.0.downsample.{0,1}.*}; inside a SANet the stable names carry the prefix {@code
     * backbone.} and {@code weight}/{@code bias} for a batch norm's {@code gamma}/{@code beta}.
     * Layouts are identical (no transposes). The classifier {@code fc.*} has no counterpart.
     *
     * @return an insertion-ordered map from the Gluon key to the live parameter
     */
    public Map<String, Parameter> gluonParameters() {
        return ParameterNames.gluon(this);
    }
}
