package dev.sanet.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.sanet.core.io.ParameterNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The classifier {@code sanet pretrain} trains: (N, 3, H, W) to (N, K) on each engine, its scores
 * the dense layer applied to the stage-4 mean.
 */
class BackboneClassifierTest {

    /** The head computed by hand from the backbone's last stage. */
    private interface HeadByHand {
        NDArray scores(ParameterStore ps, NDArray lastStage);
    }

    /**
     * On one engine, seeded so that the weights and the input are the same on every run: the
     * 3-class classifier maps (2, 3, 64, 64) to (2, 3), the backbone's last stage has the shape
     * given, and the classifier's scores are the head computed by hand from that stage.
     */
    private static void assertScoresAreTheHeadByHand(
            String engine, BackboneClassifier net, Shape lastStage, HeadByHand byHand) {
        Engine.getEngine(engine).setRandomSeed(7);
        try (NDManager m = NDManager.newBaseManager(engine)) {
            Shape in = new Shape(2, 3, 64, 64);
            net.initialize(m, DataType.FLOAT32, in);
            assertEquals(new Shape(2, 3), net.getOutputShapes(new Shape[] {in})[0]);
            NDArray x = m.randomNormal(in);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray scores = net.forward(ps, new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(2, 3), scores.getShape());
            NDArray c4 = net.backbone().forward(ps, new NDList(x), false).get(3);
            assertEquals(lastStage, c4.getShape());
            float[] a = scores.toFloatArray();
            float[] b = byHand.scores(ps, c4).toFloatArray();
            for (int i = 0; i < a.length; i++) {
                // Two reduction orders of float32 sums: equal to a relative 1e-6 or so.
                assertEquals(b[i], a[i], 1e-5f * Math.max(1f, Math.abs(b[i])));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void scoresAreTheDenseLayerOfTheStage4Mean(String engine) {
        ResNetV1s backbone =
                ResNetV1s.builder().depth(18).stem(Stem.STANDARD).width(8).outputStride(32).build();
        BackboneClassifier net = new BackboneClassifier(backbone, 3);
        assertScoresAreTheHeadByHand(
                engine,
                net,
                new Shape(2, 64, 2, 2),
                (ps, c4) -> {
                    NDArray mean = c4.mean(new int[] {3}).mean(new int[] {2});
                    return net.fc().forward(ps, new NDList(mean), false).singletonOrThrow();
                });
        assertEquals(
                "numClasses must be >= 2, got 1",
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        new BackboneClassifier(
                                                ResNetV1s.builder().depth(18).build(), 1))
                        .getMessage());
    }

    private static long trainable(BackboneClassifier net) {
        long n = 0;
        for (var p : net.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    @Test
    void efficientNetB0HasTorchvisionsParameterCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            BackboneClassifier b0 =
                    new BackboneClassifier(EfficientNet.builder().outputStride(32).build(), 1000);
            b0.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            // torchvision's efficientnet_b0(): sum(p.numel() for p in model.parameters()).
            assertEquals(5_288_548, trainable(b0));
            Map<String, Parameter> names = ParameterNames.of(b0);
            assertEquals(
                    new Shape(1280, 320, 1, 1),
                    names.get("conv_head.weight").getArray().getShape());
            assertEquals(new Shape(1280), names.get("bn2.running_var").getArray().getShape());
            assertEquals(
                    new Shape(1000, 1280), names.get("classifier.weight").getArray().getShape());
            assertEquals(new Shape(1000), names.get("classifier.bias").getArray().getShape());
            // B1 with 3 classes, by hand: torchvision's efficientnet_b1 has 7,794,184 parameters,
            // of which its classifier 1280 x 1000 + 1000 = 1,281,000; three classes take 1280 x 3
            // + 3 = 3,843: 7,794,184 - 1,281,000 + 3,843 = 6,517,027.
            BackboneClassifier b1 =
                    new BackboneClassifier(
                            EfficientNet.builder()
                                    .scale(EfficientNetScale.B1)
                                    .outputStride(32)
                                    .build(),
                            3);
            b1.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            assertEquals(6_517_027, trainable(b1));
        }
    }

    @Test
    void efficientNetHeadsTakeTheScalesWidthEpsilonAndDropout() {
        EfficientNet b7 =
                EfficientNet.builder()
                        .scale(EfficientNetScale.B7)
                        .convention(EfficientNetConvention.TORCHVISION)
                        .outputStride(32)
                        .build();
        EfficientNetClassifierHead head =
                (EfficientNetClassifierHead) new BackboneClassifier(b7, 10).head();
        assertEquals(0.5, head.dropoutRate(), 1e-9);
        assertEquals(
                List.of("conv_head", "bn2", "classifier"), List.copyOf(head.layers().keySet()));
        assertEquals(2560, EfficientNetScale.B7.headChannels());
        double[] rates = {0.2, 0.2, 0.3, 0.3, 0.4, 0.4, 0.5, 0.5};
        for (EfficientNetScale s : EfficientNetScale.values()) {
            assertEquals(rates[s.ordinal()], s.dropoutRate(), 1e-9, s.name());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MXNet", "PyTorch"})
    void efficientNetScoresAreTheHeadOfTheLastStage(String engine) {
        BackboneClassifier net =
                new BackboneClassifier(EfficientNet.builder().outputStride(32).build(), 3);
        // The head by hand: 1x1 convolution, batch norm, SiLU, mean over H and W, dense layer
        // (dropout is off in inference).
        assertScoresAreTheHeadByHand(
                engine,
                net,
                new Shape(2, 320, 2, 2),
                (ps, c4) -> {
                    Map<String, ai.djl.nn.Block> layers = net.head().layers();
                    NDArray y =
                            layers.get("conv_head")
                                    .forward(ps, new NDList(c4), false)
                                    .singletonOrThrow();
                    y = layers.get("bn2").forward(ps, new NDList(y), false).singletonOrThrow();
                    y = y.mul(y.neg().exp().add(1).pow(-1)).mean(new int[] {3}).mean(new int[] {2});
                    return net.fc().forward(ps, new NDList(y), false).singletonOrThrow();
                });
    }
}
