package dev.sanet.onnx;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;

/**
 * The one ONNX Runtime environment of the JVM, shared by sanet's direct ONNX Runtime calls
 * (calibration, mask agreement) and DJL's ONNX Runtime engine.
 *
 * <p>ONNX Runtime allows one environment per process, and DJL's engine creates its own with
 * threading options, which fails once any other code has created the default one first. So every
 * direct use in sanet goes through {@link #get()}, which starts DJL's engine (and so its
 * environment) before asking for the environment: the engine keeps working whatever ran first.
 */
public final class SharedOrtEnvironment {
    /** DJL's engine name of ONNX Runtime. */
    public static final String DJL_ENGINE = "OnnxRuntime";

    private SharedOrtEnvironment() {}

    /**
     * The process's ONNX Runtime environment, created by DJL's ONNX Runtime engine if it did not
     * exist yet.
     *
     * @return the shared environment (never closed by its users)
     */
    public static synchronized OrtEnvironment get() {
        Engine.getEngine(DJL_ENGINE);
        return OrtEnvironment.getEnvironment();
    }
}
