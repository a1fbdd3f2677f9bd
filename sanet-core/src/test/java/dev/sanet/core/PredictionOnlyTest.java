package dev.sanet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.sanet.core.inference.PredictionOnly;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The prediction-only inference pass ({@link PredictionOnly}) gives the logits that {@link
 * Prediction#logits} picks from the full outputs, on both engines, and really skips the heads the
 * prediction does not read: those are poisoned with NaN here, and its logits stay finite.
 */
class PredictionOnlyTest {
    private static final int K = 3;
    private static final Shape IN = new Shape(1, 3, 37, 45);

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (String engine : Engines.supported()) {
            for (Prediction p : Prediction.values()) {
                a.add(Arguments.of(engine, p, 4));
                a.add(Arguments.of(engine, p, 1));
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} {1} heads={2}")
    @MethodSource("cases")
    void predictionOnlyGivesTheSameLogitsAndSkipsTheOtherHeads(
            String engine, Prediction prediction, int heads) {
        SANet def =
                SANet.builder()
                        .backbone(Backbone.RESNET18)
                        .width(8)
                        .numClasses(K)
                        .heads(heads)
                        .prediction(prediction)
                        .build();
        try (NDManager nd = NDManager.newBaseManager(Device.cpu(), engine)) {
            SANetBlock block = newBlock(def, nd);
            // A twin with the same initial parameters whose unread heads are NaN; MXNet cannot set
            // a weight once a forward pass has moved it to its MKL-DNN layout, so set them now.
            SANetBlock poisoned = newBlock(def, nd);
            for (String child : unread(prediction, heads)) {
                poison(poisoned, child);
            }
            NDArray x = nd.randomNormal(IN);
            ParameterStore ps = new ParameterStore(nd, false);
            NDList all = block.forward(ps, new NDList(x), false);
            float[] want = def.predictionLogits(all).toFloatArray();
            NDList only = block.forward(ps, new NDList(x), false, PredictionOnly.params());
            assertEquals(1, only.size());
            assertEquals(new Shape(1, K, 37, 45), only.head().getShape());
            assertEquals(prediction.name().toLowerCase(Locale.ROOT), only.head().getName());
            assertClose(want, only.head().toFloatArray(), "prediction-only logits");

            float[] skipped =
                    poisoned.forward(ps, new NDList(x), false, PredictionOnly.params())
                            .head()
                            .toFloatArray();
            assertClose(want, skipped, "with the unread heads poisoned");
            assertTrue(
                    hasNaN(poisoned.forward(ps, new NDList(x), false)),
                    "the poisoned heads run in the full pass, so the check above means something");
        }
    }

    private static SANetBlock newBlock(SANet def, NDManager nd) {
        nd.getEngine().setRandomSeed(7);
        SANetBlock block = def.newBlock();
        block.initialize(nd, DataType.FLOAT32, IN);
        return block;
    }

    /** The children the prediction must not run. */
    private static List<String> unread(Prediction prediction, int heads) {
        return switch (prediction) {
            case MASK -> List.of("dense", "cat");
            case DENSE ->
                    heads == 1 ? List.of("mask", "cat") : List.of("sa1", "sa3", "mask", "cat");
            case SUM -> List.of("cat");
        };
    }

    private static void poison(SANetBlock block, String child) {
        // DJL names children with a two-digit position first: "02dense".
        Block b = null;
        for (Pair<String, Block> c : block.getChildren()) {
            if (c.getKey().substring(2).equals(child)) {
                b = c.getValue();
            }
        }
        assertTrue(b != null, "no child " + child);
        for (Pair<String, Parameter> p : b.getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] nan = new float[Math.toIntExact(a.size())];
            Arrays.fill(nan, Float.NaN);
            a.set(nan);
        }
    }

    private static boolean hasNaN(NDList outputs) {
        for (NDArray o : outputs) {
            for (float v : o.toFloatArray()) {
                if (Float.isNaN(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void assertClose(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(want[i] - got[i]));
        }
        assertTrue(worst <= 1e-6, what + ": max |difference| " + worst);
    }
}
