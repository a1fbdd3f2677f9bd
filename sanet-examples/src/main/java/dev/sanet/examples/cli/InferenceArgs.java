package dev.sanet.examples.cli;

import dev.sanet.core.Engines;
import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.FixedSizeNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Checks shared by {@code sanet eval} and {@code sanet predict}. */
final class InferenceArgs {

    private InferenceArgs() {}

    /**
     * Checks that a folder is a saved model.
     *
     * @param modelDir the {@code --model} value
     * @throws UserException naming the folder and the fix
     */
    static void checkModelDir(Path modelDir) {
        if (modelDir.getFileName() != null
                && modelDir.getFileName().toString().endsWith(".onnx")
                && Files.isRegularFile(modelDir)) {
            throw new UserException(
                    "--model "
                            + modelDir
                            + ": an exported ONNX graph runs on ONNX Runtime only: add --engine"
                            + " onnxruntime, or pass the model folder it was exported from");
        }
        if (!Files.isRegularFile(modelDir.resolve(SANetModel.METADATA))) {
            throw new UserException(
                    "--model "
                            + modelDir
                            + ": no "
                            + SANetModel.METADATA
                            + " (not a model folder): pass the model folder written by sanet train"
                            + " (OUT/model) or sanet demo (sanet-demo/model)");
        }
    }

    /**
     * Checks {@code --model} for an engine: a saved model folder on every engine, and on an
     * inference-only engine (ONNX Runtime) also an exported {@code .onnx} file or a folder holding
     * one (see {@code SANetModel.load}).
     *
     * @param model the {@code --model} value
     * @param engine the engine's name
     * @throws UserException naming the path and the fix
     */
    static void checkModel(Path model, String engine) {
        if (!Engines.trains(engine) && isExportedGraph(model)) {
            return;
        }
        checkModelDir(model);
    }

    /**
     * Says on standard error how a graph exported with a fixed size runs (windows of that size), so
     * that a user who meant one pass per image knows the fix; nothing for any other model.
     *
     * @param command the command's name, e.g. {@code predict}
     * @param path the {@code --model} value
     * @param model the loaded model
     */
    static void noteFixedSize(String command, Path path, SANetModel model) {
        if (!(model.model().getBlock() instanceof FixedSizeNetwork f)) {
            return;
        }
        int @org.jspecify.annotations.Nullable [] size = f.fixedSize();
        if (size != null) {
            System.err.printf(
                    Locale.ROOT,
                    "sanet %s: %s takes %dx%d images only (exported with --size): each image,"
                            + " scaled as usual, runs as %dx%d windows, padded where smaller;"
                            + " export without --size for one pass at each image's size%n",
                    command,
                    path,
                    size[0],
                    size[1],
                    size[0],
                    size[1]);
        }
    }

    private static boolean isExportedGraph(Path p) {
        if (Files.isRegularFile(p)) {
            return p.getFileName().toString().endsWith(".onnx");
        }
        if (!Files.isDirectory(p) || Files.isRegularFile(p.resolve(SANetModel.METADATA))) {
            return false;
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(".onnx"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Checks the evaluation scales.
     *
     * @param scales the {@code --scales} values
     * @throws UserException naming the bad scale
     */
    static void checkScales(List<Double> scales) {
        Ranges.scales("--scales", scales);
    }

    /** A {@code --pretrained} file must exist; null (none) is fine. */
    static void checkPretrained(@org.jspecify.annotations.Nullable Path file) {
        if (file != null && !java.nio.file.Files.isRegularFile(file)) {
            throw new UserException(
                    "--pretrained "
                            + file
                            + " does not exist: pass ImageNet backbone weights, a safetensors file"
                            + " (torchvision, timm, mmcv, PyTorch-Encoding) or a GluonCV .params"
                            + " file (see docs/training.md, 'ImageNet weights')");
        }
    }
}
