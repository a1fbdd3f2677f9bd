package dev.sanet.onnx;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.sanet.core.io.HostArrays;
import java.util.Random;

/**
 * Fills every parameter of an initialised block with seeded random values that keep activations of
 * order one: weights ~ N(0, 1 / fan-in), biases and batch-norm shifts small, batch-norm scales,
 * running means and running variances spread around their neutral values, so that a folding or
 * statistics mistake shows.
 */
final class RandomParameters {

    private RandomParameters() {}

    static void fill(Block block, long seed) {
        Random r = new Random(seed);
        for (Pair<String, Parameter> p : block.getParameters()) {
            var a = p.getValue().getArray();
            float[] v = new float[(int) a.size()];
            String name = p.getKey();
            long[] s = a.getShape().getShape();
            long fanIn = 1;
            for (int i = 1; i < s.length; i++) {
                fanIn *= s[i];
            }
            double std = 1 / Math.sqrt(Math.max(1, fanIn));
            for (int i = 0; i < v.length; i++) {
                double g = r.nextGaussian();
                double u = r.nextDouble();
                if (name.endsWith("gamma")) {
                    v[i] = (float) (0.5 + u);
                } else if (name.endsWith("runningVar")) {
                    v[i] = (float) (0.3 + 1.2 * u);
                } else if (name.endsWith("runningMean") || name.endsWith("beta")) {
                    v[i] = (float) (0.3 * g);
                } else if (name.endsWith("bias")) {
                    v[i] = (float) (0.1 * g);
                } else {
                    v[i] = (float) (std * g);
                }
            }
            HostArrays.set(a, v);
        }
    }
}
