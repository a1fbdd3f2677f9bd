package dev.sanet.core.training;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sanet.core.io.AtomicWrite;
import dev.sanet.core.io.ParameterNames;
import dev.sanet.core.io.Safetensors;
import dev.sanet.core.io.StrictJson;
import dev.sanet.core.nn.BackboneClassifier;
import dev.sanet.core.nn.EfficientNet;
import dev.sanet.core.nn.EfficientNetConvention;
import dev.sanet.core.nn.EfficientNetTorchvisionNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a pretraining run folder besides the checkpoints' parameters: the backbone's
 * safetensors written at the end, {@value Pretraining#METRICS} after every epoch, and the state
 * (settings and history) each checkpoint stores. Their formats are those {@code --pretrained} and
 * earlier runs' resumes read.
 */
final class PretrainingFiles {

    /** The term of an epoch's record holding the validation top-1. */
    static final String VAL_TOP1 = "valTop1";

    private static final Gson GSON = StrictJson.builder().setPrettyPrinting().create();

    private PretrainingFiles() {}

    /**
     * Writes the classifier's backbone and head as safetensors, atomically, under the names of the
     * family's ImageNet files: a ResNet's stable names and {@code fc.*}; an EfficientNet's
     * torchvision names ({@link EfficientNetTorchvisionNames}) for torchvision's conventions,
     * timm's (sanet's own) for timm's and TensorFlow's.
     *
     * @param net the trained classifier
     * @param file the file to write
     * @return the backbone tensors written, without the head's
     * @throws IOException when writing fails
     */
    static int writeBackbone(BackboneClassifier net, Path file) throws IOException {
        Map<String, Parameter> named = new LinkedHashMap<>();
        String prefix = "backbone.";
        // The classifier's stable names less the backbone prefix: the backbone's own names, then
        // the head's (fc.*; conv_head.*, bn2.*, classifier.*), the keys of the family's files.
        ParameterNames.of(net)
                .forEach(
                        (k, p) ->
                                named.put(
                                        k.startsWith(prefix) ? k.substring(prefix.length()) : k,
                                        p));
        boolean torchvision =
                net.backbone() instanceof EfficientNet e
                        && e.convention() == EfficientNetConvention.TORCHVISION;
        Map<String, Parameter> params = new LinkedHashMap<>();
        named.forEach(
                (k, p) ->
                        params.put(
                                torchvision
                                        ? EfficientNetTorchvisionNames.of(k, named.keySet())
                                        : k,
                                p));
        Map<String, Shape> shapes = new LinkedHashMap<>();
        params.forEach((k, p) -> shapes.put(k, p.getArray().getShape()));
        Safetensors.write(
                file,
                shapes,
                name -> params.get(name).getArray().toFloatArray(),
                Map.of(
                        "producer", "sanet pretrain",
                        "layout", Pretraining.describe(net.backbone()),
                        "pretrainedFormat", Pretraining.format(net.backbone()),
                        "classes", Integer.toString(net.numClasses())));
        return ParameterNames.of(net.backbone()).size();
    }

    /**
     * What a pretraining checkpoint stores: the run's settings under {@code config} and the
     * history.
     *
     * @param config the run's settings
     * @param history every epoch so far
     * @return a new object
     */
    static JsonObject state(JsonObject config, List<Pretraining.Epoch> history) {
        JsonObject o = new JsonObject();
        o.add("config", config);
        o.add("history", GSON.toJsonTree(history));
        return o;
    }

    /**
     * The history a checkpoint holds.
     *
     * @param state the checkpoint's state
     * @return the epochs, in order
     */
    static List<Pretraining.Epoch> readHistory(JsonObject state) {
        List<Pretraining.Epoch> out = new ArrayList<>();
        JsonElement h = state.get("history");
        if (h instanceof JsonArray a) {
            for (JsonElement e : a) {
                out.add(GSON.fromJson(e, Pretraining.Epoch.class));
            }
        }
        return out;
    }

    /**
     * Writes {@value Pretraining#METRICS} atomically.
     *
     * @param file the file
     * @param history every epoch so far
     * @throws IOException when writing fails
     */
    static void writeMetrics(Path file, List<Pretraining.Epoch> history) throws IOException {
        JsonObject o = new JsonObject();
        o.add("epochs", GSON.toJsonTree(history));
        AtomicWrite.writeString(file, StrictJson.toJson(GSON, o));
    }

    /**
     * The pretraining epochs of the loop's records.
     *
     * @param history the records
     * @return the epochs, in order
     */
    static List<Pretraining.Epoch> epochs(List<EpochRecord> history) {
        List<Pretraining.Epoch> out = new ArrayList<>();
        for (EpochRecord r : history) {
            out.add(
                    new Pretraining.Epoch(
                            r.epoch(),
                            r.iteration(),
                            r.learningRate(),
                            r.loss(),
                            r.terms().getOrDefault("top1", Double.NaN),
                            r.seconds(),
                            r.terms().getOrDefault(VAL_TOP1, Double.NaN)));
        }
        return out;
    }
}
