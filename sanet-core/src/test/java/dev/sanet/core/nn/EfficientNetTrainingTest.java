package dev.sanet.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.sanet.core.Backbone;
import dev.sanet.core.Engines;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetBlock;
import dev.sanet.core.training.SANetLoss;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A SANet on EfficientNet-B0 learns on both engines and computes the same on both. */
class EfficientNetTrainingTest {

    private static final int K = 3;
    private static final Shape INPUT = new Shape(2, 3, 32, 32);
    private static final int SIDE = 32;

    private static SANet definition() {
        return SANet.builder().numClasses(K).backbone(Backbone.EFFICIENTNET_B0).dropout(0).build();
    }

    /** 8x8 cells of one class each; the class is the channel that is bright there. */
    private static float[][] data() {
        Random r = new Random(3);
        float[] x = new float[(int) INPUT.size()];
        float[] y = new float[2 * SIDE * SIDE];
        for (int n = 0; n < 2; n++) {
            for (int cy = 0; cy < SIDE / 8; cy++) {
                for (int cx = 0; cx < SIDE / 8; cx++) {
                    int cls = r.nextInt(K);
                    for (int i = 0; i < 8; i++) {
                        for (int j = 0; j < 8; j++) {
                            int py = cy * 8 + i;
                            int px = cx * 8 + j;
                            y[(n * SIDE + py) * SIDE + px] = cls;
                            for (int c = 0; c < 3; c++) {
                                x[((n * 3 + c) * SIDE + py) * SIDE + px] =
                                        (c == cls ? 1.5f : -0.5f) + 0.3f * (float) r.nextGaussian();
                            }
                        }
                    }
                }
            }
        }
        return new float[][] {x, y};
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void lossFallsOnGeneratedData(String engine) {
        SANet def = definition();
        float[][] d = data();
        Engine.getEngine(engine).setRandomSeed(5);
        try (NDManager nd = NDManager.newBaseManager(Device.cpu(), engine)) {
            SANetBlock block = def.newBlock();
            block.initialize(nd, DataType.FLOAT32, INPUT);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(3e-3f)).build();
            for (Pair<String, Parameter> p : block.getParameters()) {
                p.getValue().getArray().setRequiresGradient(p.getValue().requiresGradient());
            }
            float[] losses = new float[6];
            for (int step = 0; step < losses.length; step++) {
                try (NDManager sub = nd.newSubManager()) {
                    NDArray x = sub.create(d[0], INPUT);
                    NDArray y = sub.create(d[1], new Shape(2, SIDE, SIDE));
                    try (GradientCollector gc = Engine.getEngine(engine).newGradientCollector()) {
                        NDList out =
                                block.forward(new ParameterStore(sub, false), new NDList(x), true);
                        NDArray loss = SANetLoss.of(def).terms(new NDList(y), out).total();
                        gc.backward(loss);
                        losses[step] = loss.getFloat();
                    }
                    BatchNorm2d.settleAll(block);
                    for (Pair<String, Parameter> p : block.getParameters()) {
                        Parameter q = p.getValue();
                        if (q.requiresGradient()) {
                            NDArray w = q.getArray();
                            adam.update(q.getId(), w, w.getGradient());
                            if (engine.equals(Engines.PYTORCH)) {
                                w.getGradient().subi(w.getGradient());
                            }
                        }
                    }
                }
            }
            float first = (losses[0] + losses[1]) / 2;
            float last = (losses[4] + losses[5]) / 2;
            assertTrue(
                    last < 0.8f * first, engine + " losses " + java.util.Arrays.toString(losses));
        }
    }

    @Test
    void mxnetAndPytorchGiveTheSameOutputs() throws Exception {
        SANet def = definition().toBuilder().outputStride(16).build();
        Shape in = new Shape(1, 3, 65, 47);
        float[] x = new float[(int) in.size()];
        Random r = new Random(9);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (EfficientNetConvention c : EfficientNetConvention.values()) {
            SANet d = def.toBuilder().efficientNetConvention(c).build();
            Engine.getEngine(Engines.MXNET).setRandomSeed(11);
            try (NDManager mx = NDManager.newBaseManager(Device.cpu(), Engines.MXNET);
                    NDManager pt = NDManager.newBaseManager(Device.cpu(), Engines.PYTORCH)) {
                SANetBlock a = d.newBlock();
                SANetBlock b = d.newBlock();
                a.initialize(mx, DataType.FLOAT32, in);
                b.initialize(pt, DataType.FLOAT32, in);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    a.saveParameters(out);
                }
                b.loadParameters(
                        pt, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                NDList ya =
                        a.forward(
                                new ParameterStore(mx, false), new NDList(mx.create(x, in)), false);
                NDList yb =
                        b.forward(
                                new ParameterStore(pt, false), new NDList(pt.create(x, in)), false);
                assertEquals(3, ya.size());
                for (int i = 0; i < ya.size(); i++) {
                    assertEquals(ya.get(i).getShape(), yb.get(i).getShape(), c + " output " + i);
                    float[] p = ya.get(i).toFloatArray();
                    float[] q = yb.get(i).toFloatArray();
                    double scale = 1;
                    double worst = 0;
                    for (int j = 0; j < p.length; j++) {
                        scale = Math.max(scale, Math.abs(p[j]));
                        worst = Math.max(worst, Math.abs(p[j] - q[j]));
                    }
                    assertTrue(worst <= 1e-4 * scale, c + " output " + i + ": " + worst);
                }
            }
        }
    }
}
