package dev.sanet.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

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
 */
public final class AtomicFolder {

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
        Files.createDirectories(parent);
        String name = abs.getFileName().toString();
        // Not Files.createTempDirectory: it makes the folder readable by its owner only, and the
        // rename would carry that mode over to the user's output.
        Path tmp = Files.createDirectory(parent.resolve("." + name + "." + hex() + ".tmp"));
        try {
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

    private static String hex() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
