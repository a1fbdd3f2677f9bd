package dev.sanet.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.sanet.core.Complexity;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks X_out = X_attn * X_res + X_attn against a plain-Java reference of the whole module on a
 * hand-made input: grouped 1x1 convolutions, inference batch norm, ceil-mode pooling whose border
 * cells are plain means (or maxima), sigmoid, bilinear resize with aligned corners.
 */
class SqueezeAttentionTest {
    private static final int C = 8;
    private static final int K = 3;
    private static final int GROUPS = 2;
    private static final int MID = C / 4;
    private static final float EPS = 1e-5f;

    @ParameterizedTest
    @CsvSource({"AVG, 9, 13", "MAX, 9, 13", "AVG, 5, 6", "AVG, 16, 8", "MAX, 17, 3"})
    void matchesTheFormulaOnAHandMadeInput(Pooling pooling, int h, int w) {
        Random rnd = new Random(7);
        float[][][] x = new float[C][h][w];
        for (int c = 0; c < C; c++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    // Smooth ramps plus a per-cell wobble, so that means, maxima and corners
                    // differ.
                    x[c][i][j] =
                            0.1f * (c - 3)
                                    + 0.03f * i
                                    - 0.02f * j
                                    + 0.05f * (float) Math.sin(3 * i + j + c);
                }
            }
        }
        Channel main = Channel.random(rnd);
        Channel attn = Channel.random(rnd);

        try (NDManager nd = NDManager.newBaseManager()) {
            SqueezeAttention sa =
                    SqueezeAttention.builder()
                            .inChannels(C)
                            .outChannels(K)
                            .pooling(pooling)
                            .build();
            sa.initialize(nd, DataType.FLOAT32, new Shape(1, C, h, w));
            main.copyInto(sa, "01main");
            attn.copyInto(sa, "02attention");
            NDArray input = nd.create(flatten(x), new Shape(1, C, h, w));
            NDArray out =
                    sa.forward(new ParameterStore(nd, false), new NDList(input), false)
                            .singletonOrThrow();
            assertEquals(new Shape(1, K, h, w), out.getShape());

            float[][][] res = main.apply(x);
            float[][][] pooled = pool(x, pooling, 8);
            float[][][] a = attn.apply(pooled);
            float[] expected = new float[K * h * w];
            for (int k = 0; k < K; k++) {
                // The block applies the sigmoid on the pooled map, then resizes it.
                float[][] gate = bilinear(sigmoidMap(a[k]), h, w);
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        float g = gate[i][j];
                        expected[(k * h + i) * w + j] = g * res[k][i][j] + g;
                    }
                }
            }
            assertArrayEquals(expected, out.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void smallMapIsPooledWhole() {
        // 5x6 is shorter than the ratio 8 on both sides: one cell, the global mean.
        float[][][] x = new float[1][5][6];
        float sum = 0;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 6; j++) {
                x[0][i][j] = i * 6 + j;
                sum += i * 6 + j;
            }
        }
        assertEquals(sum / 30, pool(x, Pooling.AVG, 8)[0][0][0], 1e-6);
        assertEquals(1, SqueezeAttention.pooledSide(5, 8));
        assertEquals(2, SqueezeAttention.pooledSide(9, 8));
        assertEquals(8, SqueezeAttention.pooledSide(60, 8));
    }

    @Test
    void attentionPoolingBackpropagatesPlainMeans() {
        // In training MXNet/MKL-DNN runs the ceil-mode average pool in "forward_scoring" mode;
        // check that its gradient still gives each cell 1 / (cells in its window).
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.randomNormal(new Shape(2, 8, 9, 13));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray pooled =
                        Pool.avgPool2d(
                                x, new Shape(8, 8), new Shape(8, 8), new Shape(0, 0), true, false);
                assertEquals(new Shape(2, 8, 2, 2), pooled.getShape());
                gc.backward(pooled.sum());
            }
            NDArray g = x.getGradient();
            assertEquals(1 / 64f, g.getFloat(0, 0, 0, 0), 1e-7f); // full 8x8 window
            assertEquals(1 / 40f, g.getFloat(1, 3, 0, 12), 1e-7f); // 8x5 window
            assertEquals(1 / 8f, g.getFloat(0, 7, 8, 0), 1e-7f); // 1x8 window
            assertEquals(1 / 5f, g.getFloat(1, 7, 8, 12), 1e-7f); // 1x5 corner window
        }
    }

    @Test
    void parameterCountAndMacsMatchHandComputedValues() {
        try (NDManager nd = NDManager.newBaseManager()) {
            SqueezeAttention sa = SqueezeAttention.builder().inChannels(32).outChannels(5).build();
            sa.initialize(nd, DataType.FLOAT32, new Shape(1, 32, 16, 16));
            // Per channel: grouped 1x1 conv 32 -> 8 (2 groups): 8 * 16 = 128; BN gamma+beta 16;
            // 1x1 conv 8 -> 5 with bias: 40 + 5. Two channels.
            assertEquals(2 * (128 + 16 + 45), Complexity.countParameters(sa));
            // Main at 16x16: 256 * (128 + 40); attention at 2x2: 4 * (128 + 40).
            assertEquals(256 * 168 + 4 * 168, Complexity.countMacs(sa));

            SqueezeAttention sa3 =
                    SqueezeAttention.builder().inChannels(32).outChannels(5).kernel(3).build();
            sa3.initialize(nd, DataType.FLOAT32, new Shape(1, 32, 16, 16));
            assertEquals(2 * (128 * 9 + 16 + 45), Complexity.countParameters(sa3));
        }
    }

    @Test
    void kernelThreeKeepsTheSize() {
        try (NDManager nd = NDManager.newBaseManager()) {
            SqueezeAttention sa =
                    SqueezeAttention.builder().inChannels(16).outChannels(4).kernel(3).build();
            sa.initialize(nd, DataType.FLOAT32, new Shape(2, 16, 11, 7));
            NDArray out =
                    sa.forward(
                                    new ParameterStore(nd, false),
                                    new NDList(nd.randomNormal(new Shape(2, 16, 11, 7))),
                                    false)
                            .singletonOrThrow();
            assertEquals(new Shape(2, 4, 11, 7), out.getShape());
        }
    }

    @Test
    void builderRejectsChannelsTheGroupsCannotSplit() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> SqueezeAttention.builder().inChannels(12).outChannels(2).build());
        assertEquals(
                "inChannels must be a positive multiple of reduction (4) whose quotient is a"
                        + " multiple of groups (2), got 12",
                e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> SqueezeAttention.builder().inChannels(16).outChannels(2).kernel(5).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> SqueezeAttention.builder().inChannels(16).outChannels(0).build());
    }

    /** One channel's weights: grouped 1x1 conv, BN (inference), ReLU, 1x1 conv with bias. */
    private record Channel(
            float[] w1,
            float[] gamma,
            float[] beta,
            float[] mean,
            float[] var,
            float[] w2,
            float[] b2) {
        static Channel random(Random r) {
            return new Channel(
                    rand(r, MID * (C / GROUPS), 0.5f),
                    rand(r, MID, 0.5f, 1f),
                    rand(r, MID, 0.2f),
                    rand(r, MID, 0.1f),
                    rand(r, MID, 0.5f, 1.5f),
                    rand(r, K * MID, 0.5f),
                    rand(r, K, 0.1f));
        }

        void copyInto(SqueezeAttention sa, String prefix) {
            var p = sa.getParameters();
            set(p.get(prefix + "_01SafeConv2d_weight"), w1);
            set(p.get(prefix + "_02BatchNorm2d_gamma"), gamma);
            set(p.get(prefix + "_02BatchNorm2d_beta"), beta);
            set(p.get(prefix + "_02BatchNorm2d_runningMean"), mean);
            set(p.get(prefix + "_02BatchNorm2d_runningVar"), var);
            set(p.get(prefix + "_04SafeConv2d_weight"), w2);
            set(p.get(prefix + "_04SafeConv2d_bias"), b2);
        }

        float[][][] apply(float[][][] x) {
            int h = x[0].length;
            int w = x[0][0].length;
            int inPerGroup = C / GROUPS;
            int outPerGroup = MID / GROUPS;
            float[][][] mid = new float[MID][h][w];
            for (int m = 0; m < MID; m++) {
                int g = m / outPerGroup;
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        float s = 0;
                        for (int c = 0; c < inPerGroup; c++) {
                            s += w1[m * inPerGroup + c] * x[g * inPerGroup + c][i][j];
                        }
                        s = gamma[m] * (s - mean[m]) / (float) Math.sqrt(var[m] + EPS) + beta[m];
                        mid[m][i][j] = Math.max(0, s);
                    }
                }
            }
            float[][][] out = new float[K][h][w];
            for (int k = 0; k < K; k++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        float s = b2[k];
                        for (int m = 0; m < MID; m++) {
                            s += w2[k * MID + m] * mid[m][i][j];
                        }
                        out[k][i][j] = s;
                    }
                }
            }
            return out;
        }
    }

    private static void set(Parameter p, float[] values) {
        p.getArray().set(values);
    }

    private static float[] rand(Random r, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian() * scale;
        }
        return a;
    }

    private static float[] rand(Random r, int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + r.nextFloat() * (hi - lo);
        }
        return a;
    }

    /** Ceil-mode pooling, kernel = stride = ratio; border windows cover only cells inside. */
    static float[][][] pool(float[][][] x, Pooling pooling, int ratio) {
        int h = x[0].length;
        int w = x[0][0].length;
        int ph = (h + ratio - 1) / ratio;
        int pw = (w + ratio - 1) / ratio;
        float[][][] out = new float[x.length][ph][pw];
        for (int c = 0; c < x.length; c++) {
            for (int pi = 0; pi < ph; pi++) {
                for (int pj = 0; pj < pw; pj++) {
                    float acc = pooling == Pooling.AVG ? 0 : Float.NEGATIVE_INFINITY;
                    int n = 0;
                    for (int i = pi * ratio; i < Math.min(h, (pi + 1) * ratio); i++) {
                        for (int j = pj * ratio; j < Math.min(w, (pj + 1) * ratio); j++) {
                            acc =
                                    pooling == Pooling.AVG
                                            ? acc + x[c][i][j]
                                            : Math.max(acc, x[c][i][j]);
                            n++;
                        }
                    }
                    out[c][pi][pj] = pooling == Pooling.AVG ? acc / n : acc;
                }
            }
        }
        return out;
    }

    private static float[][] sigmoidMap(float[][] a) {
        float[][] s = new float[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                s[i][j] = sigmoid(a[i][j]);
            }
        }
        return s;
    }

    private static float sigmoid(float v) {
        return (float) (1 / (1 + Math.exp(-v)));
    }

    /** Bilinear resize with aligned corners: output i samples input (in - 1) / (out - 1) * i. */
    static float[][] bilinear(float[][] a, int h, int w) {
        float[][] out = new float[h][w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                out[i][j] = bilinearAt(a, h, w, i, j);
            }
        }
        return out;
    }

    private static float bilinearAt(float[][] a, int h, int w, int i, int j) {
        int ih = a.length;
        int iw = a[0].length;
        double y = h > 1 ? (double) (ih - 1) / (h - 1) * i : 0;
        double x = w > 1 ? (double) (iw - 1) / (w - 1) * j : 0;
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        int y1 = Math.min(y0 + 1, ih - 1);
        int x1 = Math.min(x0 + 1, iw - 1);
        double fy = y - y0;
        double fx = x - x0;
        double top = a[y0][x0] * (1 - fx) + a[y0][x1] * fx;
        double bottom = a[y1][x0] * (1 - fx) + a[y1][x1] * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }

    private static float[] flatten(float[][][] x) {
        int h = x[0].length;
        int w = x[0][0].length;
        float[] f = new float[x.length * h * w];
        for (int c = 0; c < x.length; c++) {
            for (int i = 0; i < h; i++) {
                System.arraycopy(x[c][i], 0, f, (c * h + i) * w, w);
            }
        }
        return f;
    }
}
