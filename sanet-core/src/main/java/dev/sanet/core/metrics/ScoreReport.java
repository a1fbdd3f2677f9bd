package dev.sanet.core.metrics;

import com.google.gson.Gson;
import dev.sanet.core.io.AtomicWrite;
import dev.sanet.core.io.StrictJson;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The report of one scored split (docs/paper-reading.md section 5; the fields of {@code sanet eval}
 * and {@code sanet score} in {@code docs/cli.md}): the score fields as a JSON-ready map, a
 * per-class table as Markdown and CSV, and the row-normalised confusion matrix as a heat map, all
 * from one {@link ConfusionMatrix}. {@link #write} puts them into a folder as {@code per_class.md},
 * {@code per_class.csv}, {@code scores.json} and {@code confusion.png}.
 *
 * <p>Immutable: the matrix is copied.
 */
public final class ScoreReport {

    /** The files {@link #write} writes into its folder, in this order. */
    public static final List<String> FILE_NAMES =
            List.of("per_class.md", "per_class.csv", "scores.json", "confusion.png");

    private static final Gson GSON =
            StrictJson.builder()
                    .setPrettyPrinting()
                    .serializeNulls()
                    .disableHtmlEscaping()
                    .create();

    private final ConfusionMatrix confusion;
    private final SegmentationScores scores;
    private final List<String> classNames;
    private final long images;
    private final boolean context60;

    private ScoreReport(
            ConfusionMatrix confusion, List<String> classNames, long images, boolean context60) {
        if (classNames.size() != confusion.numClasses()) {
            throw new IllegalArgumentException(
                    "the matrix has "
                            + confusion.numClasses()
                            + " classes but "
                            + classNames.size()
                            + " class names were given");
        }
        if (images < 0) {
            throw new IllegalArgumentException("images must be >= 0, got " + images);
        }
        this.confusion = confusion.copy();
        this.scores = confusion.scores();
        this.classNames = List.copyOf(classNames);
        this.images = images;
        this.context60 = context60;
    }

    /**
     * The report of a matrix.
     *
     * @param confusion the counts over the split; copied
     * @param classNames K names, index = class id
     * @param images the number of images counted
     * @param context60 whether to add PASCAL Context's 60-class figure {@code mIoU60} (for a
     *     59-class Context result, {@link SegmentationScores#context60From59})
     * @return the report
     * @throws IllegalArgumentException when the names are not K, or {@code images} is negative
     */
    public static ScoreReport of(
            ConfusionMatrix confusion, List<String> classNames, long images, boolean context60) {
        return new ScoreReport(confusion, classNames, images, context60);
    }

    /**
     * The report's files in a folder.
     *
     * @param dir the report folder
     * @return {@link #FILE_NAMES} resolved against {@code dir}
     */
    public static List<Path> files(Path dir) {
        return FILE_NAMES.stream().map(dir::resolve).toList();
    }

    /**
     * The scores.
     *
     * @return pixel accuracy, per-class IoU and both mean IoUs
     */
    public SegmentationScores scores() {
        return scores;
    }

    /**
     * The score fields, in this order: {@code pixAcc}, {@code mIoU} (classes with a non-zero
     * union), {@code mIoUAllClasses} (absent classes as 0), {@code mIoU60} (only with {@code
     * context60}), {@code perClassIoU} (by name, null for a class absent from both sides) and
     * {@code images}. A figure that is not finite (nothing labelled) is null.
     *
     * @return a new insertion-ordered map, free to extend
     */
    public Map<String, @Nullable Object> fields() {
        Map<String, @Nullable Object> o = new LinkedHashMap<>();
        o.put("pixAcc", finite(scores.pixelAccuracy()));
        o.put("mIoU", finite(scores.meanIoU()));
        o.put("mIoUAllClasses", finite(scores.meanIoUAllClasses()));
        if (context60) {
            o.put("mIoU60", finite(SegmentationScores.context60From59(scores.meanIoU())));
        }
        o.put("perClassIoU", scores.perClass(classNames));
        o.put("images", images);
        return o;
    }

    private static @Nullable Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /**
     * The per-class table as Markdown: class, IoU in percent ({@code n/a} when absent), labelled
     * and predicted pixels, then a line with both mean IoUs and the pixel accuracy.
     *
     * @return the Markdown text
     */
    public String markdown() {
        long[][] m = confusion.toArray();
        double[] iou = scores.iou();
        StringBuilder md =
                new StringBuilder("| class | IoU (%) | labelled pixels | predicted pixels |\n");
        md.append("|---|---:|---:|---:|\n");
        for (int c = 0; c < classNames.size(); c++) {
            long truth = rowSum(m, c);
            long predicted = columnSum(m, c);
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %d | %d |%n",
                            classNames.get(c),
                            truth + predicted == 0
                                    ? "n/a"
                                    : String.format(Locale.ROOT, "%.2f", 100 * iou[c]),
                            truth,
                            predicted));
        }
        md.append(
                String.format(
                        Locale.ROOT,
                        "%nmIoU (classes present) %s, mIoU (all classes) %s, pixAcc %s%n",
                        percent(scores.meanIoU()),
                        percent(scores.meanIoUAllClasses()),
                        percent(scores.pixelAccuracy())));
        return md.toString();
    }

    /**
     * The per-class table as CSV: {@code class,iou,labelled_pixels,predicted_pixels}, IoU as a
     * fraction with 4 decimals, empty when the class is absent from both sides.
     *
     * @return the CSV text
     */
    public String csv() {
        long[][] m = confusion.toArray();
        double[] iou = scores.iou();
        StringBuilder csv = new StringBuilder("class,iou,labelled_pixels,predicted_pixels\n");
        for (int c = 0; c < classNames.size(); c++) {
            long truth = rowSum(m, c);
            long predicted = columnSum(m, c);
            csv.append(csvField(classNames.get(c)))
                    .append(',')
                    .append(
                            truth + predicted == 0
                                    ? ""
                                    : String.format(Locale.ROOT, "%.4f", iou[c]))
                    .append(',')
                    .append(truth)
                    .append(',')
                    .append(predicted)
                    .append('\n');
        }
        return csv.toString();
    }

    /**
     * A JSON object as text in the report's style (pretty-printed, nulls kept, no HTML escaping).
     *
     * @param fields e.g. {@link #fields()} with a caller's additions
     * @return the JSON text
     */
    public static String json(Map<String, ?> fields) {
        return StrictJson.toJson(GSON, fields);
    }

    /**
     * The confusion matrix normalised per row (rows: truth, columns: prediction) as a heat map,
     * white (0) to blue (1), with the class names beside the rows when the cells are large enough.
     *
     * @return a new RGB image
     */
    public BufferedImage heatMap() {
        long[][] m = confusion.toArray();
        int k = m.length;
        int cell = Math.max(4, Math.min(24, 600 / Math.max(1, k)));
        int margin = 120;
        int size = margin + k * cell + 10;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, size, size);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString("rows: truth, columns: prediction", 4, 14);
            for (int r = 0; r < k; r++) {
                long total = rowSum(m, r);
                for (int c = 0; c < k; c++) {
                    float f = total == 0 ? 0f : (float) m[r][c] / total;
                    int shade = Math.round(255 * (1 - f));
                    g.setColor(new Color(shade, shade, 255));
                    g.fillRect(margin + c * cell, margin + r * cell, cell, cell);
                }
                if (cell >= 10) {
                    g.setColor(Color.BLACK);
                    String name = classNames.get(r);
                    g.drawString(
                            name.length() > 16 ? name.substring(0, 16) : name,
                            4,
                            margin + r * cell + cell - 2);
                }
            }
            g.setColor(Color.GRAY);
            g.drawRect(margin, margin, k * cell, k * cell);
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * Writes {@code per_class.md}, {@code per_class.csv}, {@code scores.json} and {@code
     * confusion.png} into a folder, creating it; existing files of those names are replaced (the
     * caller decides whether that is allowed).
     *
     * @param dir the report folder
     * @param scoresJson the fields of {@code scores.json}: {@link #fields()}, possibly with the
     *     caller's additions (engine, protocol)
     * @throws IOException when a file cannot be written
     */
    public void write(Path dir, Map<String, ?> scoresJson) throws IOException {
        List<Path> files = files(dir);
        // Each file whole or not at all (a full disk leaves the earlier file or none).
        AtomicWrite.writeString(files.get(0), markdown());
        AtomicWrite.writeString(files.get(1), csv());
        AtomicWrite.writeString(files.get(2), json(scoresJson) + "\n");
        AtomicWrite.writeImage(files.get(3), heatMap(), "png");
    }

    private static long rowSum(long[][] m, int r) {
        long s = 0;
        for (long v : m[r]) {
            s += v;
        }
        return s;
    }

    private static long columnSum(long[][] m, int c) {
        long s = 0;
        for (long[] row : m) {
            s += row[c];
        }
        return s;
    }

    private static String percent(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", 100 * v) : "n/a";
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
