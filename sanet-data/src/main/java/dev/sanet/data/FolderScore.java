package dev.sanet.data;

import dev.sanet.core.metrics.ConfusionMatrix;
import dev.sanet.core.metrics.ScoreReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@link FolderScoring}: the confusion matrix of every scored pixel and the number of
 * images scored, with the report the {@code sanet score} command prints and writes.
 *
 * @param confusion the counts; predictions outside the classes are misses, counted in {@link
 *     ConfusionMatrix#outOfRangePredictions()}; skipped bad label pixels in {@link
 *     ConfusionMatrix#outOfRangeLabels()}
 * @param images the number of prediction/label pairs scored
 * @param missing the number of labels without a prediction, not scored (0 unless allowed)
 */
public record FolderScore(ConfusionMatrix confusion, int images, int missing) {

    /**
     * Keeps a copy of the counts, so that the result does not change afterwards.
     *
     * @param confusion the counts
     * @param images the number of images scored
     * @param missing the number of labels without a prediction
     */
    public FolderScore {
        confusion = confusion.copy();
    }

    /**
     * A result with no label missing.
     *
     * @param confusion the counts
     * @param images the number of images scored
     */
    public FolderScore(ConfusionMatrix confusion, int images) {
        this(confusion, images, 0);
    }

    /**
     * The counts.
     *
     * @return a copy of the confusion matrix
     */
    @Override
    public ConfusionMatrix confusion() {
        return confusion.copy();
    }

    /**
     * The report: pixel accuracy, mIoU over the classes present and over all classes, and IoU per
     * class, the classes named {@code 0..K-1}.
     *
     * @return the report
     */
    public ScoreReport report() {
        int k = confusion.numClasses();
        List<String> names = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            names.add(Integer.toString(c));
        }
        return ScoreReport.of(confusion, names, images, false);
    }

    /**
     * The report's fields ({@link ScoreReport#fields()}: {@code pixAcc}, {@code mIoU}, {@code
     * mIoUAllClasses}, {@code perClassIoU}, {@code images}), then {@code outOfRangePredictions},
     * {@code outOfRangeLabels}, {@code scored} (the labels scored, as {@code images}) and {@code
     * missing} (the labels without a prediction, left out).
     *
     * @return an insertion-ordered, modifiable map
     */
    public Map<String, @Nullable Object> fields() {
        Map<String, @Nullable Object> o = report().fields();
        o.put("outOfRangePredictions", confusion.outOfRangePredictions());
        o.put("outOfRangeLabels", confusion.outOfRangeLabels());
        o.put("scored", images);
        o.put("missing", missing);
        return o;
    }
}
