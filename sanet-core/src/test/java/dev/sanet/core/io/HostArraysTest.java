package dev.sanet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HostArrays}: Java values into engine arrays with the right type, shape and values. */
class HostArraysTest {

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void valuesTypesAndShapesRoundTrip(String engine) {
        try (NDManager m = NDManager.newBaseManager(engine)) {
            float[] f = {1.5f, -2f, 0f, 3.25f, 7f, -0.5f};
            NDArray a = HostArrays.floats(m, f, new Shape(2, 3));
            assertEquals(new Shape(2, 3), a.getShape());
            assertEquals(DataType.FLOAT32, a.getDataType());
            assertArrayEquals(f, a.toFloatArray(), 0f);
            assertEquals(new Shape(6), HostArrays.floats(m, f).getShape());

            int[] i = {0, 5, 255, -1};
            NDArray b = HostArrays.ints(m, i, new Shape(2, 2));
            assertEquals(DataType.INT32, b.getDataType());
            assertArrayEquals(i, b.toIntArray());

            long[] l = {3L, 0L, 1L << 40};
            NDArray c = HostArrays.longs(m, l);
            assertEquals(DataType.INT64, c.getDataType());
            assertArrayEquals(l, c.toLongArray());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void setOverwritesInPlace(String engine) {
        try (NDManager m = NDManager.newBaseManager(engine)) {
            NDArray a = m.zeros(new Shape(3));
            NDArray sameObject = a;
            HostArrays.set(a, new float[] {4f, 5f, 6f});
            assertArrayEquals(new float[] {4f, 5f, 6f}, sameObject.toFloatArray(), 0f);
            // A second write after the engine has used the array (the case that waits on MXNet).
            NDArray doubled = a.mul(2f);
            HostArrays.set(a, new float[] {-1f, 0f, 1f});
            assertArrayEquals(new float[] {8f, 10f, 12f}, doubled.toFloatArray(), 0f);
            assertArrayEquals(new float[] {-1f, 0f, 1f}, a.toFloatArray(), 0f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void aShapeOfAnotherSizeIsRefusedNamingBoth(String engine) {
        try (NDManager m = NDManager.newBaseManager(engine)) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> HostArrays.floats(m, new float[] {1f, 2f}, new Shape(3)));
            assertEquals("shape (3) holds 3 values, got 2", e.getMessage());
        }
    }
}
