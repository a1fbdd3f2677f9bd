package dev.sanet.examples.cli.reproduce;

import dev.sanet.core.SANet;
import dev.sanet.core.training.SANetLoss;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of an experiment: the network it trains, its loss, and the paper's values beside it.
 *
 * @param name the row's name in the reports and its folder under {@code NAME-runs}
 * @param def the network
 * @param loss the loss (the definition's, or with terms switched off)
 * @param paper the paper's values by JSON field (fractions; {@code null} where not reported)
 */
public record Row(String name, SANet def, SANetLoss loss, Map<String, @Nullable Object> paper) {

    /**
     * Keeps an unmodifiable copy of the paper's values, in their order.
     *
     * @param name the row's name
     * @param def the network
     * @param loss the loss
     * @param paper the paper's values
     */
    public Row {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(def, "def");
        Objects.requireNonNull(loss, "loss");
        paper = Collections.unmodifiableMap(new LinkedHashMap<>(paper));
    }

    /**
     * The paper's values from alternating keys and values, in that order.
     *
     * @param keyValues {@code "mIoU", 0.49, "pixAcc", null, ...}
     * @return an insertion-ordered map
     */
    public static Map<String, @Nullable Object> paper(@Nullable Object... keyValues) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) Objects.requireNonNull(keyValues[i]), keyValues[i + 1]);
        }
        return m;
    }

    /**
     * The folder name of this row under {@code NAME-runs}: the name with every character other than
     * letters, digits and {@code .=+-} replaced by {@code _}.
     *
     * @return the folder name
     */
    public String folderName() {
        return name.replaceAll("[^A-Za-z0-9.=+-]", "_");
    }
}
