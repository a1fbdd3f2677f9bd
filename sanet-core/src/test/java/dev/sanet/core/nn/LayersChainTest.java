package dev.sanet.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Layers#chain}: the same output as running the sequential block whole, with each
 * intermediate closed in inference and kept in training (the backward pass reads them).
 */
class LayersChainTest {

    /** Three steps, each recording the array it was given. */
    private static SequentialBlock recordingChain(List<NDArray> seen) {
        SequentialBlock seq = new SequentialBlock();
        seq.add(LambdaBlock.singleton(a -> record(seen, a).mul(2)));
        seq.add(LambdaBlock.singleton(a -> record(seen, a).add(1)));
        seq.add(LambdaBlock.singleton(a -> record(seen, a).square()));
        return seq;
    }

    private static NDArray record(List<NDArray> seen, NDArray a) {
        seen.add(a);
        return a;
    }

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void inferenceClosesEachIntermediateButNotTheInput(String engine) {
        try (NDManager m = NDManager.newBaseManager(engine)) {
            List<NDArray> seen = new ArrayList<>();
            SequentialBlock seq = recordingChain(seen);
            seq.initialize(m, DataType.FLOAT32, new Shape(2, 3));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.create(new float[] {0, 1, 2, 3, 4, 5}, new Shape(2, 3));

            NDArray whole = Layers.run(seq, ps, x, false, null);
            seen.clear();
            NDArray chained = Layers.chain(seq, ps, x, false, null);

            assertArrayEquals(whole.toFloatArray(), chained.toFloatArray(), 0f);
            assertEquals(3, seen.size());
            assertFalse(x.isReleased(), "the input belongs to the caller");
            assertTrue(seen.get(1).isReleased(), "the first step's output");
            assertTrue(seen.get(2).isReleased(), "the second step's output");
            assertFalse(chained.isReleased());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void trainingKeepsEveryIntermediate(String engine) {
        try (NDManager m = NDManager.newBaseManager(engine)) {
            List<NDArray> seen = new ArrayList<>();
            SequentialBlock seq = recordingChain(seen);
            seq.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.create(new float[] {1, -1}, new Shape(1, 2));

            seen.clear(); // initialize ran the lambdas once to learn the shapes
            NDArray y = Layers.chain(seq, ps, x, true, null);

            assertArrayEquals(new float[] {9f, 1f}, y.toFloatArray(), 0f);
            assertEquals(3, seen.size());
            for (NDArray a : seen) {
                assertFalse(a.isReleased());
            }
        }
    }
}
