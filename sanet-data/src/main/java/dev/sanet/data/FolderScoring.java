package dev.sanet.data;

import dev.sanet.core.io.InputFiles;
import dev.sanet.core.metrics.ConfusionMatrix;
import dev.sanet.core.settings.SettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Scores a folder of prediction PNGs against a folder of label PNGs matched by file name: the
 * pipeline behind {@code sanet score}. Both are read as class indices by the data module's label
 * reader (palette or grayscale PNGs, never colours) and counted by {@link
 * ConfusionMatrix#addPixels}: label pixels equal to the ignore value are skipped; predictions
 * outside {@code [0, K)} count as labelled but never correct, and their number is reported.
 *
 * <p>Labels without a prediction stop the run ({@link ScoringException.Reason#MISSING_PREDICTIONS}:
 * a score over half the labels would read as the whole set's) unless {@link
 * Builder#allowMissing(boolean)} lets them go unscored (a label folder that holds every split); the
 * result says how many were scored and how many were missing. A prediction without a label, a size
 * mismatch, an unreadable PNG, a colour PNG where class indices are expected (three channels, not
 * one) and a label value outside {@code [0, K)} that is not the ignore value stop the run with a
 * {@link ScoringException} naming the file. Entries that are not regular files (FIFOs, sockets,
 * devices, link loops, dangling links) are never opened: they are reported to the {@link Listener}
 * and left out. The last usually means a wrong class count or ignore value; with {@link
 * Builder#skipBadLabels(boolean)} such pixels are skipped instead, reported to the {@link Listener}
 * and counted ({@link ConfusionMatrix#outOfRangeLabels()}).
 *
 * <pre>{@code
 * FolderScore s = FolderScoring.builder()
 *         .predictions(Path.of("pred")).labels(Path.of("gt")).classes(21).build().run();
 * double miou = s.report().scores().meanIoU();
 * }</pre>
 */
public final class FolderScoring {

    /** The most classes accepted: a typo stops here before it allocates a huge matrix. */
    public static final int MAX_CLASSES = 4096;

    private final Path predictions;
    private final Path labels;
    private final int classes;
    private final int ignore;
    private final boolean skipBadLabels;
    private final boolean allowMissing;

    private FolderScoring(Builder b) {
        this.predictions = Objects.requireNonNull(b.predictions);
        this.labels = Objects.requireNonNull(b.labels);
        this.classes = b.classes;
        this.ignore = b.ignore;
        this.skipBadLabels = b.skipBadLabels;
        this.allowMissing = b.allowMissing;
    }

    /**
     * A builder; set the two folders and the class count.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a run reports while it goes, on the caller's thread; every method does nothing by
     * default.
     */
    public interface Listener {

        /**
         * Labels that have no prediction of the same name and are not scored; called once, before
         * scoring, when there are any.
         *
         * @param count how many
         * @param labels the labels folder
         */
        default void unscoredLabels(int count, Path labels) {}

        /**
         * An entry with a PNG name that is not a regular file, left out without being opened.
         *
         * @param skipped the entry and what it is
         */
        default void skippedFile(InputFiles.Skipped skipped) {}

        /**
         * A prediction with values outside the classes, counted as misses.
         *
         * @param name the file name
         * @param count how many pixels
         */
        default void outOfRangePredictions(String name, long count) {}

        /**
         * A label whose values outside the classes were skipped ({@link
         * Builder#skipBadLabels(boolean)}).
         *
         * @param file the label file
         * @param problem one line naming the file, the count and the first such pixel
         */
        default void skippedLabels(Path file, String problem) {}

        /**
         * One more pair scored.
         *
         * @param done the pairs scored so far
         * @param total the pairs to score
         */
        default void scored(long done, long total) {}
    }

    /**
     * Scores the folders, reporting nothing while it goes.
     *
     * @return the counts and the number of images
     * @throws ScoringException naming the file or folder at fault
     * @throws IOException when a folder cannot be listed
     */
    public FolderScore run() throws IOException {
        return run(new Listener() {});
    }

    /**
     * Scores the folders.
     *
     * @param listener told of unscored labels, out-of-range values and progress
     * @return the counts and the number of images
     * @throws ScoringException naming the file or folder at fault
     * @throws IOException when a folder cannot be listed
     */
    public FolderScore run(Listener listener) throws IOException {
        TreeSet<String> predNames = pngs(predictions, listener);
        TreeSet<String> gtNames = pngs(labels, listener);
        TreeSet<String> onlyPred = new TreeSet<>(predNames);
        onlyPred.removeAll(gtNames);
        if (!onlyPred.isEmpty()) {
            throw new ScoringException(
                    ScoringException.Reason.UNMATCHED_PREDICTIONS,
                    predictions,
                    String.format(
                            Locale.ROOT,
                            "%d prediction(s) in %s have no label of the same name in %s (e.g. %s):"
                                    + " pass the label folder of the split that was predicted",
                            onlyPred.size(),
                            predictions,
                            labels,
                            onlyPred.first()),
                    null);
        }
        int unscored = gtNames.size() - predNames.size();
        if (predNames.isEmpty()) {
            throw new ScoringException(
                    ScoringException.Reason.NOTHING_TO_SCORE,
                    predictions,
                    predictions + " holds no PNG files to score",
                    null);
        }
        if (unscored > 0 && !allowMissing) {
            TreeSet<String> missing = new TreeSet<>(gtNames);
            missing.removeAll(predNames);
            throw new ScoringException(
                    ScoringException.Reason.MISSING_PREDICTIONS,
                    predictions,
                    String.format(
                            Locale.ROOT,
                            "%d of the %d labels in %s have no prediction in %s (e.g. %s): a score"
                                    + " over the other %d would not be the score of the set",
                            unscored,
                            gtNames.size(),
                            labels,
                            predictions,
                            missing.first(),
                            predNames.size()),
                    null);
        }
        gtNames.retainAll(predNames);
        if (unscored > 0) {
            listener.unscoredLabels(unscored, labels);
        }
        ConfusionMatrix cm = new ConfusionMatrix(classes);
        long done = 0;
        for (String name : gtNames) {
            LabelFiles.RawLabel p = read(predictions.resolve(name), "prediction PNG");
            LabelFiles.RawLabel t = read(labels.resolve(name), "label PNG");
            if (p.width() != t.width() || p.height() != t.height()) {
                throw new ScoringException(
                        ScoringException.Reason.SIZE_MISMATCH,
                        predictions.resolve(name),
                        String.format(
                                Locale.ROOT,
                                "%s: prediction is %dx%d but the label is %dx%d",
                                name,
                                p.width(),
                                p.height(),
                                t.width(),
                                t.height()),
                        null);
            }
            checkLabels(labels.resolve(name), t, listener);
            long before = cm.outOfRangePredictions();
            cm.addPixels(t.values(), p.values(), ignore);
            long wrong = cm.outOfRangePredictions() - before;
            if (wrong > 0) {
                listener.outOfRangePredictions(name, wrong);
            }
            listener.scored(++done, gtNames.size());
        }
        return new FolderScore(cm, gtNames.size(), unscored);
    }

    /**
     * Refuses (or, when skipping, reports) label values outside {@code [0, K)} that are not the
     * ignore value, naming the file, the count and the first such pixel.
     */
    private void checkLabels(Path file, LabelFiles.RawLabel t, Listener listener)
            throws ScoringException {
        int[] v = t.values();
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
        if (!skipBadLabels) {
            throw new ScoringException(ScoringException.Reason.BAD_LABELS, file, what, null);
        }
        listener.skippedLabels(file, what);
    }

    private static TreeSet<String> pngs(Path dir, Listener listener) throws IOException {
        if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
            throw new ScoringException(
                    ScoringException.Reason.NOT_A_FOLDER,
                    dir,
                    dir + " is not a readable folder of PNG files",
                    null);
        }
        TreeSet<String> names = new TreeSet<>();
        InputFiles.Listing listing =
                InputFiles.list(
                        dir,
                        f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"));
        for (Path f : listing.files()) {
            names.add(f.getFileName().toString());
        }
        listing.skipped().forEach(listener::skippedFile);
        return names;
    }

    /** A PNG's class indices through the data module's label reader. */
    private static LabelFiles.RawLabel read(Path file, String what) throws ScoringException {
        try {
            return LabelFiles.readPng(file, null, what);
        } catch (ItemException e) {
            throw new ScoringException(ScoringException.Reason.UNREADABLE, file, e.getMessage(), e);
        }
    }

    /** Builder of {@link FolderScoring}; {@link #build()} checks every setting. */
    public static final class Builder {

        private @Nullable Path predictions;
        private @Nullable Path labels;
        private int classes;
        private int ignore = SegmentationDataset.IGNORE_INDEX;
        private boolean skipBadLabels;
        private boolean allowMissing;

        private Builder() {}

        /**
         * Sets the folder of prediction PNGs (class indices, one per image).
         *
         * @param predictions the folder
         * @return this builder
         */
        public Builder predictions(Path predictions) {
            this.predictions = predictions;
            return this;
        }

        /**
         * Sets the folder of label PNGs, matched to the predictions by file name.
         *
         * @param labels the folder
         * @return this builder
         */
        public Builder labels(Path labels) {
            this.labels = labels;
            return this;
        }

        /**
         * Sets the number of classes K: indices {@code 0..K-1} are classes.
         *
         * @param classes 1 to {@value FolderScoring#MAX_CLASSES}
         * @return this builder
         */
        public Builder classes(int classes) {
            this.classes = classes;
            return this;
        }

        /**
         * Sets the label value that is not scored (default 255).
         *
         * @param ignore 0 to 255, or -1 for none
         * @return this builder
         */
        public Builder ignore(int ignore) {
            this.ignore = ignore;
            return this;
        }

        /**
         * Skips label values outside {@code [0, K)} that are not the ignore value, reporting and
         * counting them, instead of stopping (default off).
         *
         * @param skipBadLabels whether to skip them
         * @return this builder
         */
        public Builder skipBadLabels(boolean skipBadLabels) {
            this.skipBadLabels = skipBadLabels;
            return this;
        }

        /**
         * Scores the predictions there are when some labels have none, leaving those labels out
         * (default off: missing predictions stop the run).
         *
         * @param allowMissing whether to allow labels without a prediction
         * @return this builder
         */
        public Builder allowMissing(boolean allowMissing) {
            this.allowMissing = allowMissing;
            return this;
        }

        /**
         * Checks the settings and builds the pipeline; nothing is read yet.
         *
         * @return the pipeline
         * @throws SettingException naming {@code predictions} or {@code labels} when not set,
         *     {@code classes} when out of 1..{@value FolderScoring#MAX_CLASSES}, {@code ignore}
         *     when out of -1..255
         */
        public FolderScoring build() {
            if (predictions == null) {
                throw new SettingException("predictions", null, "a folder of PNG files");
            }
            if (labels == null) {
                throw new SettingException("labels", null, "a folder of PNG files");
            }
            SettingException.checkRange("classes", classes, 1, MAX_CLASSES);
            SettingException.checkRange("ignore", ignore, -1, SegmentationDataset.IGNORE_INDEX);
            return new FolderScoring(this);
        }
    }
}
