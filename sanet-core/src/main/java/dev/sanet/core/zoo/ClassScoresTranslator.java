package dev.sanet.core.zoo;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.sanet.core.inference.ImagePreparation;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.inference.SANetTranslator;
import java.io.IOException;
import java.util.List;

/**
 * A DJL translator from an image to its class scores at the image's own size, {@code
 * scores[k][y][x]} (summed logits of the protocol's passes; their argmax over {@code k} is the
 * mask), at the size the image is segmented at: its own, or the bounded size when its long side
 * exceeds the protocol's {@code maxSide}. The input side is {@link SANetTranslator}'s; the model's
 * block must be a {@link ProtocolBlock}, as {@link SANetBlockFactory} builds it.
 */
public final class ClassScoresTranslator implements Translator<Image, float[][][]> {

    private final SANetTranslator<Image> input;

    /**
     * Creates the translator.
     *
     * @param preparation the model's normalisation
     * @param classNames the model's class names
     * @param protocol its size bound applies to the image ({@link Protocol#maxSide()})
     */
    public ClassScoresTranslator(
            ImagePreparation preparation, List<String> classNames, Protocol protocol) {
        this.input = SANetTranslator.ofImages(NDList::head, classNames, preparation, protocol);
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image image) throws IOException {
        return input.processInput(ctx, image);
    }

    @Override
    public float[][][] processOutput(TranslatorContext ctx, NDList list) {
        NDArray scores = list.head();
        int k = (int) scores.getShape().get(0);
        int h = (int) scores.getShape().get(1);
        int w = (int) scores.getShape().get(2);
        float[] flat = scores.toFloatArray();
        float[][][] out = new float[k][h][w];
        for (int c = 0; c < k; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(flat, (c * h + y) * w, out[c][y], 0, w);
            }
        }
        return out;
    }
}
