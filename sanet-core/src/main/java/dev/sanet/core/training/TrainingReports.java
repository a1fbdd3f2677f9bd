package dev.sanet.core.training;

import com.google.gson.JsonArray;
import dev.sanet.core.io.AtomicWrite;
import dev.sanet.core.io.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The reports of a run, rewritten after every epoch into its output folder: {@code metrics.json}
 * (every {@link EpochRecord}), {@code metrics.csv} (one row per epoch: iteration, learning rate,
 * loss and each term, pixel accuracy, both mean IoUs, seconds) and {@code curve.png} ({@link
 * TrainingCurve}). The text files are replaced atomically.
 */
final class TrainingReports {

    private TrainingReports() {}

    /**
     * Writes the three reports.
     *
     * @param dir the run's output folder
     * @param history every epoch so far, at least one
     * @param title the curve's title
     * @throws IOException when a file cannot be written
     */
    static void write(Path dir, List<EpochRecord> history, String title) throws IOException {
        Files.createDirectories(dir);
        JsonArray arr = RunState.GSON.toJsonTree(history).getAsJsonArray();
        writeAtomically(dir.resolve("metrics.json"), StrictJson.toJson(RunState.GSON, arr));
        writeAtomically(dir.resolve("metrics.csv"), csv(history));
        TrainingCurve.write(history, title, dir.resolve("curve.png"));
    }

    private static String csv(List<EpochRecord> history) {
        StringBuilder csv = new StringBuilder();
        List<String> termNames = new ArrayList<>(history.get(0).terms().keySet());
        csv.append("epoch,iteration,learning_rate,loss");
        for (String t : termNames) {
            csv.append(",loss_").append(t);
        }
        csv.append(",pix_acc,miou,miou_all_classes,seconds\n");
        for (EpochRecord r : history) {
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%d,%.6g,%.6f",
                            r.epoch(),
                            r.iteration(),
                            r.learningRate(),
                            r.loss()));
            for (String t : termNames) {
                @Nullable Double v = r.terms().get(t);
                csv.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6f", v));
            }
            csv.append(
                    String.format(
                            Locale.ROOT,
                            ",%.6f,%.6f,%.6f,%.1f%n",
                            r.pixAcc(),
                            r.mIoU(),
                            r.mIoUAllClasses(),
                            r.seconds()));
        }
        return csv.toString();
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        AtomicWrite.writeString(file, text);
    }
}
