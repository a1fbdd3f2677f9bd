package dev.sanet.examples.cli.reproduce;

import java.util.Map;
import java.util.Objects;

/**
 * A row with our figures for it, as {@link RowRunner#run} gave them.
 *
 * @param row the row
 * @param ours our figures; mutable, so that a report can drop or add fields
 */
public record RowResult(Row row, Map<String, Object> ours) {

    /**
     * Checks the fields.
     *
     * @param row the row
     * @param ours our figures
     */
    public RowResult {
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(ours, "ours");
    }
}
