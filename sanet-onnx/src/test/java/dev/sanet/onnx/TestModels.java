package dev.sanet.onnx;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.io.HostArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small SANet models with random weights and batch-norm statistics, made inside the tests. */
final class TestModels {

    private TestModels() {}

    static SANetModel model(SANet def, String engine, long seed) {
        Model model = Model.newInstance("sanet", engine);
        model.setBlock(def.newBlock());
        model.getBlock()
                .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
        RandomParameters.fill(model.getBlock(), seed);
        List<String> names = new ArrayList<>();
        int[] colors = new int[def.numClasses()];
        for (int k = 0; k < def.numClasses(); k++) {
            names.add("class" + k);
            colors[k] = k * 0x203040;
        }
        return SANetModel.of(def, model, names, colors, 96, 64, new JsonObject());
    }

    static float[] input(Shape shape, long seed) {
        Random r = new Random(seed);
        float[] x = new float[(int) shape.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** The model's prediction logits for an input, as the inference route computes them. */
    static float[] logits(SANetModel model, float[] x, Shape shape) {
        try (NDManager m = model.model().getNDManager().newSubManager()) {
            NDList out =
                    model.model()
                            .getBlock()
                            .forward(
                                    new ParameterStore(m, false),
                                    new NDList(HostArrays.floats(m, x, shape)),
                                    false);
            return model.definition().predictionLogits(out).toFloatArray();
        }
    }
}
