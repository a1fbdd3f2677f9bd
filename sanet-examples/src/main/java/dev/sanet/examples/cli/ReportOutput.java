package dev.sanet.examples.cli;

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
        OutputChecks.apart("--out", out, flagA, a);
        OutputChecks.apart("--out", out, flagB, b);
        OutputChecks.writable("--out", out);
        OutputChecks.planned("--out", out, Scoring.reportFiles(out), List.of(), overwrite);
    }
}
