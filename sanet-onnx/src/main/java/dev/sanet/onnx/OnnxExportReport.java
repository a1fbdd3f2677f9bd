package dev.sanet.onnx;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link OnnxExport#write} wrote: the fields of {@code sanet export onnx --json}.
 *
 * @param file the written file
 * @param opset the ONNX opset of the default domain
 * @param inputs the graph inputs, e.g. {@code ["image: float32 [batch, 3, height, width]"]}
 * @param outputs the graph outputs, e.g. {@code ["scores: float32 [batch, 21, height, width]"]}
 * @param precision {@code float32} for the float graph
 * @param nodes the number of nodes of the graph
 * @param bytes the file's size in bytes
 * @param prediction the prediction the graph gives, lower case ({@code mask}, {@code dense} or
 *     {@code sum})
 */
public record OnnxExportReport(
        Path file,
        int opset,
        List<String> inputs,
        List<String> outputs,
        String precision,
        int nodes,
        long bytes,
        String prediction) {

    /**
     * Copies the lists.
     *
     * @param file the written file
     * @param opset the opset
     * @param inputs the graph inputs
     * @param outputs the graph outputs
     * @param precision the precision
     * @param nodes the node count
     * @param bytes the file size
     * @param prediction the prediction
     */
    public OnnxExportReport {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
