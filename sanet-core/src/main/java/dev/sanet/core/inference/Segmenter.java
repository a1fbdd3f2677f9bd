package dev.sanet.core.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.sanet.core.io.HostArrays;
import dev.sanet.core.nn.Resize;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Carries out an evaluation {@link Protocol} (PyTorch-Encoding's {@code MultiEvalModule}) as
 * NDArray math: class scores of one normalised image at its original size, from several scales,
 * optional horizontal flip and a sliding window.
 *
 * <p>For each scale {@code s} the long side becomes {@code ceil(base * s)} (the other side {@code
 * (int) (side * long / longSide + 0.5)}), resized with {@link Resize#bilinear}. With a base size of
 * 0 the image's own long side is the base. If the resized image fits in the crop (both sides at
 * most {@code crop}) it runs in one forward pass at its own size, without padding (Encoding pads to
 * the crop; our network takes any size, and this keeps single-scale evaluation equal to training's
 * validation). Otherwise it is padded right/bottom to at least the crop with the pad value
 * (normalised black, {@link ImagePreparation#black()}) and run as a sliding window of {@code crop x
 * crop} windows with stride {@link Protocol#windowStride()}: per axis {@code ceil((padded - crop) /
 * stride) + 1} windows starting at {@code i * stride}, the last one moved back to end at the border
 * (so every window is a full crop and none is padded again; Encoding instead clips the last window
 * and pads it). Overlapping outputs are summed and divided by the per-pixel window count. A {@link
 * FixedSizeNetwork} of a fixed size always runs this way, with windows of its own size in place of
 * the crop (a smaller image is padded to one window). With flip the scores of the flipped input are
 * flipped back and added. Per-scale scores (logits, not {@code exp} of them as in Encoding) are
 * resized to the original size and summed.
 *
 * <p>Each call runs in a sub-manager of the input's manager that is closed afterwards (each scale
 * and each window in a sub-manager of that one, so a window's intermediates are freed before the
 * next); only the result stays. A segmenter holds no per-call state, but as with DJL predictors use
 * one per thread.
 */
public final class Segmenter {

    private final Block block;
    private final Function<NDList, NDArray> selector;
    private final Protocol protocol;
    private final float[] padValue;
    // The window: the protocol's square crop, or a fixed-size network's own size.
    private final boolean fixed;
    private final int windowHeight;
    private final int windowWidth;

    private Segmenter(Builder b) {
        this.block = b.block;
        this.selector = b.selector;
        this.protocol = b.protocol;
        this.padValue = b.padValue.clone();
        int @Nullable [] size = b.block instanceof FixedSizeNetwork f ? f.fixedSize() : null;
        this.fixed = size != null;
        this.windowHeight = size != null ? size[0] : protocol.cropSize();
        this.windowWidth = size != null ? size[1] : protocol.cropSize();
    }

    /**
     * Starts a builder.
     *
     * @param block the network: {@code (N, 3, h, w)} to outputs at the input's size
     * @param selector picks the prediction logits {@code (N, K, h, w)} from the outputs
     * @return a builder with {@link Protocol#SINGLE_SCALE} and ImageNet's normalised black as the
     *     pad value
     */
    public static Builder builder(Block block, Function<NDList, NDArray> selector) {
        return new Builder(block, selector);
    }

    /**
     * The network this segmenter runs.
     *
     * @return the block
     */
    public Block block() {
        return block;
    }

    /**
     * The protocol this segmenter carries out.
     *
     * @return the protocol
     */
    public Protocol protocol() {
        return protocol;
    }

    /**
     * The normalised value the sliding window pads with.
     *
     * @return a copy: R, G, B
     */
    public float[] padValue() {
        return padValue.clone();
    }

    /**
     * Summed class scores at the image's original size.
     *
     * @param image a normalised image, {@code (3, H, W)} or {@code (1, 3, H, W)}
     * @return {@code (K, H, W)} float32, attached to the image's manager
     */
    public NDArray scores(NDArray image) {
        NDManager parent = image.getManager();
        try (NDManager scope = parent.newSubManager()) {
            NDArray result = compute(scope, image);
            result.attach(parent);
            return result;
        }
    }

    /**
     * The predicted class of every pixel: the argmax of {@link #scores(NDArray)}.
     *
     * @param image a normalised image, {@code (3, H, W)} or {@code (1, 3, H, W)}
     * @return {@code (H, W)} int32 class ids, attached to the image's manager
     */
    public NDArray classes(NDArray image) {
        NDManager parent = image.getManager();
        try (NDManager scope = parent.newSubManager()) {
            NDArray result = compute(scope, image).argMax(0).toType(DataType.INT32, false);
            result.attach(parent);
            return result;
        }
    }

