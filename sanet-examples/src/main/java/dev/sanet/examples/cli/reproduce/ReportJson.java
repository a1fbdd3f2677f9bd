package dev.sanet.examples.cli.reproduce;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;

/**
 * JSON text and trees of the reports and row results, with the command line's conventions: pretty
 * printed, nulls written, NaN allowed, no HTML escaping. (The command line's own writer is not
 * reachable from here: this package depends on no other package of the command line.)
 */
final class ReportJson {

    private static final Gson GSON =
            new GsonBuilder()
                    .setPrettyPrinting()
                    .serializeNulls()
                    .serializeSpecialFloatingPointValues()
                    .disableHtmlEscaping()
                    .create();

    private ReportJson() {}

    /** A value (map, list, record) as JSON text. */
    static String toJson(Object value) {
        return GSON.toJson(value);
    }

    /** A value as a JSON tree, by the same rules. */
    static JsonElement toTree(Object value) {
        return GSON.toJsonTree(value);
    }
}
