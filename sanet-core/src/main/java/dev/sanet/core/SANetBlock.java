package dev.sanet.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sanet.core.inference.PredictionOnly;
import dev.sanet.core.nn.DenseHead;
import dev.sanet.core.nn.Resize;
import dev.sanet.core.nn.SafeConv2d;
import dev.sanet.core.nn.SegmentationBackbone;
import dev.sanet.core.nn.SqueezeAttention;
import dev.sanet.core.nn.SqueezeExcitation;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The network of a {@link SANet} definition (paper Fig. 3; docs/paper-reading.md sections 2.3 and
 * 2.4): the dilated backbone, then either the SANet heads or a Table 3 baseline head. Create it
 * with {@link SANet#newBlock()}.
 *
 * <p>Input: (N, 3, H, W) float32, ImageNet-normalised RGB. Outputs (training and inference alike),
 * all logits, pixel outputs at the input's exact H x W:
 *
 * <ul>
 *   <li>{@link Variant#SANET} with n &gt;= 1 heads: {@code [mask (N,K,H,W), dense (N,K,H,W), cat
 *       (N,K)]}. SA modules on the last n stages each emit K channels; their outputs are resized
 *       bilinearly to the stage-2 (1/8) resolution and concatenated (n*K channels); a 1x1
 *       convolution n*K -&gt; K gives Y_mask; global average pooling of the concatenation and a
 *       fully connected layer n*K -&gt; K give the categorical logits y_cat; the dense head on
 *       stage 4 gives Y_den and {@code dense} = up(Y_den + Y_SA4), where Y_SA4 is SA4's output at
 *       the stage-4 resolution.
 *   <li>{@link Variant#FCN}, {@link Variant#FCN_SE} or zero heads: {@code [dense (N,K,H,W)]} =
 *       up(Y_den), with FCN-SE passing the stage-4 features through a {@link SqueezeExcitation}
 *       first.
 * </ul>
 *
 * <p>In inference with {@link PredictionOnly}'s forward parameter (what the prediction route
 * passes) the block computes only what {@link SANet#prediction()} reads and returns that one array,
 * {@code [logits (N,K,H,W)]}, named {@code "mask"}, {@code "dense"} or {@code "sum"}: the mask
 * prediction skips the dense head and the categorical layer, the dense prediction skips SA heads
 * 1-3, the mask convolution and the categorical layer, the sum skips the categorical layer. The
 * training forward pass ignores the parameter.
 *
 * <p>The arrays are named {@code "mask"}, {@code "dense"} and {@code "cat"}. Children, in order:
 * {@code backbone}, {@code se} (FCN-SE only), {@code dense}, {@code sa1..sa4} (the present ones),
 * {@code mask}, {@code cat}. Everything but {@link #backbone()} is "the head" that the paper's
 * recipe trains at 10x the learning rate.
 */
public final class SANetBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final SANet definition;
    private final SegmentationBackbone backbone;
    private final @Nullable SqueezeExcitation se;
    private final DenseHead dense;
    private final @Nullable SqueezeAttention[] sa = new SqueezeAttention[4];
    private final @Nullable Block mask;
    private final @Nullable Block cat;

    /**
     * Creates the block on the definition's backbone; prefer {@link SANet#newBlock()}.
     *
     * @param definition the validated definition
     */
    public SANetBlock(SANet definition) {
        this(definition, definition.newBackbone());
    }

    /**
     * Creates the block on any backbone (the open seam for a user's own feature extractor); the
     * definition's backbone, width and output stride are then not used. Prefer {@link
     * SANet#newBlock(SegmentationBackbone)}.
     *
     * @param definition the validated definition (classes, heads, variant, ...)
     * @param backbone a fresh, uninitialised backbone; it becomes this block's child
     */
    public SANetBlock(SANet definition, SegmentationBackbone backbone) {
        super(VERSION);
        this.definition = definition;
        int k = definition.numClasses();
        this.backbone = addChildBlock("backbone", backbone);
        int[] channels = backbone.stageChannels();
        this.se =
                definition.variant() == Variant.FCN_SE
                        ? addChildBlock(
                                "se",
                                new SqueezeExcitation(
                                        channels[3], SqueezeExcitation.DEFAULT_HIDDEN))
                        : null;
        this.dense = addChildBlock("dense", new DenseHead(channels[3], k, definition.dropout()));
        int heads = definition.hasAttentionOutputs() ? definition.heads() : 0;
        for (int stage = 4 - heads; stage < 4; stage++) {
            sa[stage] =
                    addChildBlock(
                            "sa" + (stage + 1),
                            SqueezeAttention.builder()
                                    .inChannels(channels[stage])
                                    .outChannels(k)
                                    .kernel(definition.headKernel())
                                    .pooling(definition.pooling())
                                    .poolRatio(definition.poolRatio())
                                    .build());
        }
        if (heads > 0) {
            this.mask = addChildBlock("mask", SafeConv2d.of(k, 1, 1, 1, 1, true));
            this.cat = addChildBlock("cat", Linear.builder().setUnits(k).build());
        } else {
            this.mask = null;
            this.cat = null;
        }
    }

    /**
     * The definition this block was built from.
     *
     * @return the definition
     */
    public SANet definition() {
        return definition;
    }

    /**
     * The backbone child. Every parameter not in {@code backbone().getParameters()} belongs to the
     * heads, which the paper's recipe trains at 10x the learning rate.
     *
     * @return the backbone block
     */
    public SegmentationBackbone backbone() {
        return backbone;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps,
            NDList inputs,
            boolean training,
            @Nullable PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        int h = (int) x.getShape().get(2);
        int w = (int) x.getShape().get(3);
        NDList feats = backbone.forward(ps, new NDList(x), training, params);
        NDArray c4 = feats.get(3);
        if (mask == null || cat == null) {
            NDArray f = se == null ? c4 : run(se, ps, c4, training, params);
            NDArray den = run(dense, ps, f, training, params);
            return new NDList(named(Resize.bilinear(den, h, w, training), "dense"));
        }
        // In inference the route may ask for the prediction alone: then only its heads run.
        Prediction only =
                !training && PredictionOnly.requested(params) ? definition.prediction() : null;
        boolean wantMask = only != Prediction.DENSE;
        boolean wantDense = only != Prediction.MASK;
        int h2 = (int) feats.get(1).getShape().get(2);
        int w2 = (int) feats.get(1).getShape().get(3);
        NDList resized = new NDList();
        NDArray sa4 = null;
        for (int stage = 0; stage < 4; stage++) {
            SqueezeAttention head = sa[stage];
            if (head == null || (!wantMask && stage != 3)) {
                continue;
            }
            NDArray y = run(head, ps, feats.get(stage), training, params);
            if (stage == 3) {
                sa4 = y;
            }
            if (wantMask) {
                resized.add(Resize.bilinear(y, h2, w2, training));
            }
        }
        if (!training) {
            // In inference the first three stages are done with once their heads have read them.
            closeOwned(feats.subNDList(0, 3), x, c4);
        }
        NDArray concat = null;
        NDArray yMask = null;
        NDArray yCat = null;
        if (wantMask) {
            concat = resized.size() == 1 ? resized.get(0) : NDArrays.concat(resized, 1);
            yMask = run(mask, ps, concat, training, params);
            if (only == null) {
                yCat = run(cat, ps, Pool.globalAvgPool2d(concat), training, params);
            }
        }
        NDArray den = null;
        NDArray yDense = null;
        if (wantDense) {
            den = run(dense, ps, c4, training, params);
            yDense = den.add(Objects.requireNonNull(sa4, "SA4 is always present with heads"));
        }
        if (!training) {
            closeAll(resized);
            if (concat != null && resized.size() > 1) {
                concat.close();
            }
            closeOwned(new NDList(c4), x, null);
            if (den != null) {
                den.close();
            }
        }
        if (only == null) {
            return new NDList(
                    named(Resize.bilinear(yMask, h, w, training), "mask"),
                    named(Resize.bilinear(yDense, h, w, training), "dense"),
                    named(yCat, "cat"));
        }
        return new NDList(predictionOnly(only, yMask, yDense, h, w));
    }

    /**
     * The one output of a prediction-only inference pass, computed as {@link Prediction#logits}
     * computes it from the full outputs (the sum adds the two resized logits), so both agree.
     */
    private static NDArray predictionOnly(
            Prediction only, @Nullable NDArray yMask, @Nullable NDArray yDense, int h, int w) {
        return switch (only) {
            case MASK -> named(Resize.bilinear(Objects.requireNonNull(yMask), h, w), "mask");
            case DENSE -> named(Resize.bilinear(Objects.requireNonNull(yDense), h, w), "dense");
            case SUM -> {
                NDArray m = Resize.bilinear(Objects.requireNonNull(yMask), h, w);
                NDArray d = Resize.bilinear(Objects.requireNonNull(yDense), h, w);
                NDArray sum = m.add(d);
                m.close();
                d.close();
                yield named(sum, "sum");
            }
        };
    }

    private static NDArray run(
            Block block,
            ParameterStore ps,
            NDArray x,
            boolean training,
            @Nullable PairList<String, Object> params) {
        return block.forward(ps, new NDList(x), training, params).singletonOrThrow();
    }

    /** Closes arrays of a finished inference step early, so the pass's peak holds less. */
    private static void closeAll(NDList arrays) {
        for (NDArray a : arrays) {
            a.close();
        }
    }

    /**
     * Closes stage outputs early, except one that is the caller's input or still to be read: the
     * {@link SegmentationBackbone} seam does not promise four distinct fresh arrays.
     */
    private static void closeOwned(NDList stages, NDArray input, @Nullable NDArray keep) {
        for (NDArray a : stages) {
            if (a != input && a != keep) {
                a.close();
            }
        }
    }

    private static NDArray named(NDArray a, String name) {
        a.setName(name);
        return a;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long n = in.get(0);
        long k = definition.numClasses();
        Shape pixels = new Shape(n, k, in.get(2), in.get(3));
        if (mask == null) {
            return new Shape[] {pixels};
        }
        return new Shape[] {pixels, pixels, new Shape(n, k)};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        backbone.initialize(manager, dataType, in);
        Shape[] stages = backbone.getOutputShapes(new Shape[] {in});
        if (se != null) {
            se.initialize(manager, dataType, stages[3]);
        }
        dense.initialize(manager, dataType, stages[3]);
        int heads = 0;
        for (int stage = 0; stage < 4; stage++) {
            SqueezeAttention head = sa[stage];
            if (head != null) {
                head.initialize(manager, dataType, stages[stage]);
                heads++;
            }
        }
        if (mask != null && cat != null) {
            long n = in.get(0);
            long nk = (long) heads * definition.numClasses();
            mask.initialize(
                    manager, dataType, new Shape(n, nk, stages[1].get(2), stages[1].get(3)));
            cat.initialize(manager, dataType, new Shape(n, nk));
        }
    }
}
