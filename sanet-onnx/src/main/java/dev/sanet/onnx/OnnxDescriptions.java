package dev.sanet.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Short readable descriptions of graph inputs and outputs, for reports. */
final class OnnxDescriptions {

    private OnnxDescriptions() {}

    /**
     * Describes a graph input or output.
     *
     * @param v the value
     * @return e.g. {@code image: float32 [batch, 3, height, width]}
     */
    static String describe(ValueInfoProto v) {
        var t = v.getType().getTensorType();
        TensorProto.DataType type = TensorProto.DataType.forNumber(t.getElemType());
        String typeName =
                type == TensorProto.DataType.FLOAT
                        ? "float32"
                        : type == null ? "?" : type.name().toLowerCase(Locale.ROOT);
        List<String> dims = new ArrayList<>();
        for (TensorShapeProto.Dimension d : t.getShape().getDimList()) {
            dims.add(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam());
        }
        return v.getName() + ": " + typeName + " [" + String.join(", ", dims) + "]";
    }
}
