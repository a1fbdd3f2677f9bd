package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sanet.core.settings.SettingException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The squeeze-and-attention (SA) module (paper section 3.2, Eq. 4-5, Fig. 2c; docs/paper-reading.md
 * section 2.2): a convolution channel whose output is re-weighted and shifted by a not fully
 * squeezed attention channel.
 *
 * <p>For an input X_in of shape (N, C, H, W) and K output channels:
 *
 * <ul>
 *   <li>Main channel: k x k convolution C -&gt; C/r with g groups (no bias), BN, ReLU, 1x1
 *       convolution C/r -&gt; K (with bias). Result X_res, (N, K, H, W).
 *   <li>Attention channel: pooling (average or max) with kernel = stride = the pool ratio in ceil
 *       mode, so a 60x60 map becomes 8x8 and a 9x13 one 2x2; then the same layer shapes as the main
 *       channel (own weights), a sigmoid, and a bilinear resize with aligned corners to X_res's
 *       exact H x W. Result X_attn. A side shorter than the ratio is pooled whole (one cell), and
 *       average windows cut by the border average only the cells inside the map.
 *   <li>Output X_out = X_attn * X_res + X_attn (element-wise), (N, K, H, W).
 * </ul>
 *
 * <p>Defaults: k = 1, reduction r = 4, g = 2 groups, {@link Pooling#AVG}, pool ratio 8. The block
 * is usable on its own: build it with {@link #builder()}.
 *
 * <p>Children: {@code main} and {@code attention}, each a sequential block {@code [Conv2d,
 * BatchNorm, ReLU, Conv2d]}.
 */
public final class SqueezeAttention extends AbstractBlock implements BatchNormFolding.Foldable {

    private static final byte VERSION = 1;

    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int reduction;
    private final int groups;
    private final Pooling pooling;
    private final int poolRatio;
    private final SequentialBlock main;
    private final SequentialBlock attention;

    private SqueezeAttention(Builder b) {
        super(VERSION);
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.kernel = b.kernel;
        this.reduction = b.reduction;
        this.groups = b.groups;
        this.pooling = b.pooling;
        this.poolRatio = b.poolRatio;
        this.main = addChildBlock("main", channel());
        this.attention = addChildBlock("attention", channel());
    }

    private SequentialBlock channel() {
        return new SequentialBlock()
                .add(SafeConv2d.of(inChannels / reduction, kernel, 1, 1, groups, false))
                .add(Layers.bn())
                .add(Activation.reluBlock())
                .add(SafeConv2d.of(outChannels, 1, 1, 1, 1, true));
    }

    /**
     * Starts a builder; {@code inChannels} and {@code outChannels} are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The input channels C.
     *
     * @return C
     */
    public int inChannels() {
        return inChannels;
    }

    /**
     * The output channels K.
     *
     * @return K
     */
    public int outChannels() {
        return outChannels;
    }

    /**
     * The kernel size of the first convolution of both channels.
     *
     * @return 1 or 3
     */
    public int kernel() {
        return kernel;
    }

    /**
     * The attention channel's pooling.
     *
     * @return AVG or MAX
     */
    public Pooling pooling() {
        return pooling;
    }

    /**
     * The attention channel's down-sampling ratio (pool kernel and stride).
     *
     * @return the ratio
     */
    public int poolRatio() {
        return poolRatio;
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
                            NDArray res = Layers.run(main, ps, x, training, params);
                            NDArray pooled = pool(x);
                            NDArray attn =
                                    Activation.sigmoid(
                                            Layers.run(attention, ps, pooled, training, params));
                            attn =
                                    Resize.bilinear(
                                            attn,
                                            (int) res.getShape().get(2),
                                            (int) res.getShape().get(3),
                                            training);
                            return Layers.add(attn.mul(res), attn, training);
                        }));
    }

    private NDArray pool(NDArray x) {
        Shape kernelShape = poolKernel(x.getShape());
        Shape stride = new Shape(poolRatio, poolRatio);
        Shape pad = new Shape(0, 0);
        return pooling == Pooling.AVG
                ? Pool.avgPool2d(x, kernelShape, stride, pad, true, false)
                : Pool.maxPool2d(x, kernelShape, stride, pad, true);
    }

    /** The pool kernel, shrunk to a side shorter than the ratio (MXNet rejects larger kernels). */
    private Shape poolKernel(Shape in) {
        return new Shape(Math.min(poolRatio, in.get(2)), Math.min(poolRatio, in.get(3)));
    }

    /**
     * The attention channel's pooled size for a feature map side: ceil(side / ratio).
     *
     * @param side a feature-map height or width
     * @param ratio the pool ratio
     * @return the pooled side
     */
    static long pooledSide(long side, int ratio) {
        return (side + ratio - 1) / ratio;
    }

    @Override
    public int foldBatchNorms() {
        int n = 0;
        for (SequentialBlock channel : new SequentialBlock[] {main, attention}) {
            // [conv, bn, relu, conv]
            n +=
                    BatchNormFolding.pair(
                            channel.getChildren().get(0).getValue(),
                            channel.getChildren().get(1).getValue());
        }
        return n;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outChannels, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        if (in.get(1) != inChannels) {
            throw new IllegalArgumentException(
                    "SqueezeAttention expects " + inChannels + " input channels, got shape " + in);
        }
        main.initialize(manager, dataType, in);
        Shape pooled =
                new Shape(
                        in.get(0),
                        in.get(1),
                        pooledSide(in.get(2), poolRatio),
                        pooledSide(in.get(3), poolRatio));
        attention.initialize(manager, dataType, pooled);
    }

    /** Builder of {@link SqueezeAttention}; validation happens in {@link #build()}. */
    public static final class Builder {
        private int inChannels;
        private int outChannels;
        private int kernel = 1;
        private int reduction = 4;
        private int groups = 2;
        private Pooling pooling = Pooling.AVG;
        private int poolRatio = 8;

        private Builder() {}

        /**
         * Sets the input channels C (required).
         *
         * @param inChannels C, divisible by the reduction and by the groups
         * @return this builder
         */
        public Builder inChannels(int inChannels) {
            this.inChannels = inChannels;
            return this;
        }

        /**
         * Sets the output channels K (required; the number of classes in SANet).
         *
         * @param outChannels K, at least 1
         * @return this builder
         */
        public Builder outChannels(int outChannels) {
            this.outChannels = outChannels;
            return this;
        }

        /**
         * Sets the kernel size of the first convolution of both channels.
         *
         * @param kernel 1 (default) or 3
         * @return this builder
         */
        public Builder kernel(int kernel) {
            this.kernel = kernel;
            return this;
        }

        /**
         * Sets the channel reduction of the first convolution (C -&gt; C / reduction).
         *
         * @param reduction default 4
         * @return this builder
         */
        public Builder reduction(int reduction) {
            this.reduction = reduction;
            return this;
        }

        /**
         * Sets the groups of the first convolution.
         *
         * @param groups default 2
         * @return this builder
         */
        public Builder groups(int groups) {
            this.groups = groups;
            return this;
        }

        /**
         * Sets the attention channel's pooling.
         *
         * @param pooling AVG (default) or MAX
         * @return this builder
         */
        public Builder pooling(Pooling pooling) {
            this.pooling = Objects.requireNonNull(pooling, "pooling");
            return this;
        }

        /**
         * Sets the attention channel's down-sampling ratio.
         *
         * @param poolRatio at least 1 (default 8)
         * @return this builder
         */
        public Builder poolRatio(int poolRatio) {
            this.poolRatio = poolRatio;
            return this;
        }

        /**
         * Validates the settings and creates the block.
         *
         * @return a new, uninitialised block
         * @throws SettingException naming the bad setting, its value and what is allowed
         */
        public SqueezeAttention build() {
            if (outChannels < 1) {
                throw new SettingException("outChannels", outChannels, ">= 1");
            }
            if (kernel != 1 && kernel != 3) {
                throw new SettingException("kernel", kernel, "1 or 3");
            }
            if (reduction < 1) {
                throw new SettingException("reduction", reduction, ">= 1");
            }
            if (groups < 1) {
                throw new SettingException("groups", groups, ">= 1");
            }
            if (poolRatio < 1) {
                throw new SettingException("poolRatio", poolRatio, ">= 1");
            }
            int mid = inChannels / reduction;
            if (inChannels < 1
                    || inChannels % reduction != 0
                    || mid % groups != 0
                    || inChannels % groups != 0) {
                throw new SettingException(
                        "inChannels",
                        inChannels,
                        "a positive multiple of reduction ("
                                + reduction
                                + ") whose quotient is a multiple of groups ("
                                + groups
                                + ")");
            }
            return new SqueezeAttention(this);
        }
    }
}
