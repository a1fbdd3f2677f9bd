package dev.sanet.examples.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --out DIR [--overwrite]} of the commands that write a run or a tree into a folder ({@code
 * train}, {@code pretrain}, {@code reproduce}, {@code synth}): nothing an earlier run wrote there
 * is replaced without {@code --overwrite}. Each command's own help text for them is in {@code
 * OptionTexts.properties}, keyed by the command's name.
 */
final class RunFolder {

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    @Nullable Path out;

    @Option(
            names = "--overwrite",
            description = "Replace what an earlier run wrote in --out (removes it first).")
    boolean overwrite;

    /**
     * A folder flag with a command's default.
     *
     * @param defaultFolder the folder used without {@code --out}, or null for none (the command
     *     chooses one, or requires the flag)
     */
    RunFolder(@Nullable Path defaultFolder) {
        this.out = defaultFolder;
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
     * @throws UserException when neither is set
     */
    Path required() {
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
