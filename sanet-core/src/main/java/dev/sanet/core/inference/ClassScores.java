package dev.sanet.core.inference;

import ai.djl.ndarray.types.Shape;
import dev.sanet.core.io.Npy;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The summed class scores of one image (the logits of the protocol's passes; their argmax over
 * classes is the mask), at the size the image was segmented at: its own size, or the bounded size
 * when its long side exceeds {@link Protocol#maxSide()}.
 *
 * @param classes K
 * @param height rows
 * @param width columns
 * @param values {@code K * height * width} floats, layout {@code (K, H, W)}
 */
public record ClassScores(int classes, int height, int width, float[] values) {

    /**
     * Checks the layout.
     *
     * @param classes K
     * @param height rows
     * @param width columns
     * @param values {@code K * height * width} floats, layout {@code (K, H, W)}
     * @throws IllegalArgumentException when {@code values} does not hold K x H x W floats
     */
    public ClassScores {
        if ((long) classes * height * width != values.length) {
            throw new IllegalArgumentException(
                    "expected "
                            + classes
                            + " x "
                            + height
                            + " x "
                            + width
                            + " scores, got "
                            + values.length);
        }
    }

    /**
     * Writes the scores as a NumPy {@code .npy} file, float32, shape {@code (K, H, W)}.
     *
     * @param file the file
     * @throws IOException when it cannot be written
     */
    public void writeNpy(Path file) throws IOException {
        Npy.writeFloat32(file, new Shape(classes, height, width), values);
    }
}
