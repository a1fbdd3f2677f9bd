package dev.sanet.core.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks that keep a program's outputs away from its inputs and from files it did not write, made
 * before any work starts so that a mistake costs nothing.
 *
 * <ul>
 *   <li>{@link #checkApart}: an output folder is not, does not contain and is not inside an input
 *       folder;
 *   <li>{@link #checkWritableFolder}: an output folder is a folder (or can be created) and can be
 *       written to, tried by creating and deleting a file;
 *   <li>{@link #existing} and {@link #checkNotInputs}: which planned output files already exist,
 *       and that none of them is an input file;
 *   <li>{@link #present} and {@link #delete}: the entries an earlier run left in a folder, and
 *       their removal when the caller was told to replace that run.
 * </ul>
 *
 * <p>Paths are compared as {@linkplain #resolve resolved paths}: the real path of the longest part
 * that exists (symbolic links and {@code ..} resolved by the file system) followed by the
 * normalised rest, so neither a link nor {@code ..} makes one folder look like two. Errors are
 * {@link IllegalArgumentException}s whose message is one line naming the path, what was expected
 * and how to fix it; they name paths and values, never command-line flags, which callers prefix.
 */
public final class OutputFolders {

    /** Prefix of the file that {@link #checkWritableFolder} creates and deletes. */
    static final String PROBE_PREFIX = ".sanet-write-probe-";

    private OutputFolders() {}

    /**
     * The path as the file system sees it: the real path ({@link Path#toRealPath}) of the longest
     * leading part that exists, followed by the normalised remainder (which does not exist yet, so
     * it holds no links to follow).
     *
     * @param path a path, relative to the working directory or absolute
     * @return an absolute, normalised path
     */
    public static Path resolve(Path path) {
        Path abs = path.toAbsolutePath();
        Path root = abs.getRoot();
        int n = abs.getNameCount();
        for (int i = n; i >= 0; i--) {
            Path prefix = i == 0 ? root : root.resolve(abs.subpath(0, i));
            if (prefix == null || !Files.exists(prefix)) {
                continue;
            }
            try {
                Path real = prefix.toRealPath();
                return i == n ? real : real.resolve(abs.subpath(i, n)).normalize();
            } catch (IOException e) {
                // Vanished or unreadable meanwhile: try a shorter prefix.
            }
        }
        return abs.normalize();
    }

    /**
     * Checks that an output folder is kept apart from an input: it must not be the input folder,
     * lie inside it, or contain it. An input that is a regular file only has to differ from the
     * output folder (a single input image may sit in the output folder; {@link #checkNotInputs}
     * keeps the outputs from replacing it). An input that does not exist is not checked (whoever
     * reads it reports it).
     *
     * @param output the output folder (need not exist)
     * @param input an input folder or file
     * @throws IllegalArgumentException naming both resolved paths and the fix
     */
    public static void checkApart(Path output, Path input) {
        if (!Files.exists(input)) {
            return;
        }
        Path out = resolve(output);
        Path in = resolve(input);
        boolean folder = Files.isDirectory(input);
        String what = folder ? "input folder " : "input file ";
        if (out.equals(in)) {
            throw new IllegalArgumentException(
                    "output folder "
                            + shown(output, out)
                            + " is the "
                            + what
                            + in
                            + ": choose an output folder outside "
                            + in);
        }
        if (!folder) {
            return;
        }
        if (out.startsWith(in)) {
            throw new IllegalArgumentException(
                    "output folder "
                            + shown(output, out)
                            + " is inside the input folder "
                            + in
                            + ": choose an output folder outside "
                            + in);
        }
        if (in.startsWith(out)) {
            throw new IllegalArgumentException(
                    "output folder "
                            + shown(output, out)
                            + " contains the input folder "
                            + in
                            + ": choose an output folder that does not hold the input");
        }
    }

    /**
     * Checks that an output folder is a folder, or can be created, and that files can be written
     * into it: an existing folder is tried by creating and deleting an empty file in it; a missing
     * one by the same test in its nearest existing parent. Creates nothing that stays.
     *
     * @param folder the output folder
     * @throws IllegalArgumentException when the path is a file, lies under a file, or is not
     *     writable; the message names the path and the fix
     */
    public static void checkWritableFolder(Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException(
                    "output folder "
                            + folder
                            + " is an existing file, not a folder: choose a folder path (or move"
                            + " the file away)");
        }
        Path existing = resolve(folder);
        while (!Files.exists(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing)) {
            throw new IllegalArgumentException(
                    "output folder "
                            + folder
                            + " cannot be created: "
                            + existing
                            + " is a file, not a folder: choose a folder path outside it");
        }
        boolean exists = Files.isDirectory(folder);
        Path probe = null;
        try {
            probe = Files.createTempFile(existing, PROBE_PREFIX, ".tmp");
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException(
                    "output folder "
                            + folder
                            + (exists
                                    ? " is not writable"
                                    : " cannot be created: " + existing + " is not writable")
                            + " ("
                            + reason(e)
                            + "): choose a writable folder or change its permissions",
                    e);
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException e) {
                    // Left behind: harmless, hidden, and named so that its origin is clear.
                }
            }
        }
    }

    /**
     * The planned output files that exist already, in the order given.
     *
     * @param planned the files a program is about to write
     * @return those that exist (as files, folders or links), possibly none
     */
    public static List<Path> existing(Collection<Path> planned) {
        List<Path> found = new ArrayList<>();
        for (Path p : planned) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                found.add(p);
            }
        }
        return found;
    }

    /**
     * Checks that a folder's file system has room for what a run is about to write, so that a full
     * disk is found before the work rather than after it (a whole epoch, for a checkpoint).
     *
     * @param folder the output folder (need not exist: its nearest existing parent is asked)
     * @param bytes the bytes the run needs
     * @param what what needs them, for the message ({@code "one checkpoint"})
     * @throws IllegalArgumentException naming the folder, the bytes needed and the bytes free
     */
    public static void checkFreeSpace(Path folder, long bytes, String what) {
        Path existing = resolve(folder);
        while (!Files.exists(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        long free;
        try {
            free = Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            return; // Unknown: the writes themselves report a full disk, naming the file.
        }
        if (free < bytes) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "%s has %d bytes (%.1f MB) free, but %s needs about %d bytes (%.1f"
                                    + " MB): free some space or choose a folder on another disk",
                            folder,
                            free,
                            free / 1e6,
                            what,
                            bytes,
                            bytes / 1e6));
        }
    }

    /**
     * The one check every writer makes before any work: no planned output is an input file or lies
     * inside an input folder (never allowed, whatever {@code overwrite} says), and unless {@code
     * overwrite} none exists. Commands and library writers all call this, so that a writer added
     * later makes the same promise.
     *
     * @param planned every file (or folder) the writer is about to create
     * @param inputs the files and folders it reads
     * @param overwrite whether existing outputs may be replaced
     * @return the planned outputs that exist (to replace; empty when none)
     * @throws IllegalArgumentException naming the output and the input it would replace
     * @throws OutputExistsException when some exist and {@code overwrite} is false
     */
    public static List<Path> checkOutputs(
            Collection<Path> planned, Collection<Path> inputs, boolean overwrite) {
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                Path dir = resolve(in);
                for (Path p : planned) {
                    if (resolve(p).startsWith(dir)) {
                        throw new IllegalArgumentException(
                                "output "
                                        + p
                                        + " lies inside the input folder "
                                        + dir
                                        + ": choose an output outside "
                                        + dir);
                    }
                }
            } else {
                files.add(in);
            }
        }
        checkNotInputs(planned, files);
        List<Path> found = existing(planned);
        if (!overwrite && !found.isEmpty()) {
            throw new OutputExistsException(found, planned.size());
        }
        return found;
    }

    /**
     * Checks that no planned output file exists unless overwriting is allowed.
     *
     * @param planned the files a program is about to write
     * @param overwrite whether existing files may be replaced
     * @throws IllegalArgumentException naming the first existing file and how many exist
     */
    public static void checkPlanned(Collection<Path> planned, boolean overwrite) {
        checkOutputs(planned, List.of(), overwrite);
    }

    /**
     * Checks that no planned output file is one of the input files (compared as resolved paths),
     * which even an allowed overwrite must never replace.
     *
     * @param planned the files a program is about to write
     * @param inputs the files it reads
     * @throws IllegalArgumentException naming the output and the input it would replace
     */
    public static void checkNotInputs(Collection<Path> planned, Collection<Path> inputs) {
        Set<Path> in = new LinkedHashSet<>();
        for (Path p : inputs) {
            in.add(resolve(p));
        }
        for (Path p : planned) {
            Path r = resolve(p);
            if (in.contains(r)) {
                throw new IllegalArgumentException(
                        "output file "
                                + p
                                + " would replace the input file "
                                + r
                                + ": choose an output folder that does not hold the input");
            }
        }
    }

    /**
     * The entries of a folder that an earlier run left: those of the given names that exist.
     *
     * @param folder the folder (need not exist)
     * @param names entry names directly inside it, such as {@code checkpoints} or {@code
     *     metrics.csv}
     * @return the existing entries, in the order of {@code names}
     */
    public static List<Path> present(Path folder, Collection<String> names) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        for (String n : names) {
            Path p = folder.resolve(n);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                found.add(p);
            }
        }
        return found;
    }

    /**
     * Deletes files and folder trees. Links are removed, never followed, so nothing outside the
     * given trees is touched.
     *
     * @param entries files or folders to remove; missing ones are skipped
     * @return the number of files and folders removed
     * @throws IOException when an entry cannot be removed (those before it are gone)
     */
    public static long delete(Collection<Path> entries) throws IOException {
        long removed = 0;
        for (Path entry : entries) {
            if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            List<Path> tree;
            try (Stream<Path> walk = Files.walk(entry)) {
                tree = walk.sorted(Comparator.reverseOrder()).toList();
            }
            for (Path p : tree) {
                if (Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    /** The path as given, and what it resolves to when that differs (a link, {@code ..}). */
    private static String shown(Path given, Path resolved) {
        Path abs = given.toAbsolutePath().normalize();
        return abs.equals(resolved) ? resolved.toString() : given + " (" + resolved + ")";
    }

    /** Why a file could not be created, without the probe file's name. */
    private static String reason(Exception e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof FileSystemException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
