package dev.sanet.examples.cli;

import com.google.gson.Gson;
import dev.sanet.core.io.StrictJson;
import java.io.PrintStream;

/** Writes one JSON object per command to standard output (logs go to standard error). */
final class Json {
    private static final Gson GSON =
            StrictJson.builder()
                    .setPrettyPrinting()
                    .serializeNulls()
                    .disableHtmlEscaping()
                    .create();

    private Json() {}

    /**
     * Serialises a value to JSON text.
     *
     * @param value a map, record or bean
     * @return the JSON text
     */
    static String toJson(Object value) {
        return StrictJson.toJson(GSON, value);
    }

    /**
     * Converts a value to a JSON tree (same rules as {@link #toJson}).
     *
     * @param value a map, record or bean
     * @return the tree
     */
    static com.google.gson.JsonElement toTree(Object value) {
        return GSON.toJsonTree(value);
    }

    /**
     * Prints a value as one JSON object followed by a newline.
     *
     * @param out the stream, normally standard output
     * @param value a map, record or bean
     */
    static void print(PrintStream out, Object value) {
        out.println(toJson(value));
        out.flush();
    }
}
