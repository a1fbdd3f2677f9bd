package dev.sanet.examples.cli;

import dev.sanet.core.settings.SettingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one place where the library's setting names become the command line's flags: a {@link
 * SettingException} from a builder ({@code baseSize}, {@code heads}) is reported as the flag of the
 * command that failed ({@code --base-size}, {@code --heads}), so no command checks a range the
 * library checks and no message is parsed.
 *
 * <p>A setting's flags are its name in kebab case ({@code headKernel} -> {@code --head-kernel}),
 * unless {@link #OVERRIDES} names others; the first of them that the failing command declares is
 * the one printed. A setting that the command has no flag for (a value it derived) keeps the
 * library's message.
 */
final class SettingFlags {

    /** The settings whose flags are not their names in kebab case, in order of preference. */
    static final Map<String, List<String>> OVERRIDES =
            Map.of(
                    "baseSize", List.of("--base-size", "--base"),
                    "cropSize", List.of("--crop"),
                    "learningRate", List.of("--lr"),
                    "batchSize", List.of("--batch"),
                    "width", List.of("--base-width"),
                    "numClasses", List.of("--classes"),
                    "headMultiplier", List.of("--head-lr-multiplier"),
                    "numThreads", List.of("--threads"),
                    "efficientNetConvention", List.of("--efficientnet-convention"));

    private SettingFlags() {}

    /**
     * The flags a setting may be given by, in order of preference.
     *
     * @param setting the setting's name as its builder spells it
     * @return e.g. {@code [--base-size, --base]} for {@code baseSize}
     */
    static List<String> candidates(String setting) {
        List<String> flags = new ArrayList<>(OVERRIDES.getOrDefault(setting, List.of()));
        String kebab =
                "--" + setting.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        if (!flags.contains(kebab)) {
            flags.add(kebab);
        }
        return flags;
    }

    /**
     * The flag of a command that sets a setting.
     *
     * @param setting the setting's name
     * @param command the command that failed, or null when unknown
     * @return the first candidate flag the command declares; empty when it declares none (or the
     *     command is unknown)
     */
    static Optional<String> flag(String setting, @Nullable CommandSpec command) {
        if (command == null) {
            return Optional.empty();
        }
        for (String f : candidates(setting)) {
            if (command.findOption(f) != null) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * The one line for a setting out of range: {@code --base-size -3: expected in 0..16384 (...)},
     * or the library's message when the command has no flag for the setting.
     *
     * @param e the failure
     * @param command the command that failed, or null when unknown
     * @return the line, without the program's prefix
     */
    static String describe(SettingException e, @Nullable CommandSpec command) {
        return flag(e.setting(), command)
                .map(f -> f + " " + e.value() + ": expected " + e.allowed())
                .orElse(e.getMessage());
    }
}
