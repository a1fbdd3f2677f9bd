package dev.sanet.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.sanet.core.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The align-corners resize on both engines, against hand-computed values. */
class ResizeTest {

    private static NDManager manager(String engine) {
        return NDManager.newBaseManager(Device.cpu(), engine);
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void alignsCorners(String engine) {
        try (NDManager nd = manager(engine)) {
            NDArray x = nd.create(new float[] {0, 1, 0, 1}, new Shape(1, 1, 2, 2));
            NDArray y = Resize.bilinear(x, 4, 4);
            assertEquals(new Shape(1, 1, 4, 4), y.getShape());
            float[] row0 = new float[4];
            System.arraycopy(y.toFloatArray(), 0, row0, 0, 4);
            assertArrayEquals(new float[] {0, 1 / 3f, 2 / 3f, 1}, row0, 1e-6f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void forwardAndGradientMatchHandComputedValues(String engine) {
        // x = [[0, 1], [2, 3]] to 3x3: R = [[1, 0], [.5, .5], [0, 1]] per axis, Y = R x R^T.
        // With loss sum(Y * W), W = [[1, 2, 3], [4, 5, 6], [7, 8, 9]], dL/dx = R^T W R.
        try (NDManager nd = manager(engine)) {
            NDArray x = nd.create(new float[] {0, 1, 2, 3}, new Shape(1, 1, 2, 2));
            x.setRequiresGradient(true);
            NDArray w = nd.arange(1f, 10f).reshape(1, 1, 3, 3);
            try (GradientCollector gc = Engine.getEngine(engine).newGradientCollector()) {
                NDArray y = Resize.bilinear(x, 3, 3);
                assertArrayEquals(
                        new float[] {0, .5f, 1, 1, 1.5f, 2, 2, 2.5f, 3}, y.toFloatArray(), 1e-6f);
                gc.backward(y.mul(w).sum());
            }
            assertArrayEquals(
                    new float[] {5.25f, 8.25f, 14.25f, 17.25f},
                    x.getGradient().toFloatArray(),
                    1e-5f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void resizesToExactOddSizesAndDownsamples(String engine) {
        try (NDManager nd = manager(engine)) {
            NDArray x = nd.randomNormal(new Shape(2, 3, 17, 25));
            assertEquals(new Shape(2, 3, 65, 97), Resize.bilinear(x, 65, 97).getShape());
            NDArray down = Resize.bilinear(x, 9, 13);
            assertEquals(new Shape(2, 3, 9, 13), down.getShape());
            // Aligned corners: the corner values survive any resize.
            assertEquals(x.getFloat(1, 2, 16, 24), down.getFloat(1, 2, 8, 12), 1e-5f);
            assertSame(x, Resize.bilinear(x, 17, 25));
            assertEquals(new Shape(2, 3, 1, 1), Resize.bilinear(x, 1, 1).getShape());
            assertEquals(x.getFloat(0, 1, 0, 0), Resize.bilinear(x, 1, 1).getFloat(0, 1, 0, 0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void isDifferentiable(String engine) {
        try (NDManager nd = manager(engine)) {
            NDArray x = nd.ones(new Shape(1, 1, 5, 5));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getEngine(engine).newGradientCollector()) {
                gc.backward(Resize.bilinear(x, 9, 9).sum());
            }
            // Each output pixel's weights sum to 1, so the gradient mass is the 81 output pixels.
            assertEquals(81f, x.getGradient().sum().getFloat(), 1e-3f);
        }
    }

    @Test
    void matrixPathEqualsMxnetsOperator() {
        try (NDManager nd = manager(Engines.MXNET)) {
            NDArray x = nd.randomNormal(new Shape(2, 3, 13, 7));
            for (int[] size : new int[][] {{60, 31}, {5, 4}, {13, 20}, {1, 9}}) {
                NDArray a = Resize.bilinear(x, size[0], size[1]);
                NDArray b = Resize.byMatrices(x, size[0], size[1]);
                assertEquals(a.getShape(), b.getShape());
                assertEquals(0f, a.sub(b).abs().max().getFloat(), 1e-5f);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void rejectsNonImageArrays(String engine) {
        try (NDManager nd = manager(engine)) {
            NDArray x = nd.ones(new Shape(3, 4));
            assertThrows(IllegalArgumentException.class, () -> Resize.bilinear(x, 2, 2));
            NDArray y = nd.ones(new Shape(1, 1, 3, 4));
            assertThrows(IllegalArgumentException.class, () -> Resize.bilinear(y, 0, 2));
        }
    }
}
