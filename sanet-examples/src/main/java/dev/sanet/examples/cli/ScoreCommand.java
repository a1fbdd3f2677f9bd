package dev.sanet.examples.cli;

import dev.sanet.core.io.ImageDecoding;
import dev.sanet.core.metrics.ConfusionMatrix;
import dev.sanet.core.metrics.ScoreReport;
import dev.sanet.core.progress.ConsoleProgressBar;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sanet score}: scores prediction PNGs against label PNGs matched by file name. Both are
 * read as raw indices (band 0 of the raster, so palette PNGs give their indices) and counted by the
 * library ({@link ConfusionMatrix#addPixels}): label pixels equal to {@code --ignore} are skipped;
 * predictions outside {@code [0, K)} count as labelled but never correct, and their number is
 * reported ({@code outOfRangePredictions}). A label value outside {@code [0, K)} that is not the
 * ignore value is a user error naming the file (exit 2), since it almost always means a wrong
 * {@code --classes} or {@code --ignore}; with {@code --ignore-bad-labels} such pixels are skipped
 * with a warning per file and counted ({@code outOfRangeLabels}).
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

    @Override
    public Integer call() throws IOException {
        Ranges.check("--classes", classes, 1, 4096);
        Ranges.check("--ignore", ignore, -1, 255);
        output.check("--pred", pred, "--gt", gt);
        TreeSet<String> predNames = pngs(pred, "--pred");
        TreeSet<String> gtNames = pngs(gt, "--gt");
        TreeSet<String> onlyPred = new TreeSet<>(predNames);
        onlyPred.removeAll(gtNames);
        TreeSet<String> onlyGt = new TreeSet<>(gtNames);
        onlyGt.removeAll(predNames);
        if (!onlyPred.isEmpty()) {
            throw new UserException(
                    String.format(
                            Locale.ROOT,
                            "%d prediction(s) in %s have no label of the same name in %s (e.g. %s):"
                                    + " pass the label folder of the split that was predicted",
                            onlyPred.size(),
                            pred,
                            gt,
                            onlyPred.first()));
        }
        // A label folder usually holds every split; labels without a prediction are not scored.
        gtNames.retainAll(predNames);
        if (!onlyGt.isEmpty()) {
            System.err.printf(
                    Locale.ROOT,
                    "sanet score: %d label(s) in %s have no prediction and are not scored%n",
                    onlyGt.size(),
                    gt);
        }
        if (gtNames.isEmpty()) {
            throw new UserException("--pred " + pred + " holds no PNG files to score");
        }
        ConfusionMatrix cm = new ConfusionMatrix(classes);
        ConsoleProgressBar bar = ConsoleProgressBar.stderr();
        long done = 0;
        for (String name : gtNames) {
            Band p = read(pred.resolve(name));
            Band t = read(gt.resolve(name));
            if (p.width() != t.width() || p.height() != t.height()) {
                throw new UserException(
                        String.format(
                                Locale.ROOT,
                                "%s: prediction is %dx%d but the label is %dx%d",
                                name,
                                p.width(),
                                p.height(),
                                t.width(),
                                t.height()));
            }
            checkLabels(gt.resolve(name), t);
            long before = cm.outOfRangePredictions();
            cm.addPixels(t.samples(), p.samples(), ignore);
            long wrong = cm.outOfRangePredictions() - before;
            if (wrong > 0) {
                System.err.printf(
                        Locale.ROOT,
                        "sanet score: %s has %d predicted value(s) outside [0, %d)%n",
                        name,
                        wrong,
                        classes);
            }
            bar.onItems("score", ++done, gtNames.size());
        }
        bar.finish();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add(Integer.toString(c));
        }
        ScoreReport report = ScoreReport.of(cm, names, gtNames.size(), false);
        Map<String, Object> o = report.fields();
        o.put("outOfRangePredictions", cm.outOfRangePredictions());
        o.put("outOfRangeLabels", cm.outOfRangeLabels());
        if (output.folder() != null) {
            report.write(output.folder(), o);
        }
        if (json.on()) {
            Json.print(System.out, o);
        } else {
            Scoring.printSummary(System.out, gtNames.size(), o);
        }
        return 0;
    }

    /**
     * Refuses (or, with {@code --ignore-bad-labels}, reports) label values outside {@code [0, K)}
     * that are not the ignore value, naming the file, the count and the first such pixel.
     */
    private void checkLabels(Path file, Band t) {
        int[] v = t.samples();
        long bad = 0;
        int first = -1;
        for (int i = 0; i < v.length; i++) {
            int x = v[i];
            if (x != ignore && (x < 0 || x >= classes)) {
                if (bad++ == 0) {
                    first = i;
                }
            }
        }
        if (bad == 0) {
            return;
        }
        String what =
                String.format(
                        Locale.ROOT,
                        "%s: %d label pixel(s) hold values outside 0..%d that are not the ignore"
                                + " value %d (first: %d at x=%d, y=%d)",
                        file,
                        bad,
                        classes - 1,
                        ignore,
                        v[first],
                        first % t.width(),
                        first / t.width());
        if (!ignoreBadLabels) {
            throw new UserException(
                    what
                            + ": check --classes and --ignore, or pass --ignore-bad-labels to"
                            + " skip such pixels");
        }
        System.err.println("sanet score: warning: " + what + ": skipped (--ignore-bad-labels)");
    }

    private static TreeSet<String> pngs(Path dir, String option) throws IOException {
        InputChecks.folder(option, dir, "pass a folder of PNG files");
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile)
                    .map(f -> f.getFileName().toString())
                    .filter(n -> n.toLowerCase(Locale.ROOT).endsWith(".png"))
                    .forEach(names::add);
        }
        return names;
    }

    /** Band 0 of a PNG: its size and its samples in row-major order. */
    private record Band(int width, int height, int[] samples) {}

    /** Reads band 0 of a PNG (palette PNGs give their indices). */
    private static Band read(Path file) throws IOException {
        BufferedImage img;
        try {
            img = ImageDecoding.read(file);
        } catch (IOException | RuntimeException e) {
            throw new UserException(file + ": unreadable PNG (" + e.getMessage() + ")", e);
        }
        Raster r = img.getRaster();
        int w = r.getWidth();
        int h = r.getHeight();
        return new Band(w, h, r.getSamples(0, 0, w, h, 0, (int[]) null));
    }
}
