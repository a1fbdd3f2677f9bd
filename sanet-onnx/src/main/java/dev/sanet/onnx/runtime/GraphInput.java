package dev.sanet.onnx.runtime;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The height and width an exported graph's image input is fixed to ({@code sanet export onnx --size
 * HxW}), so that the route feeds it exactly that size ({@code FixedSizeNetwork}).
 */
final class GraphInput {

    private GraphInput() {}

    /**
     * The fixed size of a file's first input, read without loading the weights: the stream skips
     * every field but the graph's inputs.
     *
     * @param file an ONNX file
     * @return {@code {height, width}}, or null when either is symbolic or the input is not rank 4
     * @throws IOException when the file cannot be read or is not an ONNX model
     */
    static int @Nullable [] fixedSize(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            CodedInputStream c = CodedInputStream.newInstance(in);
            c.setSizeLimit(Integer.MAX_VALUE);
            for (int tag = c.readTag(); tag != 0; tag = c.readTag()) {
                if (!isMessage(tag, ModelProto.GRAPH_FIELD_NUMBER)) {
                    c.skipField(tag);
                    continue;
                }
                int limit = c.pushLimit(c.readRawVarint32());
                for (int t = c.readTag(); t != 0; t = c.readTag()) {
                    if (isMessage(t, GraphProto.INPUT_FIELD_NUMBER)) {
                        return fixedSize(ValueInfoProto.parseFrom(c.readBytes()));
                    }
                    c.skipField(t);
                }
                c.popLimit(limit);
            }
            return null;
        }
    }

    /** Whether a tag starts the field of that number holding a message. */
    private static boolean isMessage(int tag, int number) {
        return WireFormat.getTagFieldNumber(tag) == number
                && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }

    private static int @Nullable [] fixedSize(ValueInfoProto input) {
        TensorShapeProto shape = input.getType().getTensorType().getShape();
        if (shape.getDimCount() != 4
                || !shape.getDim(2).hasDimValue()
                || !shape.getDim(3).hasDimValue()) {
            return null;
        }
        return new int[] {
            Math.toIntExact(shape.getDim(2).getDimValue()),
            Math.toIntExact(shape.getDim(3).getDimValue())
        };
    }
}
