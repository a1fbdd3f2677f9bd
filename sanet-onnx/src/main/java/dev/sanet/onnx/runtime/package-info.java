/**
 * ONNX Runtime as a sanet inference engine ({@code --engine onnxruntime}, {@code
 * SANetModel.load(dir, "onnxruntime")}): {@link dev.sanet.onnx.runtime.OnnxRuntimeEngine} loads a
 * model folder (exported to ONNX in memory) or an exported file into DJL's ONNX Runtime engine and
 * hands back a {@code SANetModel} that runs through the one prediction route; the NDArray work
 * around the graph stays on the default engine.
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.sanet.onnx.runtime;

import org.jspecify.annotations.NullMarked;
