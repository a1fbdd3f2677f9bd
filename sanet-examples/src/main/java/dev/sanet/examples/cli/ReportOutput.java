package dev.sanet.examples.cli;

import dev.sanet.core.io.OutputLock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --out DIR [--overwrite]} of the commands that write a score report ({@code sanet eval},
 * {@code sanet score}): {@code per_class.md}, {@code per_class.csv}, {@code scores.json} and {@code
 * confusion.png}, none of them replaced without {@code --overwrite}.
 */
final class ReportOutput {

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Writes per_class.md/.csv, scores.json and confusion.png here.")
    @Nullable Path out;

    @Option(
            names = "--overwrite",
            description = "Replace report files that exist already in --out.")
    boolean overwrite;

    /**
     * The report folder.
     *
     * @return the {@code --out} value, or null when no report is written
     */
    @Nullable Path folder() {
        return out;
    }

    /**
     * Checks, before any work, that the report can be written: the folder is writable, apart from
     * the given inputs, and holds no report file unless {@code --overwrite}.
     *
     * @param flagA the flag of the first input, such as {@code --model}
     * @param a its path, or null when not given
     * @param flagB the flag of the second input, such as {@code --data}
     * @param b its path, or null when not given
     * @throws UserException naming the conflict and the fix
     */
    void check(String flagA, @Nullable Path a, String flagB, @Nullable Path b) {
        if (out == null) {
            return;
        }
        OutputChecks.notClaimed("--out", out);
        OutputChecks.apart("--out", out, flagA, a);
        OutputChecks.apart("--out", out, flagB, b);
        OutputChecks.writable("--out", out);
        OutputChecks.planned("--out", out, Scoring.reportFiles(out), List.of(), overwrite);
    }

    /** Writes the report files into a folder. */
    @FunctionalInterface
    interface Body {
        /**
         * Writes them.
         *
         * @param folder the report folder
         * @throws IOException when writing fails
         */
        void write(Path folder) throws IOException;
    }

    /**
     * Writes the report, when {@code --out} was given, with the folder claimed ({@link OutputLock})
     * while it is written and the temporary files of interrupted earlier writes removed first.
     *
     * @param command the command, such as {@code eval}
     * @param body writes the files
     * @throws IOException when writing fails
     * @throws UserException when another running process holds the folder
     */
    void write(String command, Body body) throws IOException {
        if (out == null) {
            return;
        }
        try (OutputLock lock = OutputChecks.claim("--out", out, command)) {
            body.write(out);
        }
    }
}
