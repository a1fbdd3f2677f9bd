package dev.sanet.examples.cli;

import java.util.List;
import java.util.Locale;

/**
 * Range checks of numeric options, run before a command does any work: each failure is one line
 * naming the flag, the value given and the range allowed (exit status 2).
 *
 * <p>The upper bounds are sanity bounds rather than hard limits of the code: they stop a typo (a
 * crop of 48000, a scale of 100) before it allocates tens of gigabytes. A setting whose range a
 * library builder owns is not checked here: the builder's {@code SettingException} is printed under
 * the command's flag by the root ({@link SettingFlags}).
 */
final class Ranges {

    /** The smallest image side the networks take (the attention pooling needs 1/8 maps). */
    static final int MIN_SIDE = 32;

    /** The largest crop, base size or input side accepted. */
    static final int MAX_SIDE = 4096;

    /** The largest evaluation scale accepted. */
    static final double MAX_SCALE = 4;

    /** The largest learning rate accepted. */
    static final double MAX_LR = 10;

    /** The largest batch size accepted. */
    static final int MAX_BATCH = 1024;

    /** The largest number of epochs accepted. */
    static final int MAX_EPOCHS = 100_000;

    private Ranges() {}

    /**
     * Checks an integer option.
     *
     * @param flag the option, such as {@code --batch}
     * @param value the value given
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the value
     * @throws UserException naming the flag, the value and the range
     */
    static int check(String flag, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UserException(
                    String.format(
                            Locale.ROOT,
                            "%s %d: expected an integer in %d..%d",
                            flag,
                            value,
                            min,
                            max));
        }
        return value;
    }

    /**
     * Checks an optional integer option; null (the command's default) passes.
     *
     * @param flag the option
     * @param value the value given, or null
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @throws UserException naming the flag, the value and the range
     */
    static void optional(
            String flag, @org.jspecify.annotations.Nullable Integer value, int min, int max) {
        if (value != null) {
            check(flag, value.intValue(), min, max);
        }
    }

    /**
     * Checks a side (crop, base size, image size): an integer in {@value #MIN_SIDE}..{@value
     * #MAX_SIDE}.
     *
     * @param flag the option
     * @param value the value given
     * @return the value
     * @throws UserException naming the flag, the value and the range
     */
    static int side(String flag, int value) {
        return check(flag, value, MIN_SIDE, MAX_SIDE);
    }

    /**
     * Checks a side that also takes the sentinels -1 (the model's value) and 0 (a documented
     * special meaning, such as no sliding window).
     *
     * @param flag the option
     * @param value the value given
     * @param minusOne what -1 means, for the message
     * @param zero what 0 means, for the message
     * @return the value
     * @throws UserException naming the flag, the value and what is allowed
     */
    static int sideOrSentinel(String flag, int value, String minusOne, String zero) {
        if (value == -1 || value == 0 || (value >= MIN_SIDE && value <= MAX_SIDE)) {
            return value;
        }
        throw new UserException(
                String.format(
                        Locale.ROOT,
                        "%s %d: expected -1 (%s), 0 (%s) or an integer in %d..%d",
                        flag,
                        value,
                        minusOne,
                        zero,
                        MIN_SIDE,
                        MAX_SIDE));
    }

    /**
     * Checks a positive real option: finite and in {@code (0, max]}.
     *
     * @param flag the option
     * @param value the value given
     * @param max the largest value allowed
     * @return the value
     * @throws UserException naming the flag, the value and the range
     */
    static double positive(String flag, double value, double max) {
        if (!(value > 0 && value <= max)) {
            throw new UserException(
                    String.format(
                            Locale.ROOT,
                            "%s %s: expected a number in (0, %s]",
                            flag,
                            value,
                            trim(max)));
        }
        return value;
    }

    /**
     * Checks a real option in a closed range {@code [min, max]} (finite by construction).
     *
     * @param flag the option
     * @param value the value given
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the value
     * @throws UserException naming the flag, the value and the range
     */
    static double between(String flag, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new UserException(
                    String.format(
                            Locale.ROOT,
                            "%s %s: expected a number in [%s, %s]",
                            flag,
                            value,
                            trim(min),
                            trim(max)));
        }
        return value;
    }

    /**
     * Checks evaluation scales: at least one, each finite and in {@code (0, }{@value
     * #MAX_SCALE}{@code ]}.
     *
     * @param flag the option, {@code --scales}
     * @param scales the values given
     * @throws UserException naming the flag and the first bad value
     */
    static void scales(String flag, List<Double> scales) {
        if (scales.isEmpty()) {
            throw new UserException(flag + ": expected at least one scale, such as 1.0");
        }
        for (double s : scales) {
            if (!(s > 0 && s <= MAX_SCALE)) {
                throw new UserException(
                        String.format(
                                Locale.ROOT,
                                "%s: each scale must be a number in (0, %s], got %s",
                                flag,
                                trim(MAX_SCALE),
                                s));
            }
        }
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : Double.toString(v);
    }
}
