package dev.sanet.examples.cli;

import dev.sanet.core.SANetModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
