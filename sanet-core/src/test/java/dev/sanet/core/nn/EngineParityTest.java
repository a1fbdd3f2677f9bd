package dev.sanet.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.sanet.core.Backbone;
import dev.sanet.core.Engines;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetBlock;
import dev.sanet.core.Variant;
import dev.sanet.core.training.SANetLoss;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The network computes the same numbers on MXNet and PyTorch: the same random weights (copied
 * through DJL's engine-neutral parameter format) and the same input give the same outputs in
 * inference mode, the same gradients after one training pass, and the same batch-norm running
 * statistics after three. Covers grouped, dilated and strided convolutions, ceil-mode average and
 * max pooling, batch norm in both modes, the align-corners resize and the loss.
 */
class EngineParityTest {

    private static final int K = 3;

    /** Odd sizes on purpose: ceil-mode pooling and the resize both meet partial cells. */
    private static final Shape INPUT = new Shape(2, 3, 65, 97);

    /** ResNet18-based networks: every gradient, down to the stem, is well conditioned. */
    static Stream<Arguments> networks() {
        SANet.Builder base = SANet.builder().numClasses(K).width(8).dropout(0);
        return Stream.of(
                Arguments.of("SANet r18", base.backbone(Backbone.RESNET18).build()),
                Arguments.of(
                        "SANet r18 OS16 3x3 max",
                        base.outputStride(16).headKernel(3).pooling(Pooling.MAX).build()),
                Arguments.of(
                        "FCN r18",
                        base.outputStride(8)
                                .headKernel(1)
                                .pooling(Pooling.AVG)
                                .variant(Variant.FCN)
                                .build()),
                Arguments.of("FCN-SE r18", base.variant(Variant.FCN_SE).build()));
    }

    /** A bottleneck network: 50 layers, grouped 3x3 SA convolutions, max pooling, OS 16. */
    static SANet bottleneck() {
        return SANet.builder()
                .numClasses(K)
                .width(8)
                .dropout(0)
                .backbone(Backbone.RESNET50)
                .outputStride(16)
                .headKernel(3)
                .pooling(Pooling.MAX)
                .build();
    }

    /**
     * The backbone variants of pretrained weights: torchvision's 7x7 stem with average-pool
     * shortcuts on basic blocks (ceil-mode pooling of odd maps), and timm's resnet50d.
     */
    static Stream<Arguments> variants() {
        SANet.Builder base = SANet.builder().numClasses(K).width(8).dropout(0);
        return Stream.of(
                Arguments.of(
                        "SANet r18 7x7 avg-down",
                        base.backbone(Backbone.RESNET18)
                                .stem(Stem.STANDARD)
                                .avgDown(true)
                                .outputStride(16)
                                .build()),
                Arguments.of(
                        "FCN r50 deep32 avg-down",
                        base.backbone(Backbone.RESNET50)
                                .stem(Stem.DEEP_32)
                                .avgDown(true)
                                .outputStride(8)
                                .variant(Variant.FCN)
                                .build()));
    }

    static Stream<Arguments> allNetworks() {
        return Stream.of(networks(), Stream.of(Arguments.of("SANet r50", bottleneck())), variants())
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allNetworks")
    void inferenceOutputsAgree(String name, SANet def) throws Exception {
        try (Pair2 p = Pair2.of(def)) {
            NDList a = p.mx.forward(p.mxInput(), false);
            NDList b = p.pt.forward(p.ptInput(), false);
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertClose(a.get(i), b.get(i), 1e-4, name + " output " + i);
            }
        }
    }

    /** The ResNet18 networks, and the 7x7-stem, average-pool-shortcut one of {@link #variants}. */
    static Stream<Arguments> trainedNetworks() {
        return Stream.concat(networks(), variants().limit(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trainedNetworks")
    void oneTrainingStepGivesTheSameLossAndGradients(String name, SANet def) throws Exception {
        try (Pair2 p = Pair2.of(def)) {
            assertGradientsAgree(name, p, def, key -> true);
        }
    }

    /**
     * A randomly initialised 50-layer network is ill conditioned near its input: on one engine
     * alone, changing the input by one part in a million moves the stem's weight gradient by about
     * 3% (measured on MXNet), so the two engines' float32 sums differ by as much there, shrinking
     * towards the output (5e-3 at the start of stage 3). The loss and every gradient of stage 4 and
     * of the heads agree within 1e-3; the ResNet18 networks above agree everywhere.
     */
    @org.junit.jupiter.api.Test
    void bottleneckNetworkAgreesWhereItIsWellConditioned() throws Exception {
        SANet def = bottleneck();
        try (Pair2 p = Pair2.of(def)) {
            int checked =
                    assertGradientsAgree(
                            "SANet r50",
                            p,
                            def,
                            key ->
                                    !key.startsWith("01backbone_")
                                            || key.startsWith("01backbone_06layer4"));
            assertTrue(checked > 40, "checked " + checked);
        }
    }

    private static int assertGradientsAgree(
            String name, Pair2 p, SANet def, java.util.function.Predicate<String> which) {
        float lossA = p.mx.backward(def, p.mxInput(), p.labels(p.mx.nd));
        float lossB = p.pt.backward(def, p.ptInput(), p.labels(p.pt.nd));
        assertEquals(lossA, lossB, 1e-4 * Math.max(1, Math.abs(lossA)), name + " loss");
        PairList<String, Parameter> pa = p.mx.block.getParameters();
        PairList<String, Parameter> pb = p.pt.block.getParameters();
        int checked = 0;
        for (int i = 0; i < pa.size(); i++) {
            Parameter x = pa.get(i).getValue();
            if (!x.requiresGradient() || !which.test(pa.get(i).getKey())) {
                continue;
            }
            assertClose(
                    x.getArray().getGradient(),
                    pb.get(i).getValue().getArray().getGradient(),
                    1e-3,
                    name + " gradient of " + pa.get(i).getKey());
            checked++;
        }
        assertTrue(checked > 20, "checked " + checked);
        return checked;
    }

    /** Every network but the 50-layer variant, whose inference parity is enough for its pool. */
    static Stream<Arguments> statisticsNetworks() {
        return Stream.concat(
                Stream.concat(networks(), Stream.of(Arguments.of("SANet r50", bottleneck()))),
                variants().limit(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statisticsNetworks")
    void batchNormRunningStatisticsAgreeAfterThreeSteps(String name, SANet def) throws Exception {
        // 50 layers of float32 sums leave the deepest statistics about 1.4e-5 apart (relative).
        double tolerance = def.backbone() == Backbone.RESNET50 ? 5e-5 : 1e-5;
        try (Pair2 p = Pair2.of(def)) {
            for (int step = 0; step < 3; step++) {
                p.mx.backward(def, p.mxInput(), p.labels(p.mx.nd));
                p.pt.backward(def, p.ptInput(), p.labels(p.pt.nd));
            }
            PairList<String, Parameter> pa = p.mx.block.getParameters();
            PairList<String, Parameter> pb = p.pt.block.getParameters();
            int checked = 0;
            for (int i = 0; i < pa.size(); i++) {
                String key = pa.get(i).getKey();
                if (key.endsWith("runningMean") || key.endsWith("runningVar")) {
                    NDArray a = pa.get(i).getValue().getArray();
                    NDArray b = pb.get(i).getValue().getArray();
                    assertClose(a, b, tolerance, name + " " + key);
                    checked++;
                }
            }
            assertTrue(checked > 10, "checked " + checked);
            // Three updates moved the statistics away from their initial 0 and 1.
            NDArray moved = pa.get("01backbone_02bn1_runningVar").getArray();
            assertTrue(moved.sub(1f).abs().sum().getFloat() > 0.01, "running var never updated");
        }
    }

    /** |a - b| <= tol * max(1, max|a|), elementwise. */
    private static void assertClose(NDArray a, NDArray b, double tol, String what) {
        assertEquals(a.getShape(), b.getShape(), what);
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        double scale = 1;
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            scale = Math.max(scale, Math.abs(x[i]));
            worst = Math.max(worst, Math.abs(x[i] - y[i]));
        }
        assertTrue(
                worst <= tol * scale,
                what + ": max |difference| " + worst + " over scale " + scale);
    }

    /** One network on one engine. */
    private static final class Net implements AutoCloseable {
        final NDManager nd;
        final SANetBlock block;
        final String engine;
        int steps;

        Net(String engine, SANet def) {
            this.engine = engine;
            this.nd = NDManager.newBaseManager(Device.cpu(), engine);
            this.block = def.newBlock();
            block.initialize(nd, DataType.FLOAT32, INPUT);
        }

        NDList forward(NDArray x, boolean training) {
            return block.forward(new ParameterStore(nd, false), new NDList(x), training);
        }

        float backward(SANet def, NDArray x, NDArray labels) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray a = p.getValue().getArray();
                if (!p.getValue().requiresGradient()) {
                    continue;
                }
                if (!a.hasGradient() || steps == 0) {
                    // Loaded parameters are plain arrays: attach a fresh gradient, as a DJL
                    // Trainer does (PyTorch's is undefined until the first backward).
                    a.setRequiresGradient(true);
                } else {
                    NDArray g = a.getGradient();
                    g.subi(g); // PyTorch accumulates gradients; start each step at zero
                }
            }
            steps++;
            float value;
            try (GradientCollector gc = Engine.getEngine(engine).newGradientCollector()) {
                NDList out = forward(x, true);
                NDArray loss = SANetLoss.of(def).terms(new NDList(labels), out).total();
                gc.backward(loss);
                value = loss.getFloat();
            }
            BatchNorm2d.settleAll(block);
            return value;
        }

        @Override
        public void close() {
            nd.close();
        }
    }

    /** The same network and data on both engines. */
    private static final class Pair2 implements AutoCloseable {
        final Net mx;
        final Net pt;
        final float[] input;
        final float[] labels;

        private Pair2(Net mx, Net pt) {
            this.mx = mx;
            this.pt = pt;
            Random r = new Random(7);
            input = new float[(int) INPUT.size()];
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) r.nextGaussian();
            }
            labels = new float[(int) (INPUT.get(0) * INPUT.get(2) * INPUT.get(3))];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = r.nextInt(10) == 0 ? 255 : r.nextInt(K);
            }
        }

        static Pair2 of(SANet def) throws IOException, MalformedModelException {
            Engine.getEngine(Engines.MXNET).setRandomSeed(11);
            Net mx = new Net(Engines.MXNET, def);
            Net pt = new Net(Engines.PYTORCH, def);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                mx.block.saveParameters(out);
            }
            try (DataInputStream in =
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                pt.block.loadParameters(pt.nd, in);
            }
            return new Pair2(mx, pt);
        }

        NDArray mxInput() {
            return mx.nd.create(input, INPUT);
        }

        NDArray ptInput() {
            return pt.nd.create(input, INPUT);
        }

        NDArray labels(NDManager nd) {
            return nd.create(labels, new Shape(INPUT.get(0), INPUT.get(2), INPUT.get(3)));
        }

        @Override
        public void close() {
            mx.close();
            pt.close();
        }
    }
}
