package dev.sanet.core.nn;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Imports a GluonCV {@code resnet*_v1*} {@code .params} file into a {@link ResNetV1s}: {@link
 * PretrainedWeights#load} with {@link PretrainedFormat#GLUONCV}, kept for the callers written
 * before {@link PretrainedWeights} read every family's weights.
 *
 * @deprecated use {@link PretrainedWeights#load(ResNetV1s, Path, PretrainedFormat)}, which reads
 *     GluonCV, torchvision, timm, mmcv and PyTorch-Encoding weights and reports more
 */
@Deprecated
public final class GluonWeights {

    private GluonWeights() {}

    /**
     * What {@link #load} did.
     *
     * @param loaded how many backbone parameters were set
     * @param ignored the file's keys that have no backbone counterpart (the classifier {@code
     *     fc.*})
     */
    public record Report(int loaded, List<String> ignored) {}

    /**
     * Copies a GluonCV file's arrays into the backbone's (initialized) parameters, with every check
     * of {@link PretrainedWeights#load}; a failure leaves the backbone unchanged.
     *
     * @param backbone an initialized backbone with float32 parameters
     * @param file the {@code .params} file
     * @return how many parameters were set and which keys were ignored
     * @throws IOException when reading an array's data fails
     * @throws IllegalArgumentException as {@link PretrainedWeights#load}
     */
    public static Report load(ResNetV1s backbone, Path file) throws IOException {
        PretrainedWeights.Report r =
                PretrainedWeights.load(backbone, file, PretrainedFormat.GLUONCV);
        return new Report(r.tensors(), r.ignored());
    }

    /**
     * As {@link #load(ResNetV1s, Path)}; the manager is not needed.
     *
     * @param backbone an initialized backbone
     * @param file the {@code .params} file
     * @param manager unused
     * @return how many parameters were set and which keys were ignored
     * @throws IOException when reading an array's data fails
     * @throws IllegalArgumentException as {@link PretrainedWeights#load}
     */
    public static Report load(ResNetV1s backbone, Path file, NDManager manager) throws IOException {
        return load(backbone, file);
    }
}
