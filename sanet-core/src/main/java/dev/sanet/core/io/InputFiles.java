package dev.sanet.core.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The one way input files are listed and checked, so that every command treats odd entries alike: a
 * FIFO, a socket or a device, a symbolic link loop and a dangling link are never opened (a FIFO
 * would block the reader forever) but named: {@link #list} returns them as {@link Skipped} entries
 * for a warning, {@link #problem} says what a path given directly is. Only the file system's
 * metadata is read ({@code lstat}, {@code toRealPath}, {@code stat}).
 */
public final class InputFiles {

    private InputFiles() {}

    /**
     * An entry of a folder that was left out, and why.
     *
     * @param path the entry as listed
     * @param reason what it is, e.g. {@code "a FIFO (named pipe)"} or {@code "a dangling symbolic
     *     link (to missing.png)"}
     */
    public record Skipped(Path path, String reason) {

        /**
         * One line for a warning.
         *
         * @return {@code "PATH: skipped, REASON, not a regular file"}
         */
        public String message() {
            return path + ": skipped, " + reason + ", not a regular file";
        }
    }

    /**
     * The regular files of a folder (links followed to regular files) whose names pass a filter,
     * sorted by path, and the entries with such names that are not regular files.
     *
     * @param files the regular files
     * @param skipped the special files, link loops and dangling links, sorted by path
     */
    public record Listing(List<Path> files, List<Skipped> skipped) {

        /**
         * Copies the lists.
         *
         * @param files the regular files
         * @param skipped the entries left out
         */
        public Listing {
            files = List.copyOf(files);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Lists a folder, not recursively. Sub-folders (and links to folders) are neither files nor
     * skipped entries: a caller that wants them lists them itself.
     *
     * @param folder the folder
     * @param names which names count as inputs (the others are ignored without a word)
     * @return the regular files and the odd entries among the names that count
     * @throws IOException when the folder cannot be listed
     */
    public static Listing list(Path folder, Predicate<Path> names) throws IOException {
        List<Path> files = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder)) {
            for (Path p : s) {
                if (!names.test(p)) {
                    continue;
                }
                String problem = problem(p);
                if (problem == null) {
                    files.add(p);
                } else if (!problem.equals(FOLDER)) {
                    skipped.add(new Skipped(p, problem));
                }
            }
        }
        files.sort(Comparator.naturalOrder());
        skipped.sort(Comparator.comparing(Skipped::path));
        return new Listing(files, skipped);
    }

    /** What {@link #problem} says of a folder. */
    public static final String FOLDER = "a folder";

    /** What {@link #problem} says of a path that does not exist. */
    public static final String MISSING = "no such file";

    /**
     * What keeps a path from being read as an input file, without opening it.
     *
     * @param path the path
     * @return null for a regular file (or a link to one); otherwise {@value #MISSING}, {@value
     *     #FOLDER}, {@code "a symbolic link loop"}, {@code "a dangling symbolic link (to T)"},
     *     {@code "a FIFO (named pipe)"}, {@code "a socket"}, {@code "a character device"}, {@code
     *     "a block device"} or {@code "a special file"}
     */
    public static @Nullable String problem(Path path) {
        BasicFileAttributes own;
        try {
            own = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return MISSING;
        }
        Path target = path;
        if (own.isSymbolicLink()) {
            try {
                target = path.toRealPath();
            } catch (FileSystemLoopException e) {
                return "a symbolic link loop";
            } catch (NoSuchFileException e) {
                return "a dangling symbolic link (to " + linkTarget(path) + ")";
            } catch (FileSystemException e) {
                String why = String.valueOf(e.getReason()).toLowerCase(Locale.ROOT);
                return why.contains("levels of symbolic links") || why.contains("loop")
                        ? "a symbolic link loop"
                        : "an unreadable symbolic link (" + e.getReason() + ")";
            } catch (IOException e) {
                return "an unreadable symbolic link (" + e.getMessage() + ")";
            }
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(target, BasicFileAttributes.class);
        } catch (IOException e) {
            return MISSING;
        }
        if (a.isRegularFile()) {
            return null;
        }
        if (a.isDirectory()) {
            return FOLDER;
        }
        return special(target);
    }

    /** The kind of a special file, from its mode bits where the file system has them. */
    private static String special(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode");
            if (mode instanceof Integer m) {
                return switch (m & 0170000) {
                    case 0010000 -> "a FIFO (named pipe)";
                    case 0140000 -> "a socket";
                    case 0020000 -> "a character device";
                    case 0060000 -> "a block device";
                    default -> "a special file";
                };
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // No unix view (Windows): the generic name.
        }
        return "a special file";
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "?";
        }
    }
}
