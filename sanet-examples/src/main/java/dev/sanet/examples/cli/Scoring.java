package dev.sanet.examples.cli;

import dev.sanet.core.metrics.ConfusionMatrix;
import dev.sanet.core.metrics.ScoreReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@code sanet eval}, {@code sanet score} and {@code sanet reproduce} share around the
 * library's {@link ScoreReport}: the dataset name that asks for {@code mIoU60}, and printing.
 */
final class Scoring {
    private Scoring() {}

    /**
     * The JSON fields of a score ({@link ScoreReport#fields()}): {@code pixAcc}, {@code mIoU},
     * {@code mIoUAllClasses}, {@code perClassIoU}, {@code images}, and {@code mIoU60} for {@code
     * --dataset context59}.
     */
    static Map<String, Object> json(
            ConfusionMatrix cm, List<String> names, long images, @Nullable String dataset) {
        return report(cm, names, images, dataset).fields();
    }

    /** The report of a matrix; {@code mIoU60} for Pascal Context 59. */
    static ScoreReport report(
            ConfusionMatrix cm, List<String> names, long images, @Nullable String dataset) {
        return ScoreReport.of(cm, names, images, "context59".equalsIgnoreCase(dataset));
    }

    /**
     * The files {@link #writeReports} writes, for checking them before any work.
     *
     * @param dir the report folder
     * @return {@code per_class.md}, {@code per_class.csv}, {@code scores.json} and {@code
     *     confusion.png} in {@code dir}
     */
    static List<Path> reportFiles(Path dir) {
        return ScoreReport.files(dir);
    }

    /** Writes per_class.md, per_class.csv, scores.json (the given fields) and confusion.png. */
    static void writeReports(
            Path dir, ConfusionMatrix cm, List<String> names, Map<String, Object> json)
            throws IOException {
        ScoreReport.of(cm, names, 0, false).write(dir, json);
    }

    /** Prints the one-line summary of a score without {@code --json}. */
    static void printSummary(PrintStream out, long images, Map<String, Object> o) {
        out.printf(
                Locale.ROOT,
                "%d images: pixAcc %s, mIoU %s (classes present), %s (all classes)%n",
                images,
                o.get("pixAcc"),
                o.get("mIoU"),
                o.get("mIoUAllClasses"));
    }
}
