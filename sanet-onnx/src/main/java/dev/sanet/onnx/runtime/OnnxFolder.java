package dev.sanet.onnx.runtime;

import dev.sanet.core.ModelFolder;
import dev.sanet.core.SANetModel;
import dev.sanet.core.ServingProperties;
import dev.sanet.onnx.OnnxExport;
import dev.sanet.onnx.OnnxExportReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An exported folder: the graph as {@value OnnxRuntimeEngine#FILE} beside a {@code
 * serving.properties} ({@link ServingProperties#ofOnnx}), so that plain DJL loads it with {@code
 * Criteria.builder().setTypes(Image.class, CategoryMask.class).optModelPath(dir)} on ONNX Runtime,
 * with sanet's translator reading the class names and normalisation from the file's metadata.
 * {@code SANetModel.load(dir, "onnxruntime")} loads it too.
 */
public final class OnnxFolder {

    private OnnxFolder() {}

    /**
     * Writes the folder (the graph atomically, then the properties).
     *
     * @param model the model to export (not changed)
     * @param export the export settings
     * @param dir the folder, created when missing
     * @return what was written for the graph
     * @throws IOException when writing fails
     */
    public static OnnxExportReport write(SANetModel model, OnnxExport export, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        OnnxExportReport report = export.write(model, dir.resolve(OnnxRuntimeEngine.FILE));
        ServingProperties.write(dir, ServingProperties.ofOnnx(ModelFolder.MODEL_NAME));
        return report;
    }
}
