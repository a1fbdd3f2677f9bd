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

    private static final Gson GSON = StrictJson.builder().setPrettyPrinting().create();

    private PretrainingFiles() {}

    /**
     * Writes the classifier's backbone (and its {@code fc}) as safetensors, atomically.
     *
     * @param net the trained classifier
     * @param file the file to write
     * @return the backbone tensors written, without {@code fc.*}
     * @throws IOException when writing fails
     */
    static int writeBackbone(BackboneClassifier net, Path file) throws IOException {
        Map<String, Parameter> params = new LinkedHashMap<>(ParameterNames.of(net.backbone()));
        int backboneTensors = params.size();
        for (Map.Entry<String, Parameter> e : ParameterNames.of(net.fc()).entrySet()) {
            params.put("fc." + e.getKey(), e.getValue());
        }
        Map<String, Shape> shapes = new LinkedHashMap<>();
        params.forEach((k, p) -> shapes.put(k, p.getArray().getShape()));
        Safetensors.write(
                file,
                shapes,
                name -> params.get(name).getArray().toFloatArray(),
                Map.of(
                        "producer", "sanet pretrain",
                        "layout", net.backbone().layout().describe(),
                        "pretrainedFormat", Pretraining.formatOf(net.backbone()),
                        "classes", Integer.toString(net.numClasses())));
        return backboneTensors;
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
}
