package dev.sanet.onnx;

import ai.djl.nn.Block;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import dev.sanet.core.Prediction;
import dev.sanet.core.RuntimeInfo;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.io.AtomicWrite;
import dev.sanet.core.settings.SettingException;
import dev.sanet.onnx.forms.BlockForms;
import dev.sanet.onnx.forms.Emission;
import dev.sanet.onnx.graph.OnnxGraph;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Exports a sanet model's inference network as an ONNX graph, a file that ONNX Runtime, TensorRT
 * and OpenVINO read:
 *
 * <pre>{@code
 * try (SANetModel model = SANetModel.load(dir)) {
 *     OnnxExport.builder().build().write(model, Path.of("sanet.onnx"));
 * }
 * }</pre>
 *
 * <p>The graph: one input {@value #INPUT}, float (N, 3, H, W), the image normalised as the model's
 * {@code ImagePreparation} does it; one output {@value #OUTPUT}, float (N, K, H, W), the chosen
 * prediction's class logits (before softmax) at the input's size, what {@code
 * SANet.predictionLogits} picks from the network's inference forward pass. H and W are symbolic
 * ({@code height}, {@code width}) unless {@link Builder#size} fixes them; N is symbolic ({@code
 * batch}). Batch norms are folded into the convolutions (in the exported weights; the model is not
 * changed), resizes are bilinear with aligned corners, and only the layers the prediction reads are
 * written. The model's classes, normalisation, base and crop size and its whole {@code sanet.json}
 * go into the file's metadata ({@link OnnxMetadata}).
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()}.
 */
public final class OnnxExport {

    /** The graph input's name. */
    public static final String INPUT = "image";

    /** The graph output's name. */
    public static final String OUTPUT = "scores";

    /** The default opset: what TensorRT 8.6+, OpenVINO and onnx 1.12 read. */
    public static final int DEFAULT_OPSET = 17;

    /** The lowest opset written. */
    public static final int MIN_OPSET = 13;

    /** The highest opset written. */
    public static final int MAX_OPSET = 21;

    private final @Nullable Prediction prediction;
    private final int height;
    private final int width;
    private final int opset;
    private final BlockForms forms;

    private OnnxExport(Builder b) {
        this.prediction = b.prediction;
        this.height = b.height;
        this.width = b.width;
        this.opset = b.opset;
        this.forms = b.forms;
    }

    /**
     * Starts a builder: the model's own prediction, symbolic height and width, opset 17.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The input size the graph is fixed to.
     *
     * @return {@code {height, width}}, or null for a graph of symbolic size (the default)
     */
    public int @Nullable [] fixedSize() {
        return height > 0 ? new int[] {height, width} : null;
    }

    /**
     * The opset of the default domain.
     *
     * @return 13..21
     */
    public int opset() {
        return opset;
    }

    /**
     * The ONNX IR version written with the opset: the oldest IR that the opset's release defined,
     * so that older readers (onnx 1.12 reads IR 8) accept it.
     *
     * @param opset an opset of the default domain
     * @return 7 for opsets 13 and 14, 8 for 15 to 18, 9 for 19 and 20, 10 for 21
     */
    public static int irVersion(int opset) {
        if (opset <= 14) {
            return 7;
        }
        if (opset <= 18) {
            return 8;
        }
        return opset <= 20 ? 9 : 10;
    }

    /**
     * The prediction the graph of a model gives: the builder's, or the model's own; {@link
     * Prediction#DENSE} for a network that only has the dense output (FCN, FCN-SE, zero heads).
     *
     * @param definition the network's definition
     * @return the prediction
     */
    public Prediction predictionFor(SANet definition) {
        if (!definition.hasAttentionOutputs()) {
            return Prediction.DENSE;
        }
        return prediction != null ? prediction : definition.prediction();
    }

    /**
     * The model's inference network as a float ONNX model.
     *
     * @param model the model (not changed)
     * @return the model proto
     * @throws OnnxExportException if the network holds a block with no ONNX form
     */
    public ModelProto toProto(SANetModel model) {
        SANet def = model.definition();
        Prediction p = predictionFor(def);
        OnnxGraph g = new OnnxGraph("sanet");
        Object h = height > 0 ? (Object) (long) height : "height";
        Object w = width > 0 ? (Object) (long) width : "width";
        String image = g.floatInput(INPUT, List.of("batch", 3L, h, w));
        Emission e = new Emission(g, forms, p);
        if (height > 0) {
            e.fixedSize(image, height, width);
        }
        List<String> out = e.child(model.model().getBlock(), "", List.of(image));
        g.floatOutput(out.get(0), OUTPUT, List.of("batch", (long) def.numClasses(), h, w));
        return wrap(g, "sanet " + def.backbone().name().toLowerCase(Locale.ROOT))
                .addAllMetadataProps(OnnxMetadata.entries(model.metadata(), p))
                .build();
    }

