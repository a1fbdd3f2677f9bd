package dev.sanet.core.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Strict JSON for every file sanet writes: RFC 8259 has no NaN or Infinity, and strict parsers
 * (Python's {@code json} with {@code parse_constant}, JavaScript, jq) reject them, so a non-finite
 * number (an epoch without validation, a class absent from a split) is written as {@code null}.
 * Readers still accept files written before, which hold bare {@code NaN}: Gson's {@code fromJson}
 * reads leniently, and a {@link #builder()}'s Gson reads {@code null} into a {@code double} or
 * {@code float} as NaN (not Gson's usual 0), so a value keeps its meaning through a round trip.
 */
public final class StrictJson {

    private StrictJson() {}

    /**
     * A Gson builder that reads {@code null} (and {@code NaN}) into {@code double} and {@code
     * float} as NaN, and writes non-finite ones without failing ({@link #toJson} then makes them
     * {@code null}). Add pretty printing and the like as usual.
     *
     * @return a new builder
     */
    public static GsonBuilder builder() {
        return new GsonBuilder()
                .serializeSpecialFloatingPointValues()
                .registerTypeAdapter(double.class, new NanDouble())
                .registerTypeAdapter(float.class, new NanFloat());
    }

    /**
     * A value as strict JSON, in {@code gson}'s layout (pretty or compact, HTML escaping): every
     * NaN or infinite number becomes {@code null}, kept as a member so that readers see it.
     *
     * @param gson the Gson whose adapters and layout are used
     * @param value the value, a {@link JsonElement} or anything Gson serialises
     * @return the JSON text
     */
    public static String toJson(Gson gson, Object value) {
        JsonElement tree = value instanceof JsonElement e ? e : gson.toJsonTree(value);
        StringWriter text = new StringWriter();
        try {
            JsonWriter w = gson.newJsonWriter(text);
            w.setSerializeNulls(true);
            gson.getAdapter(JsonElement.class).write(w, finite(tree));
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return text.toString();
    }

    /**
     * A copy of a JSON tree with every NaN or infinite number replaced by {@code null}.
     *
     * @param element the tree
     * @return the copy (the element itself when it holds no number to replace)
     */
    public static JsonElement finite(JsonElement element) {
        if (element.isJsonPrimitive()) {
            JsonPrimitive p = element.getAsJsonPrimitive();
            if (p.isNumber()) {
                double d = p.getAsDouble();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    return JsonNull.INSTANCE;
                }
            }
            return element;
        }
        if (element.isJsonArray()) {
            JsonArray out = new JsonArray();
            for (JsonElement e : element.getAsJsonArray()) {
                out.add(finite(e));
            }
            return out;
        }
        if (element.isJsonObject()) {
            JsonObject out = new JsonObject();
            for (Map.Entry<String, JsonElement> e : element.getAsJsonObject().entrySet()) {
                out.add(e.getKey(), finite(e.getValue()));
            }
            return out;
        }
        return element;
    }

    /** {@code double}: null or NaN read as NaN; written as is (lenient writers take NaN). */
    private static final class NanDouble extends TypeAdapter<Double> {
        @Override
        public void write(JsonWriter out, Double value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(value.doubleValue());
            }
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return Double.NaN;
            }
            return in.nextDouble();
        }
    }

    /** {@code float}: null or NaN read as NaN; written as is. */
    private static final class NanFloat extends TypeAdapter<Float> {
        @Override
        public void write(JsonWriter out, Float value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(value.floatValue());
            }
        }

        @Override
        public Float read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return Float.NaN;
            }
            return (float) in.nextDouble();
        }
    }
}
