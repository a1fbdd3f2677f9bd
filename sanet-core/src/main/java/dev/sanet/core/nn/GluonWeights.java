package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import dev.sanet.core.io.MxNetParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Imports ImageNet-pretrained backbone weights from a GluonCV {@code resnet*_v1s} {@code .params}
 * file (what {@code net.save_parameters} writes, e.g. {@code resnet101_v1s-*.params} from the
 * GluonCV model zoo) into a {@link ResNetV1s}, by the keys of {@link ResNetV1s#gluonParameters()}.
 * The paper fine-tunes from such weights (spec section 2.1); the files cannot be downloaded at run
 * time here, so the user passes one.
 *
 * <p>Every backbone key must be present with the same shape; keys with no counterpart (the
 * classifier {@code fc.*}) are ignored and reported. {@code arg:}/{@code aux:} prefixes (files
 * written by {@code export}) are stripped. The file is read by {@link MxNetParams}, in pure Java,
 * so the import works on every engine, not only MXNet.
 */
public final class GluonWeights {

    private GluonWeights() {}

    /**
     * What {@link #load} did.
     *
     * @param loaded how many backbone parameters were set
     * @param ignored the file's keys that have no backbone counterpart
     */
    public record Report(int loaded, List<String> ignored) {}

    /**
     * Copies the file's arrays into the backbone's (initialized) parameters. Every key and shape is
     * checked before the first value is copied, so a failure leaves the backbone unchanged.
     *
     * @param backbone an initialized backbone with float32 parameters
     * @param file the {@code .params} file
     * @return how many parameters were set and which keys were ignored
     * @throws IOException when reading an array's data fails
     * @throws IllegalArgumentException when the file is missing or not an MXNet NDArray list, a
     *     backbone key is missing or a shape differs (the message names the file, the key, both
     *     shapes and the likely cause)
     */
    public static Report load(ResNetV1s backbone, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "pretrained weights " + file + " do not exist or are not a file");
        }
        MxNetParams params;
        try {
            params = MxNetParams.open(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "pretrained weights "
                            + file
                            + " are not an MXNet/GluonCV .params file: "
                            + e.getMessage(),
                    e);
        }
        try (params) {
            Map<String, MxNetParams.Entry> byKey = params.arrays();
            Map<String, Parameter> wanted = backbone.gluonParameters();
            List<String> missing = new ArrayList<>();
            for (Map.Entry<String, Parameter> e : wanted.entrySet()) {
                MxNetParams.Entry from = byKey.get(e.getKey());
                if (from == null) {
                    missing.add(e.getKey());
                    continue;
                }
                NDArray to = e.getValue().getArray();
                if (!from.shape().equals(to.getShape())) {
                    throw new IllegalArgumentException(
                            "pretrained weights "
                                    + file
                                    + ": "
                                    + e.getKey()
                                    + " has shape "
                                    + from.shape()
                                    + ", the backbone expects "
                                    + to.getShape()
                                    + " (another depth or width? use the resnet*_v1s file of the"
                                    + " same backbone at base width 64)");
                }
                if (!isFloat(from.dataType()) || to.getDataType() != DataType.FLOAT32) {
                    throw new IllegalArgumentException(
                            "pretrained weights "
                                    + file
                                    + ": "
                                    + e.getKey()
                                    + " holds "
                                    + from.dataType()
                                    + ", expected floating point");
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(
                        "pretrained weights "
                                + file
                                + " lack "
                                + missing.size()
                                + " backbone key(s), e.g. "
                                + missing.subList(0, Math.min(3, missing.size()))
                                + ": expected a GluonCV resnet*_v1s .params file");
            }
            for (Map.Entry<String, Parameter> e : wanted.entrySet()) {
                NDArray to = e.getValue().getArray();
                // copyTo from a scoped temporary rather than set(): the engine's copy also writes
                // MXNet arrays held in MKL-DNN's layout after a forward pass.
                try (NDManager scope = to.getManager().newSubManager()) {
                    scope.create(params.readFloats(e.getKey()), to.getShape()).copyTo(to);
                }
            }
            List<String> ignored = new ArrayList<>();
            for (String k : byKey.keySet()) {
                if (!wanted.containsKey(k)) {
                    ignored.add(k);
                }
            }
            return new Report(wanted.size(), List.copyOf(ignored));
        }
    }

    /**
     * As {@link #load(ResNetV1s, Path)}, kept for existing callers: the manager is no longer
     * needed, since the file is read in pure Java and the temporary arrays of the copy live in
     * sub-managers of the parameters' own.
     *
     * @param backbone an initialized backbone
     * @param file the {@code .params} file
     * @param manager unused
     * @return how many parameters were set and which keys were ignored
     * @throws IOException when reading an array's data fails
     * @throws IllegalArgumentException as {@link #load(ResNetV1s, Path)}
     */
    public static Report load(ResNetV1s backbone, Path file, NDManager manager) throws IOException {
        return load(backbone, file);
    }

    private static boolean isFloat(DataType t) {
        return t == DataType.FLOAT32
                || t == DataType.FLOAT64
                || t == DataType.FLOAT16
                || t == DataType.BFLOAT16;
    }
}
