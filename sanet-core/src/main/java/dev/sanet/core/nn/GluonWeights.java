package dev.sanet.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * written by {@code export}) are stripped. Reading the file goes through {@link
 * NDManager#load(Path)}, which the MXNet engine implements for its NDArray list format.
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
     * Copies the file's arrays into the backbone's (initialized) parameters.
     *
     * @param backbone an initialized backbone
     * @param file the {@code .params} file
     * @param manager a manager for the temporary arrays read from the file (closed by the caller)
     * @return how many parameters were set and which keys were ignored
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when a backbone key is missing or a shape differs (the
     *     message names the key, both shapes and the likely cause)
     */
    public static Report load(ResNetV1s backbone, Path file, NDManager manager) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "pretrained weights " + file + " do not exist or are not a file");
        }
        NDList list;
        try {
            list = manager.load(file);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "pretrained weights "
                            + file
                            + " are not an MXNet/GluonCV .params file: "
                            + e.getMessage(),
                    e);
        }
        Map<String, NDArray> byKey = new LinkedHashMap<>();
        for (NDArray a : list) {
            String name = a.getName();
            if (name == null) {
                throw new IllegalArgumentException(
                        "pretrained weights "
                                + file
                                + " hold unnamed arrays: expected a .params file"
                                + " written by save_parameters");
            }
            if (name.startsWith("arg:") || name.startsWith("aux:")) {
                name = name.substring(4);
            }
            byKey.put(name, a);
        }
        Map<String, Parameter> wanted = backbone.gluonParameters();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : wanted.entrySet()) {
            NDArray from = byKey.get(e.getKey());
            if (from == null) {
                missing.add(e.getKey());
                continue;
            }
            NDArray to = e.getValue().getArray();
            if (!from.getShape().equals(to.getShape())) {
                throw new IllegalArgumentException(
                        "pretrained weights "
                                + file
                                + ": "
                                + e.getKey()
                                + " has shape "
                                + from.getShape()
                                + ", the backbone expects "
                                + to.getShape()
                                + " (another depth or width? use the resnet*_v1s file of the same"
                                + " backbone at base width 64)");
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
            byKey.get(e.getKey()).toType(to.getDataType(), false).copyTo(to);
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
