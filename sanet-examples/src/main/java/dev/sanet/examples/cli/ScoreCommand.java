package dev.sanet.examples.cli;

import dev.sanet.core.io.InputFiles;
import dev.sanet.core.progress.ConsoleProgressBar;
import dev.sanet.data.FolderScore;
import dev.sanet.data.FolderScoring;
import dev.sanet.data.ScoringException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sanet score}: scores prediction PNGs against label PNGs matched by file name, with the
 * library's {@link FolderScoring} (both read as class indices by the data module's label reader).
 * Label pixels equal to {@code --ignore} are skipped; predictions outside {@code [0, K)} count as
 * labelled but never correct, and their number is reported ({@code outOfRangePredictions}). A label
 * value outside {@code [0, K)} that is not the ignore value is a user error naming the file (exit
 * 2), since it almost always means a wrong {@code --classes} or {@code --ignore}; with {@code
 * --ignore-bad-labels} such pixels are skipped with a warning per file and counted ({@code
 * outOfRangeLabels}).
 */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = "Scores prediction PNGs against label PNGs (raw indices, matched by name).")
final class ScoreCommand implements Callable<Integer> {

    @Option(names = "--pred", required = true, paramLabel = "DIR", description = "Predictions.")
    Path pred;

    @Option(names = "--gt", required = true, paramLabel = "DIR", description = "Label PNGs.")
    Path gt;

    @Option(names = "--classes", required = true, paramLabel = "K", description = "Classes.")
    int classes;

    @Option(
            names = "--ignore",
            description =
                    "Ignored label value, 0..255, or -1 for none (default: ${DEFAULT-VALUE}).")
    int ignore = 255;

    @Mixin ReportOutput output = new ReportOutput();

    @Mixin JsonOption json = new JsonOption();

    @Option(
            names = "--ignore-bad-labels",
            description =
                    "Skip label values outside 0..K-1 that are not --ignore, with a warning per"
                            + " file and a count (outOfRangeLabels), instead of stopping with exit"
                            + " 2.")
    boolean ignoreBadLabels;

    @Option(
            names = "--allow-missing",
            description =
                    "Score the predictions there are when some labels have none (a label folder"
                            + " holding every split); by default that stops with exit 2. The report"
                            + " counts them (scored, missing).")
    boolean allowMissing;

    @Override
    public Integer call() throws IOException {
        // The settings' ranges are FolderScoring's (named by flag through the CLI root).
        FolderScoring scoring =
                FolderScoring.builder()
                        .predictions(pred)
                        .labels(gt)
                        .classes(classes)
                        .ignore(ignore)
                        .skipBadLabels(ignoreBadLabels)
                        .allowMissing(allowMissing)
                        .build();
        output.check("--pred", pred, "--gt", gt);
        InputChecks.folder("--pred", pred, "pass a folder of PNG files");
        InputChecks.folder("--gt", gt, "pass a folder of PNG files");
        ConsoleProgressBar bar = ConsoleProgressBar.stderr();
        FolderScore score;
        try {
            score = scoring.run(warnings(bar));
        } catch (ScoringException e) {
            throw new UserException(message(e), e);
        }
        bar.finish();
        Map<String, Object> o = score.fields();
        output.write("score", dir -> score.report().write(dir, o));
        if (json.on()) {
            Json.print(System.out, o);
        } else {
            Scoring.printSummary(System.out, score.images(), o);
        }
        return 0;
    }

    /** Warnings on standard error, progress on the bar. */
    private FolderScoring.Listener warnings(ConsoleProgressBar bar) {
        return new FolderScoring.Listener() {
            @Override
            public void unscoredLabels(int count, Path labels) {
                System.err.printf(
                        Locale.ROOT,
                        "sanet score: %d label(s) in %s have no prediction and are not scored%n",
                        count,
                        labels);
            }

            @Override
            public void skippedFile(InputFiles.Skipped skipped) {
                System.err.println("sanet score: warning: " + skipped.message());
            }

            @Override
            public void outOfRangePredictions(String name, long count) {
                System.err.printf(
                        Locale.ROOT,
                        "sanet score: %s has %d predicted value(s) outside [0, %d)%n",
                        name,
                        count,
                        classes);
            }

            @Override
            public void skippedLabels(Path file, String problem) {
                System.err.println(
                        "sanet score: warning: " + problem + ": skipped (--ignore-bad-labels)");
            }

            @Override
            public void scored(long done, long total) {
                bar.onItems("score", done, total);
            }
        };
    }

    /** The library's reason as one line naming the flags that fix it. */
    private String message(ScoringException e) {
        return switch (e.reason()) {
            case NOTHING_TO_SCORE -> "--pred " + e.getMessage();
            case MISSING_PREDICTIONS ->
                    "--pred "
                            + e.getMessage()
                            + ": predict them, or pass --allow-missing to score the images that"
                            + " have a prediction";
            case NOT_A_FOLDER -> (e.path().equals(pred) ? "--pred " : "--gt ") + e.getMessage();
            case BAD_LABELS ->
                    e.getMessage()
                            + ": check --classes and --ignore, or pass --ignore-bad-labels to"
                            + " skip such pixels";
            default -> e.getMessage();
        };
    }
}
