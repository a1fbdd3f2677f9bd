package dev.sanet.core.inference;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * An input of the prediction route that is not a complete image: missing, of no format ImageIO
 * decodes, truncated or corrupt. Every route ({@code sanet predict}, the {@code Criteria}
 * translator, Spark, the example programs) reports a bad input with this exception and the same
 * message, {@code "SOURCE: unreadable image (REASON)"}.
 */
public final class UnreadableImageException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The file or name the bytes came from. */
    private final String source;

    /** Why the input is not an image, one line. */
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param source the file or name the bytes came from
     * @param reason one line: why it is not an image
     * @param cause the decoder's exception
     */
    public UnreadableImageException(String source, String reason, Throwable cause) {
        super(source + ": unreadable image (" + reason + ")", cause);
        this.source = source;
        this.reason = reason;
    }

    /**
     * Wraps a decoding failure, taking its first line as the reason.
     *
     * @param source the file or name the bytes came from
     * @param e what the decoder threw
     * @return the exception
     */
    static UnreadableImageException of(String source, Exception e) {
        String why;
        if (e instanceof NoSuchFileException) {
            why = "no such file";
        } else {
            String m = e.getMessage();
            why =
                    m == null || m.isBlank()
                            ? e.getClass().getSimpleName()
                            : m.lines().findFirst().orElse(m).strip();
        }
        return new UnreadableImageException(source, why, e);
    }

    /**
     * The file or name the bytes came from.
     *
     * @return the source as given to the route
     */
    public String source() {
        return source;
    }

    /**
     * Why the input is not an image.
     *
     * @return one line, e.g. {@code "truncated or corrupt (Premature end of JPEG file)"}
     */
    public String reason() {
        return reason;
    }
}
