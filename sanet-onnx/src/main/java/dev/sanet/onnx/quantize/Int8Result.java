package dev.sanet.onnx.quantize;

import ai.onnx.proto.OnnxMl.ModelProto;

/**
 * A quantised model and the report of what was quantised.
 *
 * @param model the QDQ model: same inputs, outputs and metadata as the float model, plus {@code
 *     sanet.quantization}
 * @param report what was quantised and what stayed float
 */
public record Int8Result(ModelProto model, Int8Report report) {}
