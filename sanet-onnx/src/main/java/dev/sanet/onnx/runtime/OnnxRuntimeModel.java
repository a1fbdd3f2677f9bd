package dev.sanet.onnx.runtime;

import ai.djl.BaseModel;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.sanet.core.Engines;
import dev.sanet.core.InferenceEngine;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The DJL model a {@code SANetModel} on ONNX Runtime holds: its block is the graph ({@link
 * OrtNetwork}), its manager the default engine's, where the prediction route does its NDArray work
 * (as DJL's ONNX Runtime engine hands its own array operations to that engine). It owns DJL's ONNX
 * Runtime model and closes it. It cannot be saved or trained.
 */
final class OnnxRuntimeModel extends BaseModel {

    private final Model ort;

    /**
     * Wraps a loaded ONNX Runtime model.
     *
     * @param ort DJL's ONNX Runtime model, loaded; owned from now on
     * @param work a base manager of the default engine; owned from now on
     * @param numClasses K, the graph's output channels
     * @param fixedSize the graph input's {@code {height, width}} when fixed, else null
     */
    OnnxRuntimeModel(Model ort, NDManager work, long numClasses, int @Nullable [] fixedSize) {
        super(ort.getName());
        this.ort = ort;
        this.manager = work;
        this.block = new OrtNetwork(ort.getBlock(), ort.getNDManager(), numClasses, fixedSize);
        this.dataType = DataType.FLOAT32;
        this.modelDir = ort.getModelPath();
        setProperty(InferenceEngine.ENGINE_PROPERTY, Engines.ONNXRUNTIME);
    }

    @Override
    public void load(Path modelPath, @Nullable String prefix, @Nullable Map<String, ?> options) {
        throw new UnsupportedOperationException(
                "load ONNX models with SANetModel.load(path, \"onnxruntime\")");
    }

    @Override
    public void save(Path modelPath, String newModelName) {
        throw new UnsupportedOperationException(
                "a model on ONNX Runtime cannot be saved as a model folder: load the folder on"
                        + " mxnet or pytorch to save it");
    }

    @Override
    public void close() {
        try {
            ort.close();
        } finally {
            super.close();
        }
    }
}
