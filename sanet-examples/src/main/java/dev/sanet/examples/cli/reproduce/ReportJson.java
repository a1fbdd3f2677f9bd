package dev.sanet.examples.cli.reproduce;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import dev.sanet.core.io.StrictJson;

/**
 * JSON text and trees of the reports and row results, with the command line's conventions: pretty
 * printed, nulls written, strict JSON (a NaN or infinite number is written as null, {@link
 * StrictJson}), no HTML escaping. (The command line's own writer is not reachable from here: this
 * package depends on no other package of the command line.)
 */
final class ReportJson {

    private static final Gson GSON =
            StrictJson.builder()
                    .setPrettyPrinting()
                    .serializeNulls()
                    .disableHtmlEscaping()
                    .create();

    private ReportJson() {}

    /** A value (map, list, record) as JSON text. */
    static String toJson(Object value) {
        return StrictJson.toJson(GSON, value);
    }

    /** A value as a JSON tree, by the same rules. */
    static JsonElement toTree(Object value) {
        return GSON.toJsonTree(value);
    }
}
