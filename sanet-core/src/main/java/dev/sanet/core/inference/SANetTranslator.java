package dev.sanet.core.inference;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The prediction route ({@link ImagePredictor}) as a DJL {@link Translator}: an input ({@link
 * Image}, or a {@link Path} decoded strictly) to a {@link CategoryMask} at the image's own size.
 * {@link #processInput} bounds the image ({@link Protocol#maxSide()}, {@link ImageScaling}) and
 * prepares it ({@link ImagePreparation}); the block computes the prediction logits (a network whose
 * outputs the selector picks, or the protocol's summed scores of {@code zoo.ProtocolBlock}); {@link
 * #processOutput} takes their argmax and scales the classes back up to the image's size. A file
 * that is not a complete image fails with an {@link UnreadableImageException} (DJL wraps it in its
 * {@code TranslateException}), as on every other route.
 *
 * <p>A DJL {@code Predictor} is not thread-safe: give each thread its own (they can share the
 * model). Batching stacks inputs, so a batch must hold images of one (bounded) size.
 *
 * @param <I> the input type: {@link Image} or {@link Path}
 */
public final class SANetTranslator<I> implements Translator<I, CategoryMask> {

    /** Reads the route's input into a decoded image. */
    @FunctionalInterface
    interface Source<I> {
        DecodedImage read(I input) throws IOException;
    }

    private static final String SIZE = "sanet.imageSize";

    private final Function<NDList, NDArray> selector;
    private final List<String> classNames;
    private final ImagePreparation preparation;
    private final Protocol protocol;
    private final Source<I> source;

    private SANetTranslator(
            Function<NDList, NDArray> selector,
            List<String> classNames,
            ImagePreparation preparation,
            Protocol protocol,
            Source<I> source) {
        this.selector = selector;
        this.classNames = List.copyOf(classNames);
        this.preparation = preparation;
        this.protocol = protocol;
        this.source = source;
    }

    /**
     * A translator of DJL images.
     *
     * @param selector picks the {@code (K, H, W)} prediction logits out of one item's outputs, e.g.
     *     {@code definition::predictionLogits}, or {@code NDList::head} for a protocol block
     * @param classNames K class names
     * @param preparation the model's normalisation
     * @param protocol its {@link Protocol#maxSide()} bounds the image (the block runs the rest)
     * @return the translator
     */
    public static SANetTranslator<Image> ofImages(
            Function<NDList, NDArray> selector,
            List<String> classNames,
            ImagePreparation preparation,
            Protocol protocol) {
        return new SANetTranslator<>(
                selector,
                classNames,
                preparation,
                protocol,
                image -> DecodedImage.of(ImagePredictor.bufferedImage(image)));
    }

    /**
     * A translator of image files, decoded strictly under the protocol's limits ({@link
     * ImagePredictor#decode(Path, Protocol)}).
     *
     * @param selector picks the prediction logits, as for {@link #ofImages}
     * @param classNames K class names
     * @param preparation the model's normalisation
     * @param protocol its {@link Protocol#maxSide()} bounds the image
     * @return the translator
     */
    public static SANetTranslator<Path> ofFiles(
            Function<NDList, NDArray> selector,
            List<String> classNames,
            ImagePreparation preparation,
            Protocol protocol) {
        return new SANetTranslator<>(
                selector,
                classNames,
                preparation,
                protocol,
                file -> ImagePredictor.decode(file, protocol));
    }

    /**
     * Decodes (for a path), bounds and prepares the image.
     *
     * @param ctx the context; the image's own size is kept in it for {@link #processOutput}
     * @param input the image or file
     * @return {@code [image (3, h, w)]} at the bounded size
     * @throws IOException ({@link UnreadableImageException}) when a file is not a complete image
     */
    @Override
    public NDList processInput(TranslatorContext ctx, I input) throws IOException {
        DecodedImage image = source.read(input);
        ctx.setAttachment(SIZE, new int[] {image.width(), image.height()});
        BufferedImage work = ImageScaling.bounded(image, protocol);
        return new NDList(preparation.toNDArray(ctx.getNDManager(), work));
    }

    /**
     * Takes the argmax of the prediction logits and scales it to the image's own size.
     *
     * @param ctx the context
     * @param list one item's outputs: {@code [mask (K, h, w), dense (K, h, w), cat (K)]}, {@code
     *     [dense (K, h, w)]} or a protocol block's {@code [scores (K, h, w)]}
     * @return the class of every pixel, at the image's own size
     */
    @Override
    public CategoryMask processOutput(TranslatorContext ctx, NDList list) {
        int[][] small = Segmenter.classMapOf(selector.apply(list));
        int[] size = (int[]) ctx.getAttachment(SIZE);
        return new CategoryMask(classNames, ImageScaling.upscaleNearest(small, size[1], size[0]));
    }
}
