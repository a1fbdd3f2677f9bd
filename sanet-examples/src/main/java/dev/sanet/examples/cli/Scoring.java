package dev.sanet.examples.cli;

import dev.sanet.core.metrics.ConfusionMatrix;
import dev.sanet.core.metrics.SegmentationScores;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/** Shared reporting of {@code sanet eval} and {@code sanet score}: JSON fields and files. */
final class Scoring {
    private Scoring() {}

    /**
     * The JSON fields of a score: {@code pixAcc}, {@code mIoU} (classes with non-zero union),
     * {@code mIoUAllClasses} (absent classes as 0), {@code perClassIoU} (null for absent), {@code
     * images}, and {@code mIoU60} for Pascal Context 59.
     */
    static Map<String, Object> json(
            ConfusionMatrix cm, List<String> names, long images, @Nullable String dataset) {
        SegmentationScores s = cm.scores();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("pixAcc", finite(s.pixelAccuracy()));
        o.put("mIoU", finite(s.meanIoU()));
        o.put("mIoUAllClasses", finite(s.meanIoUAllClasses()));
        if (dataset != null && "context59".equalsIgnoreCase(dataset)) {
            o.put("mIoU60", finite(SegmentationScores.context60From59(s.meanIoU())));
        }
        o.put("perClassIoU", s.perClass(names));
        o.put("images", images);
        return o;
    }

    private static @Nullable Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /**
     * The files {@link #writeReports} writes, for checking them before any work.
     *
     * @param dir the report folder
     * @return {@code per_class.md}, {@code per_class.csv}, {@code scores.json} and {@code
     *     confusion.png} in {@code dir}
     */
    static List<Path> reportFiles(Path dir) {
        return List.of(
                dir.resolve("per_class.md"),
                dir.resolve("per_class.csv"),
                dir.resolve("scores.json"),
                dir.resolve("confusion.png"));
    }

    /** Writes per_class.md, per_class.csv, scores.json and confusion.png into {@code dir}. */
    static void writeReports(
            Path dir, ConfusionMatrix cm, List<String> names, Map<String, Object> json)
            throws IOException {
        Files.createDirectories(dir);
        double[] iou = cm.scores().iou();
        long[][] m = cm.toArray();
        StringBuilder md =
                new StringBuilder("| class | IoU (%) | labelled pixels | predicted pixels |\n");
        md.append("|---|---:|---:|---:|\n");
        StringBuilder csv = new StringBuilder("class,iou,labelled_pixels,predicted_pixels\n");
        for (int c = 0; c < names.size(); c++) {
            long truth = 0;
            long predicted = 0;
            for (int k = 0; k < names.size(); k++) {
                truth += m[c][k];
                predicted += m[k][c];
            }
            boolean absent = truth + predicted == 0;
            String v = absent ? "" : String.format(Locale.ROOT, "%.4f", iou[c]);
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %d | %d |%n",
                            names.get(c),
                            absent ? "n/a" : String.format(Locale.ROOT, "%.2f", 100 * iou[c]),
                            truth,
                            predicted));
            csv.append(csvField(names.get(c)))
                    .append(',')
                    .append(v)
                    .append(',')
                    .append(truth)
                    .append(',')
                    .append(predicted)
                    .append('\n');
        }
        md.append(
                String.format(
                        Locale.ROOT,
                        "%nmIoU (classes present) %s, mIoU (all classes) %s, pixAcc %s%n",
                        percent(json.get("mIoU")),
                        percent(json.get("mIoUAllClasses")),
                        percent(json.get("pixAcc"))));
        Files.writeString(dir.resolve("per_class.md"), md.toString());
        Files.writeString(dir.resolve("per_class.csv"), csv.toString());
        Files.writeString(dir.resolve("scores.json"), Json.toJson(json) + "\n");
        ImageIO.write(heatMap(m, names), "png", dir.resolve("confusion.png").toFile());
    }

    private static String percent(Object v) {
        return v instanceof Number n
                ? String.format(Locale.ROOT, "%.2f%%", 100 * n.doubleValue())
                : "n/a";
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** A row-normalised confusion matrix (rows: truth, columns: prediction), white to blue. */
    static BufferedImage heatMap(long[][] m, List<String> names) {
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
                long total = 0;
                for (long v : m[r]) {
                    total += v;
                }
                for (int c = 0; c < k; c++) {
                    float f = total == 0 ? 0f : (float) m[r][c] / total;
                    int shade = Math.round(255 * (1 - f));
                    g.setColor(new Color(shade, shade, 255));
                    g.fillRect(margin + c * cell, margin + r * cell, cell, cell);
                }
                if (cell >= 10) {
                    g.setColor(Color.BLACK);
                    String name = names.get(r);
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
}
