/**
 * ONNX export of sanet networks and ONNX Runtime as a sanet inference engine.
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.sanet.onnx;

import org.jspecify.annotations.NullMarked;
