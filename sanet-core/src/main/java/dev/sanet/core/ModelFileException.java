package dev.sanet.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model directory or checkpoint that cannot be used as it is on disk: a file missing, truncated,
 * changed since it was written (its checksum differs), not valid JSON, written for another
 * architecture, or holding NaN or infinite parameters. The message names the file (and the
 * parameter, where one is at fault) and what is wrong; it is the user's to fix, not a bug.
 */
public final class ModelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file at fault. */
    private final transient Path file;

    /**
     * Creates the exception.
     *
     * @param file the file at fault
     * @param message one line: the file, what is wrong and, where it helps, what to do
     * @param cause the underlying failure, or null
     */
    public ModelFileException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /**
     * Creates the exception without a cause.
     *
     * @param file the file at fault
     * @param message one line: the file, what is wrong and, where it helps, what to do
     */
    public ModelFileException(Path file, String message) {
        super(message);
        this.file = file;
    }

    /**
     * The file at fault.
     *
     * @return its path
     */
    public Path file() {
        return file;
    }
}
