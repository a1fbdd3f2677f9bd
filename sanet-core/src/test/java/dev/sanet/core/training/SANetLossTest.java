package dev.sanet.core.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.sanet.core.SANet;
import dev.sanet.core.nn.ScalarsTest;
import dev.sanet.core.settings.SettingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SANetLossTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Logits (1, 2, 1, 3): pixel j has scores (a_j, b_j). */
    private NDArray logits(float[] a, float[] b) {
        float[] v = new float[6];
        System.arraycopy(a, 0, v, 0, 3);
        System.arraycopy(b, 0, v, 3, 3);
        return manager.create(v, new Shape(1, 2, 1, 3));
    }

    private static double ce(double own, double other) {
        // -log softmax(own) for two classes
        return Math.log(Math.exp(own) + Math.exp(other)) - own;
    }

    @Test
    void crossEntropyAveragesOverLabelledPixelsOnly() {
        NDArray x = logits(new float[] {2f, 0f, 1f}, new float[] {0f, 1f, -1f});
        NDArray y = manager.create(new int[] {0, 1, 255}, new Shape(1, 1, 3));
        float got = PixelCrossEntropyLoss.crossEntropy(x, y).getFloat();
        double expected = (ce(2, 0) + ce(1, 0)) / 2; // the 255 pixel is excluded
        assertEquals(expected, got, 1e-5);
    }

    @Test
    void allIgnoredBatchGivesZeroNotNaN() {
        NDArray x = logits(new float[] {2f, 0f, 1f}, new float[] {0f, 1f, -1f});
        NDArray y = manager.create(new int[] {255, 255, 255}, new Shape(1, 1, 3));
        float got = PixelCrossEntropyLoss.crossEntropy(x, y).getFloat();
        assertEquals(0f, got, 0f);
        assertFalse(Float.isNaN(got));
    }

    @Test
    void presenceCountsOnlyLabelledClasses() {
        NDArray y = manager.create(new int[] {0, 0, 255, 2, 2, 2}, new Shape(2, 1, 3));
        float[] p = PresenceLoss.presence(y, 3).toFloatArray();
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1}, p);
    }

    @Test
    void totalIsMaskPlusAlphaCatPlusBetaDense() {
        NDArray mask = logits(new float[] {2f, 0f, 1f}, new float[] {0f, 1f, -1f});
        NDArray dense = logits(new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});
        NDArray cat = manager.create(new float[] {0.5f, -1f}, new Shape(1, 2));
        NDArray y = manager.create(new int[] {0, 1, 255}, new Shape(1, 1, 3));
        SANetLoss loss = SANetLoss.builder().build();
        SANetLoss.Terms t = loss.terms(new NDList(y), new NDList(mask, dense, cat));

        double lMask = (ce(2, 0) + ce(1, 0)) / 2;
        double lDense = (ce(0, 1) + ce(1, 0)) / 2;
        // both classes present: BCE(0.5, 1) and BCE(-1, 1), averaged
        double lCat = (Math.log1p(Math.exp(-0.5)) + Math.log1p(Math.exp(1))) / 2;
        assertEquals(lMask, t.parts().get(SANetLoss.MASK).getFloat(), 1e-5);
        assertEquals(lCat, t.parts().get(SANetLoss.CAT).getFloat(), 1e-5);
        assertEquals(lDense, t.parts().get(SANetLoss.DENSE).getFloat(), 1e-5);
        assertEquals(lMask + 0.2 * lCat + 0.8 * lDense, t.total().getFloat(), 1e-5);
        assertEquals(
                t.total().getFloat(),
                loss.evaluate(new NDList(y), new NDList(mask, dense, cat)).getFloat(),
                1e-6);
    }

    /**
     * The weighted total's gradient does not depend on when the garbage collector runs: with DJL's
     * {@code mul(Number)} the weights' memory was freed under autograd on PyTorch, and a collection
     * between forward and backward gave a different gradient.
     */
    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void gradientOfTheTotalSurvivesAGarbageCollection(String engine) {
        try (NDManager m = NDManager.newBaseManager(engine)) {
            SANetLoss loss = SANetLoss.builder().build();
            float[][] grads = new float[2][];
            for (int run = 0; run < 2; run++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray mask =
                            s.create(new float[] {2f, 0f, 1f, 0f, 1f, -1f}, new Shape(1, 2, 1, 3));
                    NDArray dense =
                            s.create(new float[] {0f, 0f, 0f, 1f, 1f, 1f}, new Shape(1, 2, 1, 3));
                    NDArray cat = s.create(new float[] {0.5f, -1f}, new Shape(1, 2));
                    NDArray y = s.create(new int[] {0, 1, 255}, new Shape(1, 1, 3));
                    for (NDArray a : new NDArray[] {mask, dense, cat}) {
                        a.setRequiresGradient(true);
                    }
                    try (GradientCollector gc = Engine.getEngine(engine).newGradientCollector()) {
                        NDArray total =
                                loss.terms(new NDList(y), new NDList(mask, dense, cat)).total();
                        if (run == 1) {
                            ScalarsTest.collectGarbageAndReuseMemory();
                        }
                        gc.backward(total);
                    }
                    grads[run] =
                            NDArrays.concat(
                                            new NDList(
                                                    mask.getGradient().flatten(),
                                                    dense.getGradient().flatten(),
                                                    cat.getGradient().flatten()))
                                    .toFloatArray();
                }
            }
            assertArrayEquals(grads[0], grads[1], 0f);
            // The dense term's gradient carries beta: (softmax - one-hot) / 2 pixels, times 0.8;
            // pixel 0 scores (0, 1) with label 0.
            double p1 = Math.exp(1) / (1 + Math.exp(1));
            assertEquals(-0.8 * p1 / 2, grads[0][6], 1e-5);
        }
    }

    @Test
    void termsCanBeSwitchedOff() {
        NDArray mask = logits(new float[] {2f, 0f, 1f}, new float[] {0f, 1f, -1f});
        NDArray dense = logits(new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});
        NDArray cat = manager.create(new float[] {0.5f, -1f}, new Shape(1, 2));
        NDArray y = manager.create(new int[] {0, 1, 255}, new Shape(1, 1, 3));
        SANetLoss maskOnly = SANetLoss.builder().categorical(false).dense(false).build();
        SANetLoss.Terms t = maskOnly.terms(new NDList(y), new NDList(mask, dense, cat));
        assertEquals(1, t.parts().size());
        assertEquals((ce(2, 0) + ce(1, 0)) / 2, t.total().getFloat(), 1e-5);
        assertEquals(1, maskOnly.getComponents().size());
    }

    @Test
    void singleOutputNetworksTrainOnTheDenseTerm() {
        NDArray dense = logits(new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});
        NDArray y = manager.create(new int[] {0, 1, 255}, new Shape(1, 1, 3));
        SANetLoss.Terms t = SANetLoss.builder().build().terms(new NDList(y), new NDList(dense));
        assertEquals((ce(0, 1) + ce(1, 0)) / 2, t.total().getFloat(), 1e-5);
        assertTrue(t.parts().containsKey(SANetLoss.DENSE));
    }

    @Test
    void builderRejectsEveryTermOffNamingTheSetting() {
        SettingException e =
                assertThrows(
                        SettingException.class,
                        () ->
                                SANetLoss.builder()
                                        .mask(false)
                                        .categorical(false)
                                        .dense(false)
                                        .build());
        assertEquals("mask", e.setting());
    }

    @Test
    void alphaAndBetaAreReadFromTheDefinition() {
        SANet def = SANet.builder().alpha(0.3).beta(0.6).build();
        SANetLoss loss = SANetLoss.builder(def).categorical(false).build();
        assertSame(def, loss.definition());
        assertEquals(0.3, loss.alpha());
        assertEquals(0.6, loss.beta());
        assertEquals(SANet.DEFAULT_ALPHA, SANetLoss.builder().build().alpha());
    }
}
