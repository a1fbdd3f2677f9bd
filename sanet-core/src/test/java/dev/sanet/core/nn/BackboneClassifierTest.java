package dev.sanet.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The classifier {@code sanet pretrain} trains: (N, 3, H, W) to (N, K) on each engine, its scores
 * the dense layer applied to the stage-4 mean.
 */
class BackboneClassifierTest {

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void scoresAreTheDenseLayerOfTheStage4Mean(String engine) {
        // Seeded, so that the weights and the input are the same on every run.
        Engine.getEngine(engine).setRandomSeed(7);
        try (NDManager m = NDManager.newBaseManager(engine)) {
            ResNetV1s backbone =
                    ResNetV1s.builder()
                            .depth(18)
                            .stem(Stem.STANDARD)
                            .width(8)
                            .outputStride(32)
                            .build();
            BackboneClassifier net = new BackboneClassifier(backbone, 3);
            Shape in = new Shape(2, 3, 64, 64);
            net.initialize(m, DataType.FLOAT32, in);
            assertEquals(new Shape(2, 3), net.getOutputShapes(new Shape[] {in})[0]);
            NDArray x = m.randomNormal(in);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray scores = net.forward(ps, new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(2, 3), scores.getShape());
            NDArray c4 = backbone.forward(ps, new NDList(x), false).get(3);
            assertEquals(new Shape(2, 64, 2, 2), c4.getShape());
            NDArray mean = c4.mean(new int[] {3}).mean(new int[] {2});
            NDArray expected = net.fc().forward(ps, new NDList(mean), false).singletonOrThrow();
            float[] a = scores.toFloatArray();
            float[] b = expected.toFloatArray();
            for (int i = 0; i < a.length; i++) {
                // Two reduction orders of float32 sums: equal to a relative 1e-6 or so.
                assertEquals(b[i], a[i], 1e-5f * Math.max(1f, Math.abs(b[i])));
            }
        }
        assertEquals(
                "numClasses must be >= 2, got 1",
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        new BackboneClassifier(
                                                ResNetV1s.builder().depth(18).build(), 1))
                        .getMessage());
    }
}
