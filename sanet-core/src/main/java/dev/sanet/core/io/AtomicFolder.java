package dev.sanet.core.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a folder so that readers see either the previous folder or the complete new one: the
 * content goes into a hidden temporary sibling ({@code .NAME.HEX.tmp}), which is then renamed to
 * the target. When the target already exists it is first renamed aside ({@code .NAME.HEX.old}), the
 * new folder takes its place and only then is the old one deleted; if that second rename fails, the
 * old folder is put back. When writing fails the temporary folder is deleted and the previous
 * folder is untouched.
 *
 * <p>The one window that is not atomic (POSIX cannot rename a folder over a non-empty one) is
 * between the two renames, where the target is briefly absent while the old copy sits beside it.
 *
 * <p>A process killed while writing leaves its hidden {@code .tmp} (or {@code .old}) entry behind;
 * {@link #removeStale} removes them, and every writer calls it when it starts.
 */
public final class AtomicFolder {

    /** The suffix of a temporary file or folder ({@code .NAME.HEX.tmp}). */
    static final String TMP = ".tmp";

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFolder.class);

    /** Writes the content of a folder. */
    @FunctionalInterface
    public interface Body {
        /**
         * Writes everything into the folder, which exists and is empty.
         *
         * @param folder the temporary folder
         * @throws IOException when writing fails
         */
        void write(Path folder) throws IOException;
    }

    private AtomicFolder() {}

    /**
     * Writes {@code target} atomically, creating its parent when missing.
     *
     * @param target the folder to create or replace
     * @param body writes the content
     * @throws IOException when the target is a file, or writing or renaming fails; the previous
     *     folder is then left as it was
     */
    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null || abs.getFileName() == null) {
            throw new IOException(target + ": not a folder path");
        }
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IOException(target + " is a file, not a folder");
        }
        String name = abs.getFileName().toString();
        // Not Files.createTempDirectory: it makes the folder readable by its owner only, and the
        // rename would carry that mode over to the user's output.
        Path tmp = parent.resolve("." + name + "." + hex() + TMP);
        try {
            Files.createDirectories(parent);
            Files.createDirectory(tmp);
            body.write(tmp);
            if (Files.isDirectory(abs)) {
                Path old = parent.resolve("." + name + "." + hex() + ".old");
                Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    Files.move(old, abs, StandardCopyOption.ATOMIC_MOVE);
                    throw e;
                }
                deleteTree(old);
            } else {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw NoSpaceLeftException.classify(target, e);
        } finally {
            if (Files.exists(tmp)) {
                deleteTree(tmp);
            }
        }
    }

    /**
     * Deletes a folder and everything in it; a missing folder is not an error.
     *
     * @param folder the folder
     * @throws IOException when something cannot be deleted
     */
    public static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Removes every temporary or set-aside entry ({@code .NAME.HEX.tmp}, {@code .NAME.HEX.old},
     * files and folders) that an interrupted {@link AtomicWrite} or {@link #write} left directly in
     * a folder, saying so in the log. Call it only where no other writer is at work: in a folder
     * this process holds an {@link OutputLock} on, or through {@link #removeStale(Path, String)}
     * for one target.
     *
     * @param folder the folder (need not exist)
     * @return the entries removed
     * @throws IOException when one cannot be deleted
     */
    public static List<Path> removeStale(Path folder) throws IOException {
        return removeStale(folder, null);
    }

    /**
     * Removes the temporary or set-aside entries that interrupted writes of one target left beside
     * it ({@code .NAME.HEX.tmp}, {@code .NAME.HEX.old}), saying so in the log.
     *
     * @param folder the target's folder (need not exist)
     * @param name the target's file name, or null for every target in the folder
     * @return the entries removed
     * @throws IOException when one cannot be deleted
     */
    public static List<Path> removeStale(Path folder, @Nullable String name) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        String glob = name == null ? ".*.{tmp,old}" : "." + globEscape(name) + ".*.{tmp,old}";
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, glob)) {
            for (Path p : s) {
                if (isStaleName(p.getFileName().toString())) {
                    stale.add(p);
                }
            }
        }
        for (Path p : stale) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(p);
            } else {
                Files.deleteIfExists(p);
            }
            LOG.info("removed {}, left by an interrupted write", p);
        }
        return stale;
    }

    /** {@code .NAME.<16 hex digits>.tmp} or {@code .old}: what this class and AtomicWrite make. */
    private static boolean isStaleName(String n) {
        return n.matches("\\..+\\.[0-9a-f]+\\.(tmp|old)")
                || n.startsWith(OutputFolders.PROBE_PREFIX);
    }

    private static String globEscape(String name) {
        return name.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
    }

    private static String hex() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
