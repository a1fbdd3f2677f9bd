package dev.sanet.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Why {@link FolderScoring} could not score its folders: a {@link Reason} a caller can act on (a
 * command line names its own flags from it), the file or folder at fault, and a one-line message
 * that states the fact without naming any flag.
 */
public final class ScoringException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** The predictions or labels folder is missing, a file, or unreadable. */
        NOT_A_FOLDER,
        /** Predictions have no label of the same name: likely the labels of another split. */
        UNMATCHED_PREDICTIONS,
        /**
         * Labels have no prediction of the same name (allowed with {@link
         * FolderScoring.Builder#allowMissing(boolean)}).
         */
        MISSING_PREDICTIONS,
        /** The predictions folder holds no PNG file. */
        NOTHING_TO_SCORE,
        /** A prediction or label PNG cannot be decoded, or holds colours rather than indices. */
        UNREADABLE,
        /** A prediction and its label differ in size. */
        SIZE_MISMATCH,
        /**
         * A label holds values outside the classes that are not the ignore value (allowed with
         * {@link FolderScoring.Builder#skipBadLabels(boolean)}).
         */
        BAD_LABELS
    }

    /** What went wrong. */
    private final Reason reason;

    /** The file or folder at fault; not serialised (a {@code Path} is not serialisable). */
    private final transient Path path;

    /**
     * Creates the exception.
     *
     * @param reason what went wrong
     * @param path the file or folder at fault
     * @param message one line stating it, naming no flag
     * @param cause the underlying failure, or {@code null}
     */
    public ScoringException(
            Reason reason,
            Path path,
            String message,
            @org.jspecify.annotations.Nullable Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.path = Objects.requireNonNull(path, "path");
    }

    /**
     * What went wrong.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The file or folder at fault: the folder for {@link Reason#NOT_A_FOLDER}, {@link
     * Reason#UNMATCHED_PREDICTIONS}, {@link Reason#MISSING_PREDICTIONS} and {@link
     * Reason#NOTHING_TO_SCORE} (the predictions folder), else the file.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }
}
