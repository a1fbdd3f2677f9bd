package dev.sanet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime is an engine name of its own, inference only, served by a module core lacks. */
class EnginesTest {

    @Test
    void onnxRuntimeIsKnownButDoesNotTrain() {
        assertEquals(Engines.ONNXRUNTIME, Engines.canonical("ONNXRuntime"));
        assertEquals(Engines.ONNXRUNTIME, Engines.canonical("ort"));
        assertFalse(Engines.trains(Engines.ONNXRUNTIME));
        assertTrue(Engines.trains(Engines.MXNET));
        assertTrue(Engines.trains(Engines.PYTORCH));
    }

    @Test
    void withoutSanetOnnxLoadingOnOnnxRuntimeSaysWhatIsMissing(@TempDir Path dir) {
        // sanet-core's own tests run without sanet-onnx: no InferenceEngine is registered.
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> SANetModel.load(dir, "onnxruntime"));
        assertTrue(e.getMessage().contains("sanet-onnx"), e.getMessage());
    }
}
