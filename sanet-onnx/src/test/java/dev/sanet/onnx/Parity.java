package dev.sanet.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANetBlock;
import dev.sanet.core.io.HostArrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Runs a block's inference forward pass on a DJL engine and its exported graph on ONNX Runtime on
 * the same random weights and input, and measures how far apart they are.
 */
final class Parity {

    private Parity() {}

    /** The distance between the two: the largest absolute difference and the largest score. */
    record Result(double maxAbsDiff, double maxAbs) {
        double relative() {
            return maxAbsDiff / Math.max(maxAbs, 1e-12);
        }
    }

    /**
     * Compares a block's outputs (for a SANet block, the prediction's logits) with its graph's.
     *
     * @param engine the DJL engine
     * @param newBlock makes a fresh block
     * @param input the input shape
     * @param prediction the prediction (SANet blocks)
     * @param seed the seed of weights and input
     * @return the distance over all outputs
     */
    static Result compare(
            String engine, Supplier<Block> newBlock, Shape input, Prediction prediction, long seed)
            throws Exception {
        try (NDManager m = NDManager.newBaseManager(engine)) {
            Block block = newBlock.get();
            block.initialize(m, DataType.FLOAT32, input);
            RandomParameters.fill(block, seed);
            float[] x = new float[(int) input.size()];
            Random r = new Random(seed + 1);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            NDList out =
                    block.forward(
                            new ParameterStore(m, false),
                            new NDList(HostArrays.floats(m, x, input)),
                            false);
            List<NDArray> expected =
                    block instanceof SANetBlock ? List.of(prediction.logits(out)) : out;
            ModelProto proto = OnnxExport.builder().build().blockProto(block, prediction);
            List<OrtRun.Output> got = OrtRun.run(proto, x, input.getShape());
            if (got.size() != expected.size()) {
                throw new AssertionError(got.size() + " outputs, expected " + expected.size());
            }
            double diff = 0;
            double max = 0;
            for (int i = 0; i < got.size(); i++) {
                Shape want = expected.get(i).getShape();
                if (!want.equals(new Shape(got.get(i).shape()))) {
                    throw new AssertionError(
                            "output "
                                    + i
                                    + " has shape "
                                    + new Shape(got.get(i).shape())
                                    + ", expected "
                                    + want);
                }
                float[] a = expected.get(i).toFloatArray();
                float[] b = got.get(i).values();
                for (int j = 0; j < a.length; j++) {
                    diff = Math.max(diff, Math.abs(a[j] - b[j]));
                    max = Math.max(max, Math.abs(a[j]));
                }
            }
            return new Result(diff, max);
        }
    }
}
