/**
 * Static post-training int8 quantisation of a float ONNX graph to a QDQ graph: per-channel
 * symmetric int8 weights, uint8 activations with ranges calibrated on sample inputs, in the form
 * ONNX Runtime's QDQ transformer fuses into its integer kernels ({@code QLinearConv}, {@code
 * QLinearAdd}, ...). {@link dev.sanet.onnx.quantize.Int8Quantizer} is the entry point.
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.sanet.onnx.quantize;

import org.jspecify.annotations.NullMarked;
