package dev.sanet.core.inference;

import dev.sanet.core.io.ImageTooLargeException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.jspecify.annotations.Nullable;

/**
 * An input of the prediction route that is not a complete image: missing, of no format ImageIO
 * decodes, truncated or corrupt. Every route ({@code sanet predict}, the {@code Criteria}
 * translator, Spark, the example programs) reports a bad input with this exception and the same
 * message, {@code "SOURCE: unreadable image (REASON)"}.
 *
 * <p>An image over the protocol's pixel limit ({@link Protocol#maxPixels()}) and one whose decoding
 * ran out of memory are reported with this exception too, so that every route reports them alike,
 * but with their own messages: {@code "SOURCE: WxH (N megapixels) is over the limit of L
 * megapixels"} and {@code "out of memory decoding SOURCE (WxH)"}, never as corrupt; {@link
 * #tooLarge()} gives the size.
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
        this(source, reason, source + ": unreadable image (" + reason + ")", cause);
    }

    private UnreadableImageException(
            String source, String reason, String message, Throwable cause) {
        super(message, cause);
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
    public static UnreadableImageException of(String source, Exception e) {
        if (e instanceof ImageTooLargeException big) {
            String size = big.width() + "x" + big.height();
            return big.outOfMemory()
                    ? new UnreadableImageException(
                            source,
                            big.getMessage(),
                            "out of memory decoding " + source + " (" + size + ")",
                            e)
                    : new UnreadableImageException(
                            source, big.getMessage(), source + ": " + big.getMessage(), e);
        }
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
     * The size of an image refused by the pixel limit, or whose decoding ran out of memory.
     *
     * @return the decoder's exception, or null when the input is not a complete image
     */
    public @Nullable ImageTooLargeException tooLarge() {
        return getCause() instanceof ImageTooLargeException big ? big : null;
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
