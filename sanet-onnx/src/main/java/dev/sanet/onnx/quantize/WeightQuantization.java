package dev.sanet.onnx.quantize;

/**
 * Symmetric int8 weights and int32 biases: the arithmetic of the weight side of a QDQ graph.
 *
 * <p>A weight channel {@code w} becomes {@code q = clamp(round(w / s), -127, 127)} with {@code s =
 * max|w| / 127}, zero point 0; -128 is left unused so that the range is symmetric, which ONNX
 * Runtime's integer convolution expects of per-channel weights. A bias {@code b} of output channel
 * {@code m} becomes the int32 {@code round(b / (x_scale * s_m))}: the scale of the accumulator, so
 * that the integer kernel adds it before requantising. Rounding is half to even, as ONNX's {@code
 * QuantizeLinear} rounds.
 */
public final class WeightQuantization {
    private WeightQuantization() {}

    /** Quantised weights: int8 values and one scale per channel (or one for the tensor). */
    public record Quantized(byte[] values, float[] scales) {
        /**
         * Keeps the arrays as given (package code hands over fresh arrays).
         *
         * @param values the int8 values, same layout as the float weights
         * @param scales the scales: one per channel along the quantised axis, or one
         */
        public Quantized {}
    }

    /**
     * Per-channel symmetric quantisation along axis 0 (a convolution's output channels).
     *
     * @param weights row-major float weights
     * @param channels the size of axis 0; {@code weights.length} is a multiple of it
     * @return the int8 values and {@code channels} scales, each {@code max|w| / 127} of its channel
     *     (1 for an all-zero channel)
     * @throws IllegalArgumentException when the length is not a multiple of {@code channels}
     */
    public static Quantized perChannel(float[] weights, int channels) {
        if (channels <= 0 || weights.length % channels != 0) {
            throw new IllegalArgumentException(
                    weights.length + " weights do not split into " + channels + " channels");
        }
        int per = weights.length / channels;
        byte[] q = new byte[weights.length];
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = quantizeRange(weights, c * per, per, q);
        }
        return new Quantized(q, scales);
    }

    /**
     * Per-tensor symmetric quantisation (matrix-multiply weights).
     *
     * @param weights row-major float weights
     * @return the int8 values and one scale, {@code max|w| / 127}
     */
    public static Quantized perTensor(float[] weights) {
        byte[] q = new byte[weights.length];
        float scale = quantizeRange(weights, 0, weights.length, q);
        return new Quantized(q, new float[] {scale});
    }

    /**
     * An int32 bias at the accumulator's scale.
     *
     * @param bias the float bias, one per output channel
     * @param inputScale the scale of the layer's quantised input
     * @param weightScales the weight scales: one per output channel, or one for all
     * @return {@code round(b[m] / (inputScale * weightScales[m]))}, clamped to int32
     */
    public static int[] bias(float[] bias, float inputScale, float[] weightScales) {
        int[] out = new int[bias.length];
        for (int m = 0; m < bias.length; m++) {
            double scale = (double) inputScale * weightScales[weightScales.length == 1 ? 0 : m];
            double v = Math.rint(bias[m] / scale);
            out[m] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        }
        return out;
    }

    /**
     * The accumulator scales of a bias: {@code inputScale * weightScales[m]}.
     *
     * @param inputScale the scale of the layer's quantised input
     * @param weightScales the weight scales
     * @return one scale per weight scale
     */
    public static float[] biasScales(float inputScale, float[] weightScales) {
        float[] out = new float[weightScales.length];
        for (int m = 0; m < out.length; m++) {
            out[m] = inputScale * weightScales[m];
        }
        return out;
    }

    private static float quantizeRange(float[] w, int from, int length, byte[] out) {
        float max = 0;
        for (int i = from; i < from + length; i++) {
            max = Math.max(max, Math.abs(w[i]));
        }
        // An all-zero channel still needs a positive scale; its values stay 0.
        float scale = max > 0 ? max / 127f : 1f;
        for (int i = from; i < from + length; i++) {
            double v = Math.rint(w[i] / scale);
            out[i] = (byte) Math.max(-127, Math.min(127, v));
        }
        return scale;
    }
}