    /**
     * The predicted classes as a row-major Java array.
     *
     * @param image a normalised image, {@code (3, H, W)} or {@code (1, 3, H, W)}
     * @return {@code mask[y][x]} class ids
     */
    public int[][] classMap(NDArray image) {
        try (NDArray c = classes(image)) {
            return rows(c);
        }
    }

    /**
     * The class map of scores computed by {@link #scores}: the arg max over classes, read into
     * Java.
     *
     * @param scores {@code (K, H, W)} class scores
     * @return {@code [H][W]} class ids
     */
    public static int[][] classMapOf(NDArray scores) {
        try (NDArray c = scores.argMax(0).toType(DataType.INT32, false)) {
            return rows(c);
        }
    }

    private static int[][] rows(NDArray c) {
        int h = (int) c.getShape().get(0);
        int w = (int) c.getShape().get(1);
        int[] flat = c.toIntArray();
        int[][] mask = new int[h][w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(flat, y * w, mask[y], 0, w);
        }
        return mask;
    }

    private NDArray compute(NDManager scope, NDArray image) {
        Shape shape = image.getShape();
        boolean chw = shape.dimension() == 3 && shape.get(0) == 3;
        boolean nchw = shape.dimension() == 4 && shape.get(0) == 1 && shape.get(1) == 3;
        if (!chw && !nchw) {
            throw new IllegalArgumentException(
                    "expected a (3, H, W) or (1, 3, H, W) image, got " + shape);
        }
        // A copy in the scope, so that everything computed from it is freed with the scope.
        NDArray x = image.duplicate();
        x.attach(scope);
        if (chw) {
            x = x.expandDims(0);
        }
        int h = (int) x.getShape().get(2);
        int w = (int) x.getShape().get(3);
        int longSide = Math.max(h, w);
        int baseSize = protocol.baseSize();
        int cropSize = protocol.cropSize();
        int base = baseSize > 0 ? baseSize : longSide;
        NDArray sum = null;
        for (double s : protocol.scales()) {
            int longTarget = (int) Math.ceil(base * s);
            int th;
            int tw;
            if (h >= w) {
                th = longTarget;
                tw = (int) (1.0 * w * longTarget / h + 0.5);
            } else {
                tw = longTarget;
                th = (int) (1.0 * h * longTarget / w + 0.5);
            }
            th = Math.max(1, th);
            tw = Math.max(1, tw);
            // One scale's intermediates (resized input, windows) are freed before the next scale.
            try (NDManager step = scope.newSubManager()) {
                // Arrays computed from x while it is lent to the step are the step's.
                x.tempAttach(step);
                NDArray resized = Resize.bilinear(x, th, tw);
                NDArray score;
                if (!fixed && (cropSize <= 0 || (th <= cropSize && tw <= cropSize))) {
                    score = forwardFlip(step, resized);
                } else {
                    score = slidingWindow(step, resized);
                }
                NDArray back = Resize.bilinear(score, h, w);
                if (sum == null) {
                    back.attach(scope);
                    sum = back;
                } else {
                    sum.addi(back);
                }
            }
        }
        return sum.squeeze(0);
    }

    private NDArray forwardFlip(NDManager scope, NDArray x) {
        NDArray out = forward(scope, x);
        if (protocol.flip()) {
            NDArray flipped = forward(scope, x.flip(3)).flip(3);
            out = out.add(flipped);
        }
        return out;
    }

    private NDArray forward(NDManager scope, NDArray x) {
        NDList outputs =
                block.forward(
                        new ParameterStore(scope, false),
                        new NDList(x),
                        false,
                        PredictionOnly.params());
        outputs.attach(scope);
        NDArray logits = selector.apply(outputs);
        if (logits.getShape().dimension() != 4
                || logits.getShape().get(2) != x.getShape().get(2)
                || logits.getShape().get(3) != x.getShape().get(3)) {
            throw new IllegalStateException(
                    "the network gave scores of shape "
                            + logits.getShape()
                            + " for an input of shape "
                            + x.getShape());
        }
        return logits;
    }

