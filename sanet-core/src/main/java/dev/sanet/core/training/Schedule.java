package dev.sanet.core.training;

import dev.sanet.core.settings.SettingException;
import java.util.Locale;
import java.util.Set;

/**
 * The learning-rate schedule of a {@link Recipe}: poly with its power (the paper's, {@link
 * PolySchedule}) or cosine (ImageNet pretraining's, {@link CosineSchedule}). One setting for
 * segmentation training and pretraining alike. An immutable value.
 */
public final class Schedule {

    /** The schedules' families. */
    public enum Kind {
        /** {@code base * (1 - t / T)^power}. */
        POLY,
        /** {@code base * (1 + cos(pi t / T)) / 2}. */
        COSINE
    }

    /** The paper's poly exponent. */
    public static final double PAPER_POWER = 0.9;

    private static final Schedule COSINE = new Schedule(Kind.COSINE, Double.NaN);

    private final Kind kind;
    private final double power;

    private Schedule(Kind kind, double power) {
        this.kind = kind;
        this.power = power;
    }

    /**
     * The poly schedule {@code base * (1 - t / T)^power}.
     *
     * @param power the exponent, a finite number &gt;= 0 (the paper: 0.9)
     * @return the schedule
     * @throws SettingException naming {@code power} when out of range
     */
    public static Schedule poly(double power) {
        if (!(power >= 0) || Double.isInfinite(power)) {
            throw new SettingException("power", power, "a finite number >= 0");
        }
        return new Schedule(Kind.POLY, power);
    }

    /**
     * The cosine schedule {@code base * (1 + cos(pi t / T)) / 2} (SGDR without restarts).
     *
     * @return the schedule
     */
    public static Schedule cosine() {
        return COSINE;
    }

    /**
     * Parses {@code poly} (power 0.9) or {@code cosine}, as the command line spells them.
     *
     * @param name the name, any case
     * @return the schedule
     * @throws SettingException naming {@code schedule} for another name
     */
    public static Schedule fromName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "poly" -> poly(PAPER_POWER);
            case "cosine" -> cosine();
            default -> throw new SettingException("schedule", "'" + name + "'", "cosine or poly");
        };
    }

    /**
     * The family.
     *
     * @return poly or cosine
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The poly exponent.
     *
     * @return the power, NaN for cosine
     */
    public double power() {
        return power;
    }

    /**
     * The schedule's name as the command line and the checkpoints spell it.
     *
     * @return {@code poly} or {@code cosine}
     */
    public String cliName() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Creates the rate schedule of a run.
     *
     * @param baseRate the backbone's rate at iteration 0
     * @param totalIterations the iterations of the whole run
     * @param headMultiplier the head's rate relative to the backbone's (poly only; cosine runs
     *     every parameter at one rate)
     * @param headParameterIds the DJL parameter ids of the head
     * @return the schedule
     */
    RateSchedule create(
            double baseRate,
            long totalIterations,
            double headMultiplier,
            Set<String> headParameterIds) {
        return kind == Kind.POLY
                ? new PolySchedule(
                        baseRate, totalIterations, power, headMultiplier, headParameterIds)
                : new CosineSchedule(baseRate, totalIterations);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schedule s && kind == s.kind && Double.compare(power, s.power) == 0;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Double.hashCode(power);
    }

    @Override
    public String toString() {
        return kind == Kind.POLY ? "poly(" + power + ")" : "cosine";
    }
}
