package dev.sanet.onnx.quantize;

/**
 * The uint8 quantisation of one activation tensor: {@code q = clamp(round(x / scale) + zeroPoint,
 * 0, 255)}.
 *
 * <p>The range is widened to include 0 so that 0 (padding, the output of ReLU) is exact. A range
 * that starts at 0 gets zero point 0, so the quantiser's clamp is a ReLU: that is why a ReLU after
 * a quantised layer can be dropped, and why activations are uint8 here (see {@link Int8Quantizer}).
 *
 * @param scale the step, positive
 * @param zeroPoint the integer that stands for 0, in 0..255
 */
public record ActivationParams(float scale, int zeroPoint) {

    /**
     * Checks the values.
     *
     * @param scale the step
     * @param zeroPoint the zero point
     * @throws IllegalArgumentException when the scale is not positive and finite or the zero point
     *     is outside 0..255
     */
    public ActivationParams {
        if (!(scale > 0) || !Float.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
        }
        if (zeroPoint < 0 || zeroPoint > 255) {
            throw new IllegalArgumentException("zero point must be in 0..255, got " + zeroPoint);
        }
    }

    /**
     * The asymmetric uint8 parameters of an observed range.
     *
     * @param min the smallest value seen
     * @param max the largest value seen
     * @return scale {@code (max' - min') / 255} and the zero point of 0, where {@code [min', max']}
     *     is the range widened to include 0 (scale 1 when both are 0)
     * @throws IllegalArgumentException when a bound is not finite
     */
    public static ActivationParams ofRange(float min, float max) {
        if (!Float.isFinite(min) || !Float.isFinite(max)) {
            throw new IllegalArgumentException(
                    "activation range must be finite, got [" + min + ", " + max + "]");
        }
        double lo = Math.min(0, min);
        double hi = Math.max(0, max);
        if (hi - lo <= 0) {
            return new ActivationParams(1f, 0);
        }
        float scale = (float) ((hi - lo) / 255);
        int zeroPoint = (int) Math.max(0, Math.min(255, Math.rint(-lo / scale)));
        return new ActivationParams(scale, zeroPoint);
    }
}
