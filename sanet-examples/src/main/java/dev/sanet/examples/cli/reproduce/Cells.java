package dev.sanet.examples.cli.reproduce;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The formatting the reports share: table cells in percent and the JSON row shape. */
final class Cells {

    private Cells() {}

    /** A fraction as a percent with one decimal, or {@code n/a}. */
    static String percent(@Nullable Object fraction) {
        return fraction instanceof Number d
                ? String.format(Locale.ROOT, "%.1f", 100 * d.doubleValue())
                : "n/a";
    }

    /** A fraction as a signed percent with one decimal, or {@code n/a}. */
    static String signedPercent(@Nullable Object fraction) {
        return fraction instanceof Number d
                ? String.format(Locale.ROOT, "%+.1f", 100 * d.doubleValue())
                : "n/a";
    }

    /** {@code a - b} when both are numbers, else null. */
    static @Nullable Double delta(@Nullable Object a, @Nullable Object b) {
        return a instanceof Number x && b instanceof Number y
                ? x.doubleValue() - y.doubleValue()
                : null;
    }

    /** One JSON row: {@code name}, {@code ours}, {@code paper}. */
    static Map<String, Object> row(
            String name, Map<String, Object> ours, Map<String, @Nullable Object> paper) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        row.put("ours", ours);
        row.put("paper", paper);
        return row;
    }
}
