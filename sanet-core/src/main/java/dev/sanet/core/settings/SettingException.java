package dev.sanet.core.settings;

import java.util.Locale;

/**
 * A setting given a value outside what it allows, thrown by the builders' {@code build()} (and by
 * the few factories that take a setting directly). It carries the setting's name as the builder
 * spells it ({@code baseSize}, {@code heads}), the value as given and what is allowed, so that a
 * command line can name its own flag ({@code --base-size}) without parsing the message. The message
 * reads {@code "heads must be in 0..4, got 5"}.
 *
 * <p>An {@link IllegalArgumentException}, so code that catches that keeps working.
 */
public final class SettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The setting's name as its builder spells it. */
    private final String setting;

    /** The value given, as text. */
    private final String value;

    /** What the setting allows, phrased to follow "must be". */
    private final String allowed;

    /**
     * Creates the exception.
     *
     * @param setting the setting's name, as its builder method spells it (e.g. {@code baseSize})
     * @param value the value given (its {@code toString})
     * @param allowed what is allowed, phrased to follow "must be", e.g. {@code "in 0..4"} or {@code
     *     ">= 0 (0: each image's own long side)"}
     */
    public SettingException(String setting, Object value, String allowed) {
        super(setting + " must be " + allowed + ", got " + value);
        this.setting = setting;
        this.value = String.valueOf(value);
        this.allowed = allowed;
    }

    /**
     * Checks that an integer lies in a closed range.
     *
     * @param setting the setting's name
     * @param value the value given
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the value
     * @throws SettingException naming the setting, the value and the range
     */
    public static int checkRange(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw new SettingException(setting, value, "in " + min + ".." + max);
        }
        return value;
    }

    /**
     * Checks that a number is finite and lies in a closed range.
     *
     * @param setting the setting's name
     * @param value the value given
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the value
     * @throws SettingException naming the setting, the value and the range
     */
    public static double checkRange(String setting, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new SettingException(
                    setting, value, String.format(Locale.ROOT, "in %s..%s", min, max));
        }
        return value;
    }

    /**
     * The setting's name as its builder spells it.
     *
     * @return e.g. {@code baseSize}
     */
    public String setting() {
        return setting;
    }

    /**
     * The value that was given.
     *
     * @return its text
     */
    public String value() {
        return value;
    }

    /**
     * What the setting allows, phrased to follow "must be".
     *
     * @return e.g. {@code "in 0..4"}
     */
    public String allowed() {
        return allowed;
    }
}
