package dev.sanet.examples.cli;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --out DIR [--overwrite]} of the commands that write a run or a tree into a folder ({@code
 * train}, {@code pretrain}, {@code reproduce}, {@code synth}): nothing an earlier run wrote there
 * is replaced without {@code --overwrite}. Each command's own help text for them is in {@code
 * OptionTexts.properties}, keyed by the command's name.
 */
final class RunFolder implements RequiredFlags.Group {

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    @Nullable Path out;

    @Option(
            names = "--overwrite",
            description = "Replace what an earlier run wrote in --out (removes it first).")
    boolean overwrite;

    private final boolean required;

    private RunFolder(@Nullable Path defaultFolder, boolean required) {
        this.out = defaultFolder;
        this.required = required;
    }

    /**
     * The flags of a command that needs {@code --out}.
     *
     * @return the group, {@code --out} required
     */
    static RunFolder required() {
        return new RunFolder(null, true);
    }

    /**
     * The flags of a command with a folder of its own without {@code --out}.
     *
     * @param defaultFolder the folder used without {@code --out}, or null when the command chooses
     *     one from its other flags
     * @return the group
     */
    static RunFolder optional(@Nullable Path defaultFolder) {
        return new RunFolder(defaultFolder, false);
    }

    @Override
    public List<String> requiredFlags() {
        return required ? List.of("--out") : List.of();
    }

    /**
     * The folder.
     *
     * @return the {@code --out} value or the default, null when neither
     */
    @Nullable Path path() {
        return out;
    }

    /**
     * The folder of a command that cannot choose one itself.
     *
     * @return the {@code --out} value or the default
     * @throws UserException when neither is set (picocli stops a required {@code --out} first)
     */
    Path folder() {
        if (out == null) {
            throw new UserException("missing required option '--out=DIR': name the output folder");
        }
        return out;
    }

    /**
     * Whether {@code --overwrite} was given.
     *
     * @return true to replace an earlier run in the folder
     */
    boolean overwrite() {
        return overwrite;
    }
}
