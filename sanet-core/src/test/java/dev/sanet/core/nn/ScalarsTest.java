package dev.sanet.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Scalars}: the same values as the plain call, and gradients that survive a garbage
 * collection between the forward and the backward pass (DJL's {@code mul(Number)} on PyTorch does
 * not: its scalar's memory is freed under autograd).
 */
public class ScalarsTest {

    /**
     * Runs the garbage collector (so that unreachable direct buffers are freed) and then fills
     * freshly allocated native memory with other values, so that a gradient reading freed memory
     * reads something else.
     */
    public static void collectGarbageAndReuseMemory() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(20); // the Cleaner thread frees the buffers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        List<ByteBuffer> junk = new ArrayList<>();
        for (int k = 0; k < 2000; k++) {
            ByteBuffer b = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
            b.putFloat(0, 1000f + k).putFloat(4, -1e30f);
            junk.add(b);
        }
        junk.clear();
    }

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void valuesAreThoseOfThePlainCall(String engine) {
        try (NDManager m = NDManager.newBaseManager(engine)) {
            NDArray x = m.create(new float[] {1.5f, -2f, 0.3f, 7f}, new Shape(2, 2));
            assertArrayEquals(x.mul(0.2f).toFloatArray(), Scalars.mul(x, 0.2f).toFloatArray(), 0f);
            assertArrayEquals(x.div(0.8f).toFloatArray(), Scalars.div(x, 0.8f).toFloatArray(), 0f);
            NDArray c = Scalars.constant(x, 3f);
            assertEquals(new Shape(), c.getShape());
            assertEquals(x.getDataType(), c.getDataType());
            assertEquals(3f, c.getFloat(), 0f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void gradientsSurviveAGarbageCollectionBeforeBackward(String engine) {
        try (NDManager m = NDManager.newBaseManager(engine)) {
            for (int trial = 0; trial < 5; trial++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray x = s.create(new float[] {1f, 2f, -3f});
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getEngine(engine).newGradientCollector()) {
                        // d/dx (3x * x / 2) = 3x
                        NDArray y = Scalars.div(Scalars.mul(x, 3f).mul(x), 2f).sum();
                        collectGarbageAndReuseMemory();
                        gc.backward(y);
                    }
                    assertArrayEquals(
                            new float[] {3f, 6f, -9f},
                            x.getGradient().toFloatArray(),
                            1e-6f,
                            "trial " + trial);
                }
            }
        }
    }
}
