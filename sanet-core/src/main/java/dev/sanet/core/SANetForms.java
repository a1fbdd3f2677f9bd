package dev.sanet.core;

import com.google.gson.JsonObject;
import dev.sanet.core.nn.EfficientNetConvention;
import dev.sanet.core.nn.Pooling;
import dev.sanet.core.nn.Stem;
import java.util.Locale;

/**
 * The written forms of a {@link SANet}: its one-line description ({@link SANet#toString()}) and its
 * JSON form, the {@code architecture} object of a model folder's {@code sanet.json} and of an
 * exported weights file's metadata, every setting under its builder name, enums by constant name.
 * {@code stem} and {@code avgDown} were added after the first models were saved; an object without
 * them reads as the deep 64-64-128 stem with strided shortcuts, which every earlier model had.
 * {@code efficientNetConvention} is written for EfficientNet backbones only; without it an
 * EfficientNet reads as torchvision's conventions.
 */
final class SANetForms {

    private SANetForms() {}

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
        if (d.backbone().isEfficientNet()) {
            a.addProperty("efficientNetConvention", d.efficientNetConvention().name());
        }
        return a;
    }

    /**
     * A builder holding a definition's settings.
     *
     * @param d the definition
     * @return a new builder
     */
    static SANet.Builder toBuilder(SANet d) {
        return SANet.builder()
                .backbone(d.backbone())
                .stem(d.stem())
                .avgDown(d.avgDown())
                .numClasses(d.numClasses())
                .heads(d.heads())
                .alpha(d.alpha())
                .beta(d.beta())
                .variant(d.variant())
                .outputStride(d.outputStride())
                .headKernel(d.headKernel())
                .pooling(d.pooling())
                .poolRatio(d.poolRatio())
                .prediction(d.prediction())
                .width(d.width())
                .dropout(d.dropout())
                .efficientNetConvention(d.efficientNetConvention());
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
                    .efficientNetConvention(
                            json.has("efficientNetConvention")
                                    ? EfficientNetConvention.valueOf(
                                            string(json, "efficientNetConvention"))
                                    : EfficientNetConvention.TORCHVISION)
                    .build();
        } catch (NullPointerException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(
                    "architecture " + json + " lacks a setting or has one of the wrong type", e);
        }
    }

    /**
     * The one-line description: every setting, the variant, backbone and stem by their command-line
     * names.
     *
     * @param d the definition
     * @return e.g. {@code SANet{variant=sanet, backbone=resnet101, ...}}
     */
    static String describe(SANet d) {
        return String.format(
                Locale.ROOT,
                "SANet{variant=%s, backbone=%s, stem=%s, avgDown=%s, numClasses=%d, heads=%d,"
                        + " alpha=%s, beta=%s, outputStride=%d, headKernel=%d, pooling=%s,"
                        + " poolRatio=%d, prediction=%s, width=%d, dropout=%s%s}",
                d.variant().cliName(),
                d.backbone().cliName(),
                d.stem().cliName(),
                d.avgDown(),
                d.numClasses(),
                d.heads(),
                d.alpha(),
                d.beta(),
                d.outputStride(),
                d.headKernel(),
                d.pooling(),
                d.poolRatio(),
                d.prediction(),
                d.width(),
                d.dropout(),
                d.backbone().isEfficientNet()
                        ? ", efficientNetConvention=" + d.efficientNetConvention().cliName()
                        : "");
    }

    private static String string(JsonObject json, String key) {
        if (!json.has(key)) {
            throw new IllegalArgumentException("architecture " + json + " has no " + key);
        }
        return json.get(key).getAsString();
    }
}
