package dev.sanet.onnx.forms;

import dev.sanet.core.nn.BatchNorm2d;
import java.util.List;

/**
 * A batch norm that no convolution precedes (sanet networks have none; the form is there for custom
 * blocks): its inference affine {@code x s + t} per channel, as {@code Mul} and {@code Add} with
 * (C, 1, 1) initializers. A batch norm folded in place is the identity.
 */
final class BatchNormForm implements BlockForm<BatchNorm2d> {

    @Override
    public List<String> emit(Emission e, BatchNorm2d bn, List<String> inputs) {
        if (bn.isFolded()) {
            return inputs;
        }
        bn.settle();
        float[] gamma = e.values(bn, "gamma");
        float[] beta = e.values(bn, "beta");
        float[] mean = e.values(bn, "runningMean");
        float[] var = e.values(bn, "runningVar");
        int c = gamma.length;
        float[] s = new float[c];
        float[] t = new float[c];
        for (int i = 0; i < c; i++) {
            double scale = gamma[i] / Math.sqrt((double) var[i] + bn.epsilon());
            s[i] = (float) scale;
            t[i] = (float) (beta[i] - mean[i] * scale);
        }
        var g = e.graph();
        String y = g.op("Mul", e.hint("scale"), inputs.get(0), g.floats(e.hint("s"), s, c, 1, 1));
        return List.of(g.op("Add", e.hint("shift"), y, g.floats(e.hint("t"), t, c, 1, 1)));
    }
}
