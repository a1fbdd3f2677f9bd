package dev.sanet.onnx.quantize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WeightQuantizationTest {

    @Test
    void perChannelScalesAreMaxAbsOver127OfEachOutputChannel() {
        float[] w = {0.5f, -1.27f, 0.1f, 0.2f, 0.02f, -0.04f, 0f, 0f, 0f};
        WeightQuantization.Quantized q = WeightQuantization.perChannel(w, 3);
        assertArrayEquals(new float[] {1.27f / 127, 0.2f / 127, 1f}, q.scales(), 1e-9f);
        // 0.5 / 0.01 = 50, -1.27 -> -127, 0.1 -> 10; channel 1 uses the full range too.
        assertArrayEquals(new byte[] {50, -127, 10, 127, 13, -25, 0, 0, 0}, q.values());
    }

    @Test
    void perTensorUsesOneScaleAndNeverMinus128() {
        WeightQuantization.Quantized q = WeightQuantization.perTensor(new float[] {-2f, 1f});
        assertArrayEquals(new float[] {2f / 127}, q.scales(), 1e-9f);
        assertArrayEquals(new byte[] {-127, 64}, q.values());
    }

    @Test
    void biasIsAtTheAccumulatorScale() {
        int[] b = WeightQuantization.bias(new float[] {1f, -0.5f}, 0.1f, new float[] {0.01f, 0.5f});
        assertArrayEquals(new int[] {1000, -10}, b);
        assertArrayEquals(
                new float[] {0.001f, 0.05f},
                WeightQuantization.biasScales(0.1f, new float[] {0.01f, 0.5f}),
                1e-9f);
    }

    @Test
    void channelsMustDivideTheWeights() {
        assertThrows(
                IllegalArgumentException.class,
                () -> WeightQuantization.perChannel(new float[5], 2));
    }

    @Test
    void activationRangesIncludeZeroAndReluRangesGetZeroPointZero() {
        ActivationParams relu = ActivationParams.ofRange(0f, 5.1f);
        assertEquals(0, relu.zeroPoint());
        assertEquals(0.02f, relu.scale(), 1e-7f);
        ActivationParams mixed = ActivationParams.ofRange(-1f, 3f);
        assertEquals(64, mixed.zeroPoint());
        ActivationParams positive = ActivationParams.ofRange(2f, 2.55f);
        assertEquals(0, positive.zeroPoint());
        assertEquals(0.01f, positive.scale(), 1e-7f);
        assertEquals(new ActivationParams(1f, 0), ActivationParams.ofRange(0f, 0f));
        assertThrows(IllegalArgumentException.class, () -> ActivationParams.ofRange(Float.NaN, 1f));
    }
}
