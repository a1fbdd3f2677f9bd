/**
 * A small builder of ONNX graphs on the {@code ai.onnx.proto.OnnxMl} protobuf classes: unique
 * names, float and int64 initializers, nodes with attributes.
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.sanet.onnx.graph;

import org.jspecify.annotations.NullMarked;
