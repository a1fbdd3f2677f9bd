package dev.sanet.onnx.quantize;

import java.util.Arrays;

/**
 * One calibration input of a graph with a single float input: its values and shape.
 *
 * @param values row-major float32 values
 * @param shape the shape, e.g. {@code (1, 3, H, W)}
 */
public record CalibrationInput(float[] values, long[] shape) {

    /**
     * Checks that the shape holds the values.
     *
     * @param values the values
     * @param shape the shape
     * @throws IllegalArgumentException when the product of the shape is not the number of values
     */
    public CalibrationInput {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException(
                    "shape "
                            + Arrays.toString(shape)
                            + " holds "
                            + n
                            + " values, got "
                            + values.length);
        }
        shape = shape.clone();
    }

    /**
     * The shape.
     *
     * @return a copy
     */
    @Override
    public long[] shape() {
        return shape.clone();
    }
}
