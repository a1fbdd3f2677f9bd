package dev.sanet.core.inference;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.List;
import java.util.function.Function;

/**
 * A DJL {@link Translator} from an {@link Image} to a {@link CategoryMask} at the image's own
 * resolution: RGB scaled to [0, 1], normalised with the model's mean and standard deviation, one
 * forward pass at the image's size (the network's outputs are resized to its input size), then the
 * argmax of the prediction logits chosen by the definition's {@code SANet.predictionLogits}.
 *
 * <p>Single-scale; use it through {@code model.newPredictor(translator)}. Batching with {@code
 * batchPredict} stacks inputs, so a batch must hold images of one size. A DJL {@code Predictor} is
 * not thread-safe: give each thread its own (they can share the model).
 */
public final class SANetTranslator implements Translator<Image, CategoryMask> {

    private final Function<NDList, NDArray> selector;
    private final List<String> classNames;
    private final float[] mean;
    private final float[] std;

    /**
     * Creates the translator.
     *
     * @param selector picks the {@code (1, K, H, W)} prediction logits out of the network's
     *     outputs, e.g. {@code definition::predictionLogits}
     * @param classNames K class names
     * @param mean the normalisation mean of RGB in [0, 1]
     * @param std the normalisation standard deviation of RGB in [0, 1]
     */
    public SANetTranslator(
            Function<NDList, NDArray> selector,
            List<String> classNames,
            float[] mean,
            float[] std) {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (RGB)");
        }
        this.selector = selector;
        this.classNames = List.copyOf(classNames);
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /**
     * Converts the image to a normalised {@code (3, H, W)} float32 tensor.
     *
     * @param ctx the context
     * @param input the image
     * @return {@code [image (3, H, W)]}
     */
    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        NDArray hwc = input.toNDArray(ctx.getNDManager(), Image.Flag.COLOR);
        NDArray chw = NDImageUtils.toTensor(hwc);
        return new NDList(NDImageUtils.normalize(chw, mean, std));
    }

    /**
     * Takes the argmax of the prediction logits.
     *
     * @param ctx the context
     * @param list one item's outputs: {@code [mask (K, H, W), dense (K, H, W), cat (K)]} or {@code
     *     [dense (K, H, W)]}
     * @return the class of every pixel, at the image's resolution
     */
    @Override
    public CategoryMask processOutput(TranslatorContext ctx, NDList list) {
        NDArray logits = selector.apply(list);
        NDArray classes = logits.argMax(0).toType(DataType.INT32, false);
        int h = (int) classes.getShape().get(0);
        int w = (int) classes.getShape().get(1);
        int[] flat = classes.toIntArray();
        int[][] mask = new int[h][w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(flat, y * w, mask[y], 0, w);
        }
        return new CategoryMask(classNames, mask);
    }
}
