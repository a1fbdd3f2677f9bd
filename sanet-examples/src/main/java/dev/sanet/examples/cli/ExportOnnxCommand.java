package dev.sanet.examples.cli;

import dev.sanet.core.ModelFolder;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANetModel;
import dev.sanet.onnx.OnnxExport;
import dev.sanet.onnx.OnnxExportReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sanet export onnx}: the model's inference network as an ONNX graph ({@link OnnxExport}):
 * the normalised image in, the chosen prediction's class scores at the input size out, the model's
 * classes and preprocessing in the file's metadata.
 */
@Command(
        name = "onnx",
        mixinStandardHelpOptions = true,
        description =
                "Writes the inference network as an ONNX graph: the normalised image (N, 3, H, W)"
                        + " in, the class scores (N, K, H, W) at the input size out; the model's"
                        + " classes and preprocessing in its metadata.")
final class ExportOnnxCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder.")
    Path modelDir;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "The .onnx file to write (refused if it exists, unless --overwrite).")
    Path out;

    @Option(
            names = "--size",
            paramLabel = "HxW",
            description =
                    "Fixes the input's height and width, e.g. 512x512 (default: symbolic height"
                            + " and width, any size).")
    @Nullable String size;

    @Option(
            names = "--prediction",
            paramLabel = "P",
            description =
                    "mask, dense or sum: the scores the graph gives (default: the model's own).")
    @Nullable String prediction;

    @Option(
            names = "--opset",
            paramLabel = "N",
            description = "ONNX opset, 13..21 (default 17: TensorRT 8.6+, OpenVINO, onnx 1.12).")
    int opset = OnnxExport.DEFAULT_OPSET;

    @Option(names = "--overwrite", description = "Replace an existing --out file.")
    boolean overwrite;

    // The int8 options (--int8, --calibration) join here; they change the precision reported.

    @Mixin EngineOption engine = new EngineOption();

    @Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() throws IOException {
        OnnxExport.Builder b = OnnxExport.builder().opset(opset);
        if (size != null) {
            int[] hw = parseSize(size);
            b.size(hw[0], hw[1]);
        }
        if (prediction != null) {
            b.prediction(parsePrediction(prediction));
        }
        OnnxExport export = b.build();
        InferenceArgs.checkModelDir(modelDir);
        checkOut();
        OnnxExportReport r;
        try (SANetModel model = load()) {
            r = export.write(model, out);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("file", r.file().toString());
        o.put("opset", r.opset());
        o.put("inputs", r.inputs());
        o.put("outputs", r.outputs());
        o.put("precision", r.precision());
        o.put("nodes", r.nodes());
        o.put("prediction", r.prediction());
        o.put("bytes", r.bytes());
        o.put("engine", engine.name());
        json.print(
                System.out,
                o,
                () ->
                        System.out.printf(
                                Locale.ROOT,
                                "wrote %s: ONNX opset %d, %s, %d nodes, %s prediction%n  in:  %s%n"
                                        + "  out: %s%n",
                                r.file(),
                                r.opset(),
                                r.precision(),
                                r.nodes(),
                                r.prediction(),
                                String.join(", ", r.inputs()),
                                String.join(", ", r.outputs())));
        return 0;
    }

    private void checkOut() {
        if (Files.isDirectory(out)) {
            throw new UserException(
                    "--out "
                            + out
                            + " is a folder: give a file name, e.g. "
                            + out.resolve("sanet.onnx"));
        }
        List<Path> inputs = ModelFolder.FILES.stream().map(modelDir::resolve).toList();
        OutputChecks.planned("--out", out, List.of(out), inputs, overwrite);
    }

    private SANetModel load() {
        try {
            return SANetModel.load(modelDir, engine.name());
        } catch (IOException e) {
            throw new UserException("--model " + e.getMessage(), e);
        }
    }

    /** Parses {@code HxW}, each side in 1..{@link Ranges#MAX_SIDE}. */
    static int[] parseSize(String text) {
        String[] p = text.toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                int h = Integer.parseInt(p[0].strip());
                int w = Integer.parseInt(p[1].strip());
                if (h >= 1 && w >= 1 && h <= Ranges.MAX_SIDE && w <= Ranges.MAX_SIDE) {
                    return new int[] {h, w};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserException(
                "--size "
                        + text
                        + ": expected HEIGHTxWIDTH, each in 1.."
                        + Ranges.MAX_SIDE
                        + ", e.g. 512x512");
    }

    /** Parses {@code mask}, {@code dense} or {@code sum}. */
    static Prediction parsePrediction(String text) {
        try {
            return Prediction.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("--prediction " + text + ": expected mask, dense or sum", e);
        }
    }
}
