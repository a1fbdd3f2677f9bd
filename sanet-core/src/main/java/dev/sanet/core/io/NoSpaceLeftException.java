package dev.sanet.core.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A write that failed because the disk (or the user's quota) is full, naming the file that was
 * being written. The one place where an operating system's "No space left on device" (ENOSPC) and
 * "Disk quota exceeded" (EDQUOT), which reach Java as plain {@link IOException}s or {@link
 * FileSystemException}s, sometimes wrapped by ImageIO or Hadoop, are recognised.
 */
public final class NoSpaceLeftException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * Creates the exception.
     *
     * @param path the file or folder being written
     * @param cause the operating system's failure
     */
    public NoSpaceLeftException(Path path, Throwable cause) {
        super(path + ": no space left on device (" + reason(cause) + ")", cause);
        this.path = path;
    }

    /**
     * The file or folder that was being written.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /**
     * Whether a failure, or any of its causes, is a full disk or an exhausted quota.
     *
     * @param failure the failure
     * @return true for ENOSPC or EDQUOT
     */
    public static boolean isNoSpace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NoSpaceLeftException) {
                return true;
            }
            String m =
                    t instanceof FileSystemException f && f.getReason() != null
                            ? f.getReason()
                            : t.getMessage();
            if (m != null) {
                String l = m.toLowerCase(Locale.ROOT);
                if (l.contains("no space left on device") || l.contains("disk quota exceeded")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * Names the file in a failure that is a full disk; any other failure is returned as it is.
     *
     * @param path the file or folder being written
     * @param failure the failure
     * @return a {@link NoSpaceLeftException} naming {@code path}, or {@code failure}
     */
    public static IOException classify(Path path, IOException failure) {
        if (failure instanceof NoSpaceLeftException || !isNoSpace(failure)) {
            return failure;
        }
        return new NoSpaceLeftException(path, failure);
    }

    private static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException f && f.getReason() != null) {
                return f.getReason();
            }
            if (t.getCause() == null || t.getCause() == t) {
                String m = t.getMessage();
                return m == null ? t.getClass().getSimpleName() : m;
            }
        }
        return "ENOSPC";
    }
}
