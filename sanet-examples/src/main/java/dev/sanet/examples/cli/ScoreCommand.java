package dev.sanet.examples.cli;

import dev.sanet.core.metrics.ConfusionMatrix;
import dev.sanet.core.training.ConsoleProgressBar;
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
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sanet score}: scores prediction PNGs against label PNGs matched by file name. Both are
 * read as raw indices (band 0 of the raster, so palette PNGs give their indices); label pixels
 * equal to {@code --ignore} or outside {@code [0, K)} are skipped, as are predictions outside
 * {@code [0, K)} (they count as labelled but never correct).
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

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Writes per_class.md/.csv, scores.json and confusion.png here.")
    Path out;

    @Option(
            names = "--overwrite",
            description = "Replace report files that exist already in --out.")
    boolean overwrite;

    @Option(names = "--json", description = "Print one JSON object on standard output.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Ranges.check("--classes", classes, 1, 4096);
        Ranges.check("--ignore", ignore, -1, 255);
        if (out != null) {
            OutputChecks.apart("--out", out, "--pred", pred);
            OutputChecks.apart("--out", out, "--gt", gt);
            OutputChecks.writable("--out", out);
            OutputChecks.planned("--out", out, Scoring.reportFiles(out), List.of(), overwrite);
        }
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
            int[] p = read(pred.resolve(name));
            int[] t = read(gt.resolve(name));
            if (p[0] != t[0] || p[1] != t[1]) {
                throw new UserException(
                        String.format(
                                Locale.ROOT,
                                "%s: prediction is %dx%d but the label is %dx%d",
                                name,
                                p[0],
                                p[1],
                                t[0],
                                t[1]));
            }
            long[] counts = new long[classes * classes];
            long wrong = 0;
            for (int i = 2; i < t.length; i++) {
                int truth = t[i];
                if (truth == ignore || truth < 0 || truth >= classes) {
                    continue;
                }
                int predicted = p[i];
                if (predicted < 0 || predicted >= classes) {
                    wrong++;
                    continue;
                }
                counts[truth * classes + predicted]++;
            }
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    cm.add(i / classes, i % classes, counts[i]);
                }
            }
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
        Map<String, Object> o = Scoring.json(cm, names, gtNames.size(), null);
        if (out != null) {
            Scoring.writeReports(out, cm, names, o);
        }
        if (json) {
            Json.print(System.out, o);
        } else {
            System.out.printf(
                    Locale.ROOT,
                    "%d images: pixAcc %s, mIoU %s (classes present), %s (all classes)%n",
                    gtNames.size(),
                    o.get("pixAcc"),
                    o.get("mIoU"),
                    o.get("mIoUAllClasses"));
        }
        return 0;
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

    /** Reads band 0 of a PNG: {@code [width, height, v0, v1, ...]}. */
    private static int[] read(Path file) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UserException(file + ": unreadable PNG (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new UserException(file + ": not a PNG image");
        }
        Raster r = img.getRaster();
        int w = r.getWidth();
        int h = r.getHeight();
        int[] out = new int[2 + w * h];
        out[0] = w;
        out[1] = h;
        int[] samples = r.getSamples(0, 0, w, h, 0, (int[]) null);
        System.arraycopy(samples, 0, out, 2, samples.length);
        return out;
    }
}
