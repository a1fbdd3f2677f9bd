package dev.sanet.core;

import com.google.gson.JsonObject;
import dev.sanet.core.nn.Pooling;
import dev.sanet.core.nn.Stem;

/**
 * The JSON form of a {@link SANet}: the {@code architecture} object of a model folder's {@code
 * sanet.json} and of an exported weights file's metadata, every setting under its builder name,
 * enums by constant name. {@code stem} and {@code avgDown} were added after the first models were
 * saved; an object without them reads as the deep 64-64-128 stem with strided shortcuts, which
 * every earlier model had.
 */
final class SANetJson {

    private SANetJson() {}

    /**
     * A definition as JSON.
     *
     * @param d the definition
     * @return a new JSON object
     */
    static JsonObject toJson(SANet d) {
        JsonObject a = new JsonObject();
        a.addProperty("backbone", d.backbone().name());
        a.addProperty("stem", d.stem().name());
        a.addProperty("avgDown", d.avgDown());
        a.addProperty("numClasses", d.numClasses());
        a.addProperty("variant", d.variant().name());
        a.addProperty("heads", d.heads());
        a.addProperty("alpha", d.alpha());
        a.addProperty("beta", d.beta());
        a.addProperty("outputStride", d.outputStride());
        a.addProperty("headKernel", d.headKernel());
        a.addProperty("pooling", d.pooling().name());
        a.addProperty("poolRatio", d.poolRatio());
        a.addProperty("prediction", d.prediction().name());
        a.addProperty("width", d.width());
        a.addProperty("dropout", d.dropout());
        return a;
    }

    /**
     * Reads a definition written by {@link #toJson}, validating it like {@link
     * SANet.Builder#build()}.
     *
     * @param json the {@code architecture} object
     * @return the definition
     * @throws IllegalArgumentException naming the missing or bad setting
     */
    static SANet fromJson(JsonObject json) {
        try {
            return SANet.builder()
                    .backbone(Backbone.valueOf(string(json, "backbone")))
                    .stem(json.has("stem") ? Stem.valueOf(string(json, "stem")) : Stem.DEEP_64)
                    .avgDown(json.has("avgDown") && json.get("avgDown").getAsBoolean())
                    .numClasses(json.get("numClasses").getAsInt())
                    .variant(Variant.valueOf(string(json, "variant")))
                    .heads(json.get("heads").getAsInt())
                    .alpha(json.get("alpha").getAsDouble())
                    .beta(json.get("beta").getAsDouble())
                    .outputStride(json.get("outputStride").getAsInt())
                    .headKernel(json.get("headKernel").getAsInt())
                    .pooling(Pooling.valueOf(string(json, "pooling")))
                    .poolRatio(json.get("poolRatio").getAsInt())
                    .prediction(Prediction.valueOf(string(json, "prediction")))
                    .width(json.get("width").getAsInt())
                    .dropout(json.get("dropout").getAsDouble())
                    .build();
        } catch (NullPointerException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(
                    "architecture " + json + " lacks a setting or has one of the wrong type", e);
        }
    }

    private static String string(JsonObject json, String key) {
        if (!json.has(key)) {
            throw new IllegalArgumentException("architecture " + json + " has no " + key);
        }
        return json.get(key).getAsString();
    }
}
