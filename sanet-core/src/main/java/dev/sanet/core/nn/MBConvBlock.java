package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.jspecify.annotations.Nullable;

/**
 * The mobile inverted bottleneck of EfficientNet (MBConv; Sandler et al. 2018, with
 * squeeze-and-excitation as in Tan and Le 2019): a 1x1 expansion convolution to {@code expansion x
 * in} channels (absent when the expansion is 1), a depthwise kxk convolution with the block's
 * stride and dilation, an {@link MBConvSqueeze} gate, a 1x1 projection convolution; batch norm
 * after every convolution, SiLU ({@code x sigmoid(x)}) after all but the projection. With stride 1
 * and equal channels the input is added to the output, the residual branch dropped per sample with
 * the block's stochastic-depth rate in training (and scaled by {@code 1 / (1 - rate)} when kept).
 * Convolutions have no bias.
 *
 * <p>Children take timm's names, so that {@link dev.sanet.core.io.ParameterNames stable names} are
 * the keys of timm's files: with expansion {@code conv_pw, bn1, conv_dw, bn2, se, conv_pwl, bn3};
 * without it (timm's {@code DepthwiseSeparableConv}) {@code conv_dw, bn1, se, conv_pw, bn2}.
 *
 * <p>Input (N, in, H, W); output (N, out, ceil(H / stride), ceil(W / stride)).
 */
public final class MBConvBlock extends AbstractBlock implements BatchNormFolding.Foldable {

    private static final byte VERSION = 1;

    private final MBConvConfig config;
    private final boolean samePadding;
    private final @Nullable SafeConv2d expandConv;
    private final @Nullable BatchNorm2d expandBn;
    private final SafeConv2d depthwise;
    private final BatchNorm2d depthwiseBn;
    private final MBConvSqueeze se;
    private final SafeConv2d project;
    private final BatchNorm2d projectBn;

    /**
     * Creates the block.
     *
     * @param config the block's settings
     * @param epsilon the batch norms' epsilon
     * @param samePadding TensorFlow's "same" padding for a strided depthwise convolution ({@link
     *     SamePadding}); false for symmetric padding {@code dilation x (k - 1) / 2}
     */
    public MBConvBlock(MBConvConfig config, float epsilon, boolean samePadding) {
        super(VERSION);
        this.config = config;
        int mid = config.expandedChannels();
        this.samePadding = samePadding && config.stride() > 1;
        boolean expands = config.expansion() > 1;
        if (expands) {
            expandConv = addChildBlock("conv_pw", SafeConv2d.of(mid, 1, 1, 1, 1, false));
            expandBn = addChildBlock("bn1", bn(epsilon));
        } else {
            expandConv = null;
            expandBn = null;
        }
        depthwise =
                addChildBlock(
                        "conv_dw",
                        conv(
                                mid,
                                config.kernel(),
                                config.stride(),
                                config.dilation(),
                                mid,
                                this.samePadding));
        depthwiseBn = addChildBlock(expands ? "bn2" : "bn1", bn(epsilon));
        se = addChildBlock("se", new MBConvSqueeze(mid, config.squeezeChannels()));
        project =
                addChildBlock(
                        expands ? "conv_pwl" : "conv_pw",
                        SafeConv2d.of(config.outChannels(), 1, 1, 1, 1, false));
        projectBn = addChildBlock(expands ? "bn3" : "bn2", bn(epsilon));
    }

    /**
     * A batch norm with an epsilon of the weights' family and sanet's momentum.
     *
     * @param epsilon the epsilon
     * @return the block
     */
    static BatchNorm2d bn(float epsilon) {
        return new BatchNorm2d(epsilon, 0.9f);
    }

    /**
     * A convolution without bias, padded symmetrically or (with {@code unpadded}) not at all, for
     * inputs that {@link SamePadding} pads.
     */
    static SafeConv2d conv(
            int filters, int kernel, int stride, int dilation, int groups, boolean unpadded) {
        if (!unpadded) {
            return SafeConv2d.of(filters, kernel, stride, dilation, groups, false);
        }
        return new SafeConv2d(
                Conv2d.builder()
                        .setFilters(filters)
                        .setKernelShape(new Shape(kernel, kernel))
                        .optStride(new Shape(stride, stride))
                        .optPadding(new Shape(0, 0))
                        .optDilation(new Shape(dilation, dilation))
                        .optGroups(groups)
                        .optBias(false));
    }

