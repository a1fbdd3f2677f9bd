package dev.sanet.core.training;

import java.nio.file.Path;

/**
 * A resumed run whose newest checkpoint was trained with another network or dataset than the
 * configuration asks for: resuming would load parameters of one into the other. Thrown by the
 * trainer's resume before anything is loaded, with one message naming what differs: {@code "the
 * checkpoint in runs/voc/checkpoints/epoch-0003 was trained with dataset "voc", not "ade20k""}.
 */
public final class IncompatibleCheckpointException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The checkpoint folder (not serialised: a {@link Path} is not serialisable). */
    private final transient Path checkpoint;

    /** What differs: {@code architecture} or {@code dataset}. */
    private final String setting;

    /** The checkpoint's value, JSON text. */
    private final String saved;

    /** The configuration's value, JSON text. */
    private final String given;

    /**
     * Creates the exception.
     *
     * @param checkpoint the checkpoint folder
     * @param setting what differs, {@code architecture} or {@code dataset}
     * @param saved the checkpoint's value (JSON text)
     * @param given the configuration's value (JSON text)
     */
    public IncompatibleCheckpointException(
            Path checkpoint, String setting, String saved, String given) {
        super(
                "the checkpoint in "
                        + checkpoint
                        + " was trained with "
                        + setting
                        + " "
                        + saved
                        + ", not "
                        + given);
        this.checkpoint = checkpoint;
        this.setting = setting;
        this.saved = saved;
        this.given = given;
    }

    /**
     * The checkpoint folder.
     *
     * @return the folder
     */
    public Path checkpoint() {
        return checkpoint;
    }

    /**
     * What differs.
     *
     * @return {@code architecture} or {@code dataset}
     */
    public String setting() {
        return setting;
    }

    /**
     * The checkpoint's value.
     *
     * @return JSON text
     */
    public String saved() {
        return saved;
    }

    /**
     * The configuration's value.
     *
     * @return JSON text
     */
    public String given() {
        return given;
    }
}
