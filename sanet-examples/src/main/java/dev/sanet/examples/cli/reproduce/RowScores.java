package dev.sanet.examples.cli.reproduce;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The scores of a trained row on the validation split, fractions 0..1; {@code null} where a score
 * does not exist (no validation, no labelled pixel).
 *
 * @param pixAcc pixel accuracy
 * @param mIoU mean IoU over the classes with a non-zero union
 * @param mIoUAllClasses mean IoU with absent classes counted as 0
 * @param perClassIoU IoU by class name ({@code null} for a class absent from both sides), or {@code
 *     null} when there was no validation
 */
public record RowScores(
        @Nullable Double pixAcc,
        @Nullable Double mIoU,
        @Nullable Double mIoUAllClasses,
        @Nullable Map<String, @Nullable Double> perClassIoU) {

    /**
     * Keeps an unmodifiable copy of the per-class map, in class order.
     *
     * @param pixAcc pixel accuracy
     * @param mIoU mean IoU
     * @param mIoUAllClasses mean IoU over all classes
     * @param perClassIoU IoU by class name, or {@code null}
     */
    public RowScores {
        perClassIoU =
                perClassIoU == null
                        ? null
                        : Collections.unmodifiableMap(new LinkedHashMap<>(perClassIoU));
    }

    /**
     * A score as a JSON value: a finite number, else {@code null} (NaN means "does not exist").
     *
     * @param value a score
     * @return the value, or {@code null} when it is not finite
     */
    public static @Nullable Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
