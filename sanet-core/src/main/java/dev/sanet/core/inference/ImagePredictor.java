package dev.sanet.core.inference;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.sanet.core.io.ImageDecoding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one route from an image to its mask (docs/inference.md, "One route from image to mask").
 * Every caller ({@code sanet predict}, the DJL translator behind {@code Criteria}, Spark's
 * partition segmenter, {@code sanet demo}, the example programs) goes through these steps, so that
 * the same image gives the same mask and the same error everywhere:
 *
 * <ol>
 *   <li>strict decoding of a file or of bytes ({@link ImageDecoding}: a truncated JPEG is an error,
 *       CMYK, grey, 16-bit and palette images decode to their colours, the EXIF orientation is not
 *       applied); a bad input is an {@link UnreadableImageException}; the header's size is checked
 *       first against {@link Protocol#maxPixels()}, and a file much larger than the size bound is
 *       subsampled while it is decoded ({@link Protocol#subsampling()});
 *   <li>the size bound: an image whose long side exceeds {@link Protocol#maxSide()} is scaled down
 *       to it ({@link ImageScaling#bounded});
 *   <li>preparation: normalised {@code (3, H, W)} float32 ({@link ImagePreparation});
 *   <li>the protocol: scales, flip and sliding window ({@link Segmenter});
 *   <li>the class map (argmax), scaled back up to the image's own size by nearest neighbour; the
 *       class scores at the segmented size on request.
 * </ol>
 *
 * <p>Each call runs in a sub-manager of the model's manager that is closed before it returns. On
 * MXNet the calls of all threads on one network take turns (MXNet's imperative engine deadlocked
 * with two threads forwarding one model at once); on PyTorch they run at once. Build it with {@code
 * SANetModel.newImagePredictor(protocol)} or {@link #builder}.
 */
public final class ImagePredictor {

    private final NDManager manager;
    private final Block block;
    private final Segmenter segmenter;
    private final ImagePreparation preparation;
    private final List<String> classNames;
    private final boolean scores;
    private final boolean serial;

    private ImagePredictor(Builder b) {
        this.manager = b.manager;
        this.block = b.block;
        this.preparation = b.preparation;
        this.classNames = List.copyOf(b.classNames);
        this.scores = b.scores;
        this.segmenter =
                Segmenter.builder(b.block, b.selector)
                        .optProtocol(b.protocol)
                        .optPadValue(b.preparation.black())
                        .build();
        this.serial = "MXNet".equals(b.manager.getEngine().getEngineName());
    }

    /**
     * Starts a builder.
     *
     * @param manager the manager of the network's parameters (the model's); each call works in a
     *     sub-manager of it
     * @param block the initialised network
     * @param selector picks the {@code (1, K, H, W)} prediction logits out of the network's outputs
     * @param classNames K class names
     * @return a builder with {@link Protocol#SINGLE_SCALE} and ImageNet's normalisation
     */
    public static Builder builder(
            NDManager manager,
            Block block,
            Function<NDList, NDArray> selector,
            List<String> classNames) {
        return new Builder(manager, block, selector, classNames);
    }

    /**
     * The protocol this predictor runs, its size bound included.
     *
     * @return the protocol
     */
    public Protocol protocol() {
        return segmenter.protocol();
    }

    /**
     * Decodes a file strictly and segments it.
     *
     * @param file an image file
     * @return the segmentation at the image's own size
     * @throws UnreadableImageException naming the file when it is missing or not a complete image
     */
    public Segmentation predict(Path file) throws UnreadableImageException {
        return predict(decode(file, protocol()), file.toString());
    }

    /**
     * Decodes an encoded image held in memory strictly and segments it.
     *
     * @param encoded the bytes of a PNG, JPEG, BMP or other file ImageIO decodes
     * @param source the name to report it by (a path or URI)
     * @return the segmentation at the image's own size
     * @throws UnreadableImageException naming {@code source} when the bytes are not a complete
     *     image
     */
    public Segmentation predict(byte[] encoded, String source) throws UnreadableImageException {
        return predict(decode(encoded, source, protocol()), source);
    }

    /**
     * Segments a DJL image (its wrapped {@link BufferedImage}, or a PNG copy of an image of another
     * factory).
     *
     * @param image the image
     * @return the segmentation at the image's own size
     * @throws UnreadableImageException when an image of another factory cannot be converted
     */
    public Segmentation predict(Image image) throws UnreadableImageException {
        return predict(bufferedImage(image), "");
    }

    /**
     * A DJL image as a {@link BufferedImage}: the one it wraps (DJL's default factory), else a
     * decoded PNG copy.
     *
     * @param image the image
     * @return the buffered image
     * @throws UnreadableImageException when an image of another factory cannot be converted
     */
    public static BufferedImage bufferedImage(Image image) throws UnreadableImageException {
        if (image.getWrappedImage() instanceof BufferedImage b) {
            return b;
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            image.save(png, "png");
        } catch (IOException e) {
            throw UnreadableImageException.of("image", e);
        }
        return decode(png.toByteArray(), "image");
    }

    /**
     * Segments a decoded image.
     *
     * @param image any image ({@link ImagePreparation} converts its colour model)
     * @param source the name to report it by, or {@code ""}
     * @return the segmentation at the image's own size
     */
    public Segmentation predict(BufferedImage image, String source) {
        return predict(DecodedImage.of(image), source);
    }

    /**
     * Segments an image as the route decoded it, the mask at the file's own size.
     *
     * @param decoded the image, perhaps subsampled, and the file's size
     * @param source the name to report it by, or {@code ""}
     * @return the segmentation at the file's own size
     */
    public Segmentation predict(DecodedImage decoded, String source) {
        BufferedImage image = decoded.image();
        BufferedImage work = ImageScaling.bounded(decoded, protocol());
        Scored scored;
        if (serial) {
            synchronized (block) {
                scored = score(work);
            }
        } else {
            scored = score(work);
        }
        int[][] small = scored.classes();
        @Nullable ClassScores kept = scored.scores();
        int[][] classes = ImageScaling.upscaleNearest(small, decoded.height(), decoded.width());
        return new Segmentation(
                source,
                image,
                decoded.width(),
                decoded.height(),
                classes,
                classNames,
                work.getWidth(),
                work.getHeight(),
                kept);
    }

    /** The class map and the optional scores of a bounded image, at its size. */
    private record Scored(int[][] classes, @Nullable ClassScores scores) {}

    /** Steps R3-R5 in a sub-manager closed before it returns: nothing outlives the call. */
    private Scored score(BufferedImage work) {
        try (NDManager m = manager.newSubManager()) {
            NDArray s = segmenter.scores(preparation.toNDArray(m, work));
            @Nullable ClassScores kept =
                    scores
                            ? new ClassScores(
                                    (int) s.getShape().get(0),
                                    work.getHeight(),
                                    work.getWidth(),
                                    s.toFloatArray())
                            : null;
            return new Scored(Segmenter.classMapOf(s), kept);
        }
    }

    /**
     * Decodes a file strictly, the route's first step on its own (for callers that need the image
     * before segmenting it).
     *
     * @param file an image file
     * @return the decoded image
     * @throws UnreadableImageException naming the file
     */
    public static BufferedImage decode(Path file) throws UnreadableImageException {
        try {
            return ImageDecoding.read(file);
        } catch (IOException | RuntimeException e) {
            throw UnreadableImageException.of(file.toString(), e);
        }
    }

    /**
     * Decodes a file as the route does under a protocol: its header's size checked against {@link
     * Protocol#maxPixels()}, subsampled while decoding when it is much larger than {@link
     * Protocol#maxSide()} ({@link Protocol#subsampling()}).
     *
     * @param file an image file
     * @param protocol the protocol whose limits apply
     * @return the decoded image and the file's own size
     * @throws UnreadableImageException naming the file; {@link UnreadableImageException#tooLarge()}
     *     for an image over the limit or one whose decoding ran out of memory
     */
    public static DecodedImage decode(Path file, Protocol protocol)
            throws UnreadableImageException {
        try {
            int[] size = new int[2];
            BufferedImage image = ImageDecoding.read(file, remember(protocol, size));
            return new DecodedImage(image, size[0], size[1]);
        } catch (IOException | RuntimeException e) {
            throw UnreadableImageException.of(file.toString(), e);
        }
    }

    /**
     * Decodes bytes as the route does under a protocol, as {@link #decode(Path, Protocol)}.
     *
     * @param encoded the bytes of an image file
     * @param source the name to report it by
     * @param protocol the protocol whose limits apply
     * @return the decoded image and the file's own size
     * @throws UnreadableImageException naming {@code source}
     */
    public static DecodedImage decode(byte[] encoded, String source, Protocol protocol)
            throws UnreadableImageException {
        try {
            int[] size = new int[2];
            BufferedImage image = ImageDecoding.read(encoded, remember(protocol, size));
            return new DecodedImage(image, size[0], size[1]);
        } catch (IOException | RuntimeException e) {
            throw UnreadableImageException.of(source, e);
        }
    }

    /** The protocol's decoding policy, noting the header's size in {@code size}. */
    private static ImageDecoding.Subsampling remember(Protocol protocol, int[] size) {
        ImageDecoding.Subsampling policy = protocol.subsampling();
        return (w, h) -> {
            size[0] = w;
            size[1] = h;
            return policy.factor(w, h);
        };
    }

    /**
     * Decodes bytes strictly.
     *
     * @param encoded the bytes of an image file
     * @param source the name to report it by
     * @return the decoded image
     * @throws UnreadableImageException naming {@code source}
     */
    public static BufferedImage decode(byte[] encoded, String source)
            throws UnreadableImageException {
        try {
            return ImageDecoding.read(encoded);
        } catch (IOException | RuntimeException e) {
            throw UnreadableImageException.of(source, e);
        }
    }

    /** Settings of an {@link ImagePredictor}; {@link #build()} checks them. */
    public static final class Builder {
        private final NDManager manager;
        private final Block block;
        private final Function<NDList, NDArray> selector;
        private final List<String> classNames;
        private Protocol protocol = Protocol.SINGLE_SCALE;
        private ImagePreparation preparation = ImagePreparation.IMAGENET;
        private boolean scores;

        private Builder(
                NDManager manager,
                Block block,
                Function<NDList, NDArray> selector,
                List<String> classNames) {
            this.manager = manager;
            this.block = block;
            this.selector = selector;
            this.classNames = List.copyOf(classNames);
        }

        /**
         * Sets the protocol: scales, flip, base and crop size, the size bound (default {@link
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
         * Sets the normalisation (default {@link ImagePreparation#IMAGENET}); pass the model's.
         *
         * @param preparation the normalisation
         * @return this builder
         */
        public Builder optPreparation(ImagePreparation preparation) {
            this.preparation = preparation;
            return this;
        }

        /**
         * Keeps each image's class scores in its {@link Segmentation} (default false: they cost K
         * floats per pixel).
         *
         * @param scores true to keep them
         * @return this builder
         */
        public Builder optScores(boolean scores) {
            this.scores = scores;
            return this;
        }

        /**
         * Creates the predictor.
         *
         * @return the predictor
         * @throws dev.sanet.core.settings.SettingException naming {@code classNames} when there are
         *     none
         */
        public ImagePredictor build() {
            if (classNames.isEmpty()) {
                throw new dev.sanet.core.settings.SettingException(
                        "classNames", classNames, "at least one class name");
            }
            return new ImagePredictor(this);
        }
    }
}