    /**
     * SiLU (swish with beta 1), written with operations that every engine has.
     *
     * @param x the input
     * @return {@code x sigmoid(x)}
     */
    static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /**
     * This block's settings.
     *
     * @return the settings
     */
    public MBConvConfig config() {
        return config;
    }

    /**
     * Whether the depthwise convolution's input gets TensorFlow's "same" padding ({@link
     * SamePadding}) rather than the convolution's own symmetric padding: for a strided block of the
     * TF convention. Exporters write the same padding.
     *
     * @return true when the block pads its depthwise input itself
     */
    public boolean samePadding() {
        return samePadding;
    }

    /**
     * The depthwise convolution, for callers that inspect strides and dilations.
     *
     * @return the {@code conv_dw} child
     */
    public Conv2d depthwise() {
        return depthwise;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps,
            NDList inputs,
            boolean training,
            @Nullable PairList<String, Object> params) {
        return new NDList(
                Layers.scoped(
                        inputs.singletonOrThrow(),
                        training,
                        x -> {
                            NDArray y = x;
                            if (expandConv != null && expandBn != null) {
                                y = Layers.run(expandConv, ps, y, training, params);
                                y = silu(Layers.run(expandBn, ps, y, training, params));
                            }
                            if (samePadding) {
                                y =
                                        SamePadding.pad(
                                                y,
                                                config.kernel(),
                                                config.stride(),
                                                config.dilation());
                            }
                            y = Layers.run(depthwise, ps, y, training, params);
                            y = silu(Layers.run(depthwiseBn, ps, y, training, params));
                            y = Layers.run(se, ps, y, training, params);
                            y = Layers.run(project, ps, y, training, params);
                            y = Layers.run(projectBn, ps, y, training, params);
                            if (!config.residual()) {
                                return y;
                            }
                            if (training && config.dropRate() > 0) {
                                y = dropPath(y, config.dropRate());
                            }
                            return Layers.add(y, x, training);
                        }));
    }

    /**
     * Stochastic depth: zeroes each sample's branch with probability {@code rate} and scales the
     * kept ones by {@code 1 / (1 - rate)}, so that the expectation is the inference output.
     */
    private static NDArray dropPath(NDArray y, double rate) {
        float keep = (float) (1 - rate);
        Shape s = y.getShape();
        // floor(keep + u), u uniform in [0, 1): 1 with probability keep, else 0.
        NDArray mask =
                y.getManager()
                        .randomUniform(0f, 1f, new Shape(s.get(0), 1, 1, 1), y.getDataType())
                        .add(keep)
                        .floor();
        return y.mul(mask.div(keep));
    }

    @Override
    public int foldBatchNorms() {
        int n = 0;
        if (expandConv != null && expandBn != null) {
            n += BatchNormFolding.pair(expandConv, expandBn);
        }
        n += BatchNormFolding.pair(depthwise, depthwiseBn);
        return n + BatchNormFolding.pair(project, projectBn);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        int s = config.stride();
        return new Shape[] {
            new Shape(
                    in.get(0),
                    config.outChannels(),
                    (in.get(2) + s - 1) / s,
                    (in.get(3) + s - 1) / s)
        };
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        if (expandConv != null && expandBn != null) {
            expandConv.initialize(manager, dataType, s);
            s = Layers.out(expandConv, s);
            expandBn.initialize(manager, dataType, s);
        }
        depthwise.initialize(
                manager,
                dataType,
                samePadding
                        ? SamePadding.padded(s, config.kernel(), config.stride(), config.dilation())
                        : s);
        s = getOutputShapes(new Shape[] {s})[0];
        s = new Shape(s.get(0), config.expandedChannels(), s.get(2), s.get(3));
        depthwiseBn.initialize(manager, dataType, s);
        se.initialize(manager, dataType, s);
        project.initialize(manager, dataType, s);
        projectBn.initialize(manager, dataType, Layers.out(project, s));
    }
}
