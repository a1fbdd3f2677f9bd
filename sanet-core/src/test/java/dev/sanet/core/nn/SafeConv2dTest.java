package dev.sanet.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.sanet.core.Engines;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Narrow 3x3 convolutions give the same output and input gradient on PyTorch as on MXNet: the case
 * where libtorch 2.7.1's CPU backward pass is wrong without {@link SafeConv2d}'s padding.
 */
class SafeConv2dTest {

    @ParameterizedTest(name = "in {0}, out {1}, groups {2}, bias {3}")
    @CsvSource({"16, 8, 1, false", "8, 8, 2, true", "32, 4, 1, true", "16, 3, 1, false"})
    void narrowConvolutionsTrainAlikeOnBothEngines(int in, int out, int groups, boolean bias)
            throws Exception {
        Shape xs = new Shape(2, in, 9, 11);
        float[] x = new float[(int) xs.size()];
        float[] w = new float[(int) (2L * out * 9 * 11)];
        Random r = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        byte[] params = null;
        float[][] y = new float[2][];
        float[][] dx = new float[2][];
        float[][] dw = new float[2][];
        String[] engines = {Engines.MXNET, Engines.PYTORCH};
        for (int e = 0; e < 2; e++) {
            try (NDManager nd = NDManager.newBaseManager(Device.cpu(), engines[e])) {
                SafeConv2d conv = SafeConv2d.of(out, 3, 1, 1, groups, bias);
                conv.initialize(nd, DataType.FLOAT32, xs);
                if (params == null) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    conv.saveParameters(new DataOutputStream(bytes));
                    params = bytes.toByteArray();
                } else {
                    conv.loadParameters(nd, new DataInputStream(new ByteArrayInputStream(params)));
                }
                NDArray weight = conv.getParameters().get("weight").getArray();
                weight.setRequiresGradient(true);
                NDArray input = nd.create(x, xs);
                input.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getEngine(engines[e]).newGradientCollector()) {
                    NDArray o =
                            conv.forward(new ParameterStore(nd, false), new NDList(input), true)
                                    .singletonOrThrow();
                    assertEquals(new Shape(2, out, 9, 11), o.getShape());
                    y[e] = o.toFloatArray();
                    gc.backward(o.mul(nd.create(w, o.getShape())).sum());
                }
                dx[e] = input.getGradient().toFloatArray();
                dw[e] = weight.getGradient().toFloatArray();
            }
        }
        assertArrayEquals(y[0], y[1], 1e-4f);
        assertArrayEquals(dx[0], dx[1], 1e-4f);
        assertArrayEquals(dw[0], dw[1], 1e-3f);
    }
}
