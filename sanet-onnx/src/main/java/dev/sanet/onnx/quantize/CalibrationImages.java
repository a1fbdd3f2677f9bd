package dev.sanet.onnx.quantize;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.sanet.core.inference.ImagePreparation;
import dev.sanet.core.inference.ImageScaling;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.inference.UnreadableImageException;
import dev.sanet.core.io.ImageDecoding;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * Image files as calibration inputs of an exported sanet graph, prepared as the prediction route
 * prepares an image for a single-scale pass: decoded strictly ({@link ImageDecoding}), bounded by
 * the default long-side limit ({@link ImageScaling#bounded}), scaled to the graph's input size when
 * the graph fixes one, and normalised with the mean and standard deviation in the model's metadata
 * ({@link ImagePreparation}). Each image is one {@code (1, 3, H, W)} input, decoded when the
 * iteration reaches it, so only one image is held at a time.
 *
 * <p>Iterating throws {@link UncheckedIOException} wrapping an {@link UnreadableImageException} for
 * a file that is not a complete image.
 */
public final class CalibrationImages implements Iterable<CalibrationInput> {
    private final List<Path> files;
    private final ImagePreparation preparation;
    private final int height;
    private final int width;

    private CalibrationImages(List<Path> files, ImagePreparation preparation, int h, int w) {
        this.files = List.copyOf(files);
        this.preparation = preparation;
        this.height = h;
        this.width = w;
    }

    /**
     * Calibration images for a model.
     *
     * @param model the float model: its metadata's {@code mean} and {@code std} (ImageNet's when
     *     absent) and its input's height and width (each image's own size when symbolic)
     * @param files the image files
     * @return the inputs, in the order of the files
     * @throws IllegalArgumentException when the metadata's mean or std is not three numbers
     */
    public static CalibrationImages of(ModelProto model, List<Path> files) {
        String mean = metadata(model, "mean");
        String std = metadata(model, "std");
        ImagePreparation p =
                mean == null || std == null
                        ? ImagePreparation.IMAGENET
                        : ImagePreparation.of(numbers("mean", mean), numbers("std", std));
        int h = 0;
        int w = 0;
        ValueInfoProto input = model.getGraph().getInput(0);
        TensorShapeProto shape = input.getType().getTensorType().getShape();
        if (shape.getDimCount() == 4) {
            h = (int) shape.getDim(2).getDimValue();
            w = (int) shape.getDim(3).getDimValue();
        }
        return new CalibrationImages(files, p, h, w);
    }

    /**
     * The image files.
     *
     * @return an immutable list
     */
    public List<Path> files() {
        return files;
    }

    /**
     * The normalisation applied.
     *
     * @return the preparation from the model's metadata
     */
    public ImagePreparation preparation() {
        return preparation;
    }

    @Override
    public Iterator<CalibrationInput> iterator() {
        Iterator<Path> it = files.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public CalibrationInput next() {
                if (!it.hasNext()) {
                    throw new NoSuchElementException();
                }
                return prepare(it.next());
            }
        };
    }

    private CalibrationInput prepare(Path file) {
        BufferedImage image;
        try {
            image = ImageDecoding.read(file);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new UncheckedIOException(
                    new UnreadableImageException(
                            file.toString(), reason.lines().findFirst().orElse(reason), e));
        }
        image = ImageScaling.bounded(image, Protocol.SINGLE_SCALE);
        if (height > 0 && width > 0) {
            image = scaled(image, width, height);
        }
        float[] chw = preparation.toChw(image);
        return new CalibrationInput(chw, new long[] {1, 3, image.getHeight(), image.getWidth()});
    }

    private static BufferedImage scaled(BufferedImage src, int w, int h) {
        if (src.getWidth() == w && src.getHeight() == h) {
            return src;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(ImagePreparation.toBgr(src), 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static @Nullable String metadata(ModelProto m, String key) {
        for (StringStringEntryProto e : m.getMetadataPropsList()) {
            if (e.getKey().equals(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Three numbers written as a JSON array or separated by commas or spaces. */
    static float[] numbers(String key, String text) {
        String[] parts = text.replaceAll("[\\[\\]]", " ").trim().split("[,\\s]+");
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "metadata " + key + " must be three numbers (R, G, B), got \"" + text + "\"");
        }
        float[] out = new float[3];
        for (int i = 0; i < 3; i++) {
            try {
                out[i] = Float.parseFloat(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "metadata "
                                + key
                                + " must be three numbers (R, G, B), got \""
                                + text
                                + "\"",
                        e);
            }
        }
        return out;
    }
}
