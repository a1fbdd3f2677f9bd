package dev.sanet.examples.cli.reproduce;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An experiment's result: the JSON object ({@code NAME.json}, {@code --json}) and the Markdown page
 * ({@code NAME.md}, printed without {@code --json}).
 *
 * @param name the experiment's name, e.g. {@code table3}
 * @param json the JSON fields in order: {@code experiment}, ..., {@code rows} (each {@code name},
 *     {@code ours}, {@code paper}), ...
 * @param markdown the Markdown page
 */
public record Report(String name, Map<String, Object> json, String markdown) {

    /**
     * Keeps an unmodifiable copy of the fields, in their order.
     *
     * @param name the experiment's name
     * @param json the JSON fields
     * @param markdown the Markdown page
     */
    public Report {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(markdown, "markdown");
        json = Collections.unmodifiableMap(new LinkedHashMap<>(json));
    }
}