    /**
     * Window starts along one axis: {@code i * stride}, the last one moved back to end at {@code
     * padded}.
     *
     * @param padded the padded length, at least {@code crop}
     * @param crop the window length
     * @param stride the stride
     * @return the starts, ascending
     */
    static int[] windowStarts(int padded, int crop, int stride) {
        int n = (int) Math.ceil((double) (padded - crop) / stride) + 1;
        int[] starts = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = Math.min(i * stride, padded - crop);
        }
        return starts;
    }

    private NDArray slidingWindow(NDManager scope, NDArray x) {
        int h = (int) x.getShape().get(2);
        int w = (int) x.getShape().get(3);
        int ch = windowHeight;
        int cw = windowWidth;
        int ph = Math.max(h, ch);
        int pw = Math.max(w, cw);
        NDArray padded = padBlack(scope, x, ph, pw);
        int[] ys = windowStarts(ph, ch, Protocol.strideFor(ch));
        int[] xs = windowStarts(pw, cw, Protocol.strideFor(cw));
        float[] cy = new float[ph];
        float[] cx = new float[pw];
        for (int y0 : ys) {
            for (int i = y0; i < y0 + ch; i++) {
                cy[i]++;
            }
        }
        for (int x0 : xs) {
            for (int i = x0; i < x0 + cw; i++) {
                cx[i]++;
            }
        }
        NDArray acc = null;
        for (int y0 : ys) {
            for (int x0 : xs) {
                // A window's outputs and its zero-padded copy are freed once added.
                try (NDManager one = scope.newSubManager()) {
                    NDArray window =
                            padded.get(new NDIndex(":, :, {}:{}, {}:{}", y0, y0 + ch, x0, x0 + cw));
                    window.attach(one);
                    NDArray out = forwardFlip(one, window);
                    NDArray placed = padZeros(out, y0, ph - y0 - ch, x0, pw - x0 - cw);
                    if (acc == null) {
                        placed.attach(scope);
                        acc = placed;
                    } else {
                        acc.addi(placed);
                    }
                }
            }
        }
        NDArray count =
                HostArrays.floats(scope, cy)
                        .reshape(ph, 1)
                        .mul(HostArrays.floats(scope, cx).reshape(1, pw))
                        .reshape(1, 1, ph, pw);
        return acc.div(count).get(":, :, 0:" + h + ", 0:" + w);
    }

    private NDArray padBlack(NDManager scope, NDArray x, int ph, int pw) {
        int h = (int) x.getShape().get(2);
        int w = (int) x.getShape().get(3);
        if (h == ph && w == pw) {
            return x;
        }
        NDArray fill = HostArrays.floats(scope, padValue).reshape(1, 3, 1, 1);
        NDArray out = x;
        if (pw > w) {
            NDArray right = fill.broadcast(new Shape(1, 3, h, pw - w));
            out = NDArrays.concat(new NDList(out, right), 3);
        }
        if (ph > h) {
            NDArray bottom = fill.broadcast(new Shape(1, 3, ph - h, pw));
            out = NDArrays.concat(new NDList(out, bottom), 2);
        }
        return out;
    }

    private static NDArray padZeros(NDArray x, int top, int bottom, int left, int right) {
        NDManager m = x.getManager();
        long n = x.getShape().get(0);
        long k = x.getShape().get(1);
        long h = x.getShape().get(2);
        NDArray out = x;
        List<NDArray> row = new ArrayList<>();
        if (left > 0) {
            row.add(m.zeros(new Shape(n, k, h, left), x.getDataType()));
        }
        row.add(out);
        if (right > 0) {
            row.add(m.zeros(new Shape(n, k, h, right), x.getDataType()));
        }
        if (row.size() > 1) {
            out = NDArrays.concat(new NDList(row), 3);
        }
        long w = out.getShape().get(3);
        List<NDArray> col = new ArrayList<>();
        if (top > 0) {
            col.add(m.zeros(new Shape(n, k, top, w), x.getDataType()));
        }
        col.add(out);
        if (bottom > 0) {
            col.add(m.zeros(new Shape(n, k, bottom, w), x.getDataType()));
        }
        if (col.size() > 1) {
            out = NDArrays.concat(new NDList(col), 2);
        }
        return out;
    }

    /** Settings of a {@link Segmenter}. */
    public static final class Builder {
        private final Block block;
        private final Function<NDList, NDArray> selector;
        private Protocol protocol = Protocol.SINGLE_SCALE;
        private float[] padValue = ImagePreparation.IMAGENET.black();

        private Builder(Block block, Function<NDList, NDArray> selector) {
            this.block = block;
            this.selector = selector;
        }

        /**
         * Sets the protocol: scales, flip, base and crop size (default {@link
         * Protocol#SINGLE_SCALE}).
         *
         * @param protocol the protocol
         * @return this builder
         */
        public Builder optProtocol(Protocol protocol) {
            this.protocol = protocol;
            return this;
        }

        /**
         * Sets the normalised value the sliding window pads with (default ImageNet's normalised
         * black, {@code ImagePreparation.IMAGENET.black()}); use the black of the model's own
         * normalisation, {@link ImagePreparation#black()}.
         *
         * @param padValue three values, R, G, B
         * @return this builder
         */
        public Builder optPadValue(float[] padValue) {
            this.padValue = padValue.clone();
            return this;
        }

        /**
         * Creates the segmenter.
         *
         * @return the segmenter
         * @throws IllegalArgumentException when the pad value does not have 3 values
         */
        public Segmenter build() {
            if (padValue.length != 3) {
                throw new IllegalArgumentException(
                        "the pad value needs 3 values (R, G, B), got " + padValue.length);
            }
            return new Segmenter(this);
        }
    }
}