    /**
     * Any supported block (a SANet block, a backbone, a single module) as a float ONNX model with
     * one input {@code input} of rank 4 with symbolic dimensions and one output per block output,
     * {@code output0}, {@code output1}, ...: how the parity tests check each block type, and the
     * entry for a network built outside a model folder.
     *
     * @param block the initialised block (not changed)
     * @param prediction the prediction a SANet block gives
     * @return the model proto
     * @throws OnnxExportException if the block is or holds a block with no ONNX form
     */
    public ModelProto blockProto(Block block, Prediction prediction) {
        OnnxGraph g = new OnnxGraph(block.getClass().getSimpleName());
        String in = g.floatInput("input", List.of("n", "c", "h", "w"));
        List<String> out = new Emission(g, forms, prediction).child(block, "", List.of(in));
        for (int i = 0; i < out.size(); i++) {
            g.floatOutput(out.get(i), "output" + i, null);
        }
        return wrap(g, block.getClass().getSimpleName()).build();
    }

    private ModelProto.Builder wrap(OnnxGraph g, String doc) {
        return ModelProto.newBuilder()
                .setIrVersion(irVersion(opset))
                .setProducerName("sanet")
                .setProducerVersion(RuntimeInfo.sanetVersion())
                .setDocString(doc)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(g.build());
    }

    /**
     * Exports a model to a file atomically (a temporary file in the same folder, renamed over the
     * target when complete), replacing an existing file.
     *
     * @param model the model (not changed)
     * @param out the {@code .onnx} file to write
     * @return what was written
     * @throws IOException when writing fails
     * @throws OnnxExportException if the network holds a block with no ONNX form
     */
    public OnnxExportReport write(SANetModel model, Path out) throws IOException {
        ModelProto proto = toProto(model);
        writeProto(proto, out);
        return report(proto, out, "float32", predictionFor(model.definition()));
    }

    /**
     * Writes any model proto atomically (for example a quantised one).
     *
     * @param proto the model
     * @param out the file
     * @throws IOException when writing fails
     */
    public static void writeProto(ModelProto proto, Path out) throws IOException {
        byte[] bytes = proto.toByteArray();
        AtomicWrite.write(out, ch -> AtomicWrite.writeFully(ch, ByteBuffer.wrap(bytes)));
    }

    /**
     * The report of a written model proto.
     *
     * @param proto the model written
     * @param file where it was written
     * @param precision {@code float32} or, for a quantised graph, {@code int8}
     * @param prediction the prediction the graph gives
     * @return the report
     * @throws IOException when the file's size cannot be read
     */
    public static OnnxExportReport report(
            ModelProto proto, Path file, String precision, Prediction prediction)
            throws IOException {
        List<String> inputs = new ArrayList<>();
        proto.getGraph().getInputList().forEach(v -> inputs.add(OnnxDescriptions.describe(v)));
        List<String> outputs = new ArrayList<>();
        proto.getGraph().getOutputList().forEach(v -> outputs.add(OnnxDescriptions.describe(v)));
        int opset =
                proto.getOpsetImportList().stream()
                        .filter(o -> o.getDomain().isEmpty())
                        .mapToInt(o -> (int) o.getVersion())
                        .findFirst()
                        .orElse(0);
        return new OnnxExportReport(
                file,
                opset,
                inputs,
                outputs,
                precision,
                proto.getGraph().getNodeCount(),
                Files.size(file),
                prediction.name().toLowerCase(Locale.ROOT));
    }

    /** Builder of {@link OnnxExport}; {@link #build()} validates. */
    public static final class Builder {
        private @Nullable Prediction prediction;
        private int height;
        private int width;
        private boolean sized;
        private int opset = DEFAULT_OPSET;
        private BlockForms forms = BlockForms.standard();

        private Builder() {}

        /**
         * Sets the prediction the graph gives (default: the model's own).
         *
         * @param prediction mask, dense or sum
         * @return this builder
         */
        public Builder prediction(Prediction prediction) {
            this.prediction = java.util.Objects.requireNonNull(prediction, "prediction");
            return this;
        }

        /**
         * Fixes the input's height and width (default: symbolic).
         *
         * @param height at least 1
         * @param width at least 1
         * @return this builder
         */
        public Builder size(int height, int width) {
            this.height = height;
            this.width = width;
            this.sized = true;
            return this;
        }

        /**
         * Sets the opset of the default domain.
         *
         * @param opset 13..21 (default 17)
         * @return this builder
         */
        public Builder opset(int opset) {
            this.opset = opset;
            return this;
        }

        /**
         * Sets the form table (default {@link BlockForms#standard()}), for a network with a block
         * type of the user's own.
         *
         * @param forms the table
         * @return this builder
         */
        public Builder forms(BlockForms forms) {
            this.forms = java.util.Objects.requireNonNull(forms, "forms");
            return this;
        }

        /**
         * Validates the settings and creates the exporter.
         *
         * @return the exporter
         * @throws SettingException naming {@code opset} outside 13..21 or a size below 1
         */
        public OnnxExport build() {
            if (opset < MIN_OPSET || opset > MAX_OPSET) {
                throw new SettingException("opset", opset, MIN_OPSET + ".." + MAX_OPSET);
            }
            if (sized && height < 1) {
                throw new SettingException("height", height, ">= 1");
            }
            if (sized && width < 1) {
                throw new SettingException("width", width, ">= 1");
            }
            return new OnnxExport(this);
        }
    }
}
