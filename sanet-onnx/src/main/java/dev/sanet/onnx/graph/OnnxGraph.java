package dev.sanet.onnx.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A growing ONNX graph: nodes, initializers, inputs and outputs, every tensor and node name unique.
 * Helpers add one operator each and return the name of its output, so that emitters read as the
 * computation they write ({@code y = g.op("Relu", x)}). All tensors are built with the {@code
 * ai.onnx.proto.OnnxMl} builders; float initializers carry their values as little-endian {@code
 * raw_data}, as ONNX's own tools write them.
 *
 * <p>Not thread-safe; one graph per export.
 */
public final class OnnxGraph {

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, Integer> used = new HashMap<>();
    private final Map<String, String> int64Constants = new HashMap<>();

    /**
     * Starts an empty graph.
     *
     * @param name the graph's name
     */
    public OnnxGraph(String name) {
        graph.setName(name);
    }

    /**
     * A name not used before in this graph, derived from a hint: the hint itself the first time,
     * then {@code hint_1}, {@code hint_2}, ...
     *
     * @param hint a readable name, e.g. the block path {@code backbone.layer1.0.conv1}
     * @return the unique name
     */
    public String unique(String hint) {
        String base = hint.isEmpty() ? "t" : hint;
        Integer n = used.get(base);
        if (n == null) {
            used.put(base, 0);
            return base;
        }
        String name;
        do {
            n++;
            name = base + "_" + n;
        } while (used.containsKey(name));
        used.put(base, n);
        used.put(name, 0);
        return name;
    }

    /**
     * Declares a float graph input of shape (dims), each dimension either a fixed size ({@code
     * Long}) or a symbolic name ({@code String}).
     *
     * @param name the input name, used as given
     * @param dims the dimensions
     * @return {@code name}
     */
    public String floatInput(String name, List<Object> dims) {
        used.put(name, 0);
        graph.addInput(valueInfo(name, dims));
        return name;
    }

    /**
     * Declares a float graph output and routes a tensor to it through an {@code Identity} node, so
     * that the output keeps its contract name whatever node made it.
     *
     * @param tensor the tensor to expose
     * @param name the output name
     * @param dims the dimensions, fixed sizes ({@code Long}) or symbolic names ({@code String});
     *     null for a shape left to the reader's inference
     * @return {@code name}
     */
    public String floatOutput(String tensor, String name, @Nullable List<Object> dims) {
        used.put(name, 0);
        graph.addNode(
                NodeProto.newBuilder()
                        .setOpType("Identity")
                        .setName(unique(name + "_identity"))
                        .addInput(tensor)
                        .addOutput(name));
        graph.addOutput(valueInfo(name, dims));
        return name;
    }

    private static ValueInfoProto valueInfo(String name, @Nullable List<Object> dims) {
        TypeProto.Tensor.Builder tensor =
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE);
        if (dims != null) {
            tensor.setShape(shape(dims));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(tensor))
                .build();
    }

    private static TensorShapeProto shape(List<Object> dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Number n) {
                dim.setDimValue(n.longValue());
            } else {
                dim.setDimParam(d.toString());
            }
            shape.addDim(dim);
        }
        return shape.build();
    }

    /**
     * Adds a float initializer (a weight).
     *
     * @param hint the name hint
     * @param values the values, row-major
     * @param dims the shape; its product must be {@code values.length}
     * @return the initializer's unique name
     * @throws IllegalArgumentException if the shape does not hold the values
     */
    public String floats(String hint, float[] values, long... dims) {
        long size = 1;
        for (long d : dims) {
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException(
                    hint
                            + ": "
                            + values.length
                            + " values do not fill the shape "
                            + dimsText(dims));
        }
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        String name = unique(hint);
        TensorProto.Builder t =
                TensorProto.newBuilder()
                        .setName(name)
                        .setDataType(TensorProto.DataType.FLOAT_VALUE)
                        // The buffer is this method's own and never written again: wrapping it
                        // saves a copy of every weight (100 MB for a ResNet50) at the export.
                        .setRawData(UnsafeByteOperations.unsafeWrap(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /**
     * A 1-D int64 initializer (shape arithmetic, axes); equal values share one initializer.
     *
     * @param values the values
     * @return the initializer's name
     */
    public String int64s(long... values) {
        String key = java.util.Arrays.toString(values);
        String existing = int64Constants.get(key);
        if (existing != null) {
            return existing;
        }
        String name = unique("const_i64");
        TensorProto.Builder t =
                TensorProto.newBuilder()
                        .setName(name)
                        .setDataType(TensorProto.DataType.INT64_VALUE)
                        .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        int64Constants.put(key, name);
        return name;
    }

    /**
     * Starts a node; finish it with {@link Node#output()}.
     *
     * @param opType the ONNX operator, e.g. {@code Conv}
     * @param hint the name hint of the node and its output
     * @param inputs the input tensor names ({@code ""} for an omitted optional input)
     * @return the node under construction
     */
    public Node node(String opType, String hint, String... inputs) {
        return new Node(opType, hint, inputs);
    }

    /**
     * Adds a node without attributes and one output.
     *
     * @param opType the ONNX operator
     * @param hint the name hint
     * @param inputs the inputs
     * @return the output's name
     */
    public String op(String opType, String hint, String... inputs) {
        return node(opType, hint, inputs).output();
    }

    /**
     * The number of nodes so far.
     *
     * @return the node count
     */
    public int nodeCount() {
        return graph.getNodeCount();
    }

    /**
     * The graph built so far.
     *
     * @return the graph
     */
    public GraphProto build() {
        return graph.build();
    }

    private static String dimsText(long[] dims) {
        return java.util.Arrays.toString(dims);
    }

    /** A node under construction: attributes, then {@link #output()}. */
    public final class Node {
        private final NodeProto.Builder node = NodeProto.newBuilder();
        private final String hint;

        private Node(String opType, String hint, String[] inputs) {
            this.hint = hint;
            node.setOpType(opType);
            for (String in : inputs) {
                node.addInput(in);
            }
        }

        /**
         * Adds an integer attribute.
         *
         * @param name the attribute
         * @param value its value
         * @return this node
         */
        public Node attr(String name, long value) {
            node.addAttribute(
                    AttributeProto.newBuilder()
                            .setName(name)
                            .setType(AttributeType.INT)
                            .setI(value));
            return this;
        }

        /**
         * Adds a float attribute.
         *
         * @param name the attribute
         * @param value its value
         * @return this node
         */
        public Node attr(String name, float value) {
            node.addAttribute(
                    AttributeProto.newBuilder()
                            .setName(name)
                            .setType(AttributeType.FLOAT)
                            .setF(value));
            return this;
        }

        /**
         * Adds a string attribute.
         *
         * @param name the attribute
         * @param value its value
         * @return this node
         */
        public Node attr(String name, String value) {
            node.addAttribute(
                    AttributeProto.newBuilder()
                            .setName(name)
                            .setType(AttributeType.STRING)
                            .setS(ByteString.copyFromUtf8(value)));
            return this;
        }

        /**
         * Adds an integer-list attribute.
         *
         * @param name the attribute
         * @param values its values
         * @return this node
         */
        public Node attrs(String name, long... values) {
            AttributeProto.Builder a =
                    AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
            for (long v : values) {
                a.addInts(v);
            }
            node.addAttribute(a);
            return this;
        }

        /**
         * Adds the node with one output.
         *
         * @return the output's unique name
         */
        public String output() {
            String out = unique(hint);
            node.setName(out).addOutput(out);
            graph.addNode(node);
            return out;
        }
    }
}
