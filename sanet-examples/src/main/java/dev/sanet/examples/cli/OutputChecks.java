package dev.sanet.examples.cli;

import dev.sanet.core.io.AtomicFolder;
import dev.sanet.core.io.FolderInUseException;
import dev.sanet.core.io.OutputExistsException;
import dev.sanet.core.io.OutputFolders;
import dev.sanet.core.io.OutputLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The command line's output checks, made before any work: {@link OutputFolders} with the flags
 * named in the messages, and what {@code --resume} and {@code --overwrite} do with a folder that
 * holds an earlier run. Inputs are never outputs, and nothing the current run did not create is
 * replaced without {@code --overwrite}: every check of planned outputs goes through the library's
 * one check, {@link OutputFolders#checkOutputs}. A folder a command writes into is claimed for the
 * run with an {@link OutputLock} ({@link #claim}).
 */
final class OutputChecks {

    /** What {@code sanet train} (and every row of {@code sanet reproduce}) writes in its folder. */
    static final List<String> TRAIN_RUN =
            List.of("checkpoints", "metrics.csv", "metrics.json", "curve.png", "model");

    private OutputChecks() {}

    /**
     * Checks that an output folder is not, does not contain and is not inside an input folder (for
     * an input file: is not the file).
     *
     * @param outFlag the output option, such as {@code --output}
     * @param out the output folder
     * @param inFlag the input option, such as {@code --input}
     * @param in the input, or null when the option was not given
     * @throws UserException naming both flags, both paths and the fix
     */
    static void apart(String outFlag, Path out, String inFlag, @Nullable Path in) {
        if (in == null) {
            return;
        }
        try {
            OutputFolders.checkApart(out, in);
        } catch (IllegalArgumentException e) {
            throw new UserException(outFlag + " and " + inFlag + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that an output folder is a folder (or can be created) and is writable.
     *
     * @param outFlag the output option
     * @param out the output folder
     * @throws UserException naming the flag, the path and the fix
     */
    static void writable(String outFlag, Path out) {
        try {
            OutputFolders.checkWritableFolder(out);
        } catch (IllegalArgumentException e) {
            throw new UserException(outFlag + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that none of the planned files is an input file (never allowed) and, without {@code
     * --overwrite}, that none exists.
     *
     * @param outFlag the output option
     * @param out the output folder
     * @param planned every file the run will write
     * @param inputs the files the run reads
     * @param overwrite whether {@code --overwrite} was given
     * @throws UserException naming the first existing file and how many exist
     */
    static void planned(
            String outFlag,
            Path out,
            Collection<Path> planned,
            Collection<Path> inputs,
            boolean overwrite) {
        try {
            OutputFolders.checkOutputs(planned, inputs, overwrite);
        } catch (OutputExistsException e) {
            throw new UserException(
                    String.format(
                            Locale.ROOT,
                            "%s %s: %d of the %d files this run would write already exist, the"
                                    + " first: %s: pass --overwrite to replace them, or choose"
                                    + " another %s",
                            outFlag,
                            out,
                            e.existing().size(),
                            e.planned(),
                            e.existing().get(0),
                            outFlag),
                    e);
        } catch (IllegalArgumentException e) {
            throw new UserException(outFlag + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks a single output file ({@code weights export --out FILE}): not a folder, not an input
     * and not inside an input folder (even with {@code --overwrite}), and without {@code
     * --overwrite} not existing.
     *
     * @param outFlag the output option
     * @param out the file
     * @param inputs the files and folders the command reads
     * @param overwrite whether {@code --overwrite} was given
     * @throws UserException naming the flag, the path and the fix
     */
    static void file(String outFlag, Path out, Collection<Path> inputs, boolean overwrite) {
        if (Files.isDirectory(out)) {
            throw new UserException(
                    outFlag
                            + " "
                            + out
                            + " is a folder: give a file name, e.g. "
                            + out.resolve("weights.safetensors"));
        }
        try {
            OutputFolders.checkOutputs(List.of(out), inputs, overwrite);
        } catch (OutputExistsException e) {
            throw new UserException(
                    outFlag
                            + " "
                            + out
                            + " exists: pass --overwrite to replace it, or choose another file",
                    e);
        } catch (IllegalArgumentException e) {
            throw new UserException(outFlag + ": " + e.getMessage(), e);
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            writable(outFlag, parent);
        }
    }

    /**
     * Refuses, before any other check of an output folder, a folder that another running sanet
     * process holds, so that the second run says who is writing there (rather than that the folder
     * holds files).
     *
     * @param outFlag the output option
     * @param out the output folder
     * @throws UserException naming the flag, the folder and the running process
     */
    static void notClaimed(String outFlag, Path out) {
        OutputLock.holder(out)
                .ifPresent(
                        o -> {
                            throw inUse(outFlag, new FolderInUseException(out, o));
                        });
    }

    /**
     * Claims an output folder for the run (creating it) and removes what interrupted writes of
     * earlier runs left in it, saying so on standard error; close the claim when the run ends.
     *
     * @param outFlag the output option
     * @param out the output folder
     * @param command the command, such as {@code train}
     * @param subfolders folders inside {@code out} to clear of stale temporary files too
     * @return the claim
     * @throws UserException when another running process holds the folder
     * @throws IOException when the folder or the lock cannot be created
     */
    static OutputLock claim(String outFlag, Path out, String command, String... subfolders)
            throws IOException {
        OutputLock lock;
        try {
            lock = OutputLock.acquire(out, "sanet " + command);
        } catch (FolderInUseException e) {
            throw inUse(outFlag, e);
        }
        lock.replaced()
                .ifPresent(
                        o ->
                                System.err.printf(
                                        Locale.ROOT,
                                        "sanet %s: warning: replaced a stale lock in %s (%s, no"
                                                + " longer running)%n",
                                        command,
                                        out,
                                        o.describe()));
        List<Path> stale = new ArrayList<>(AtomicFolder.removeStale(out));
        for (String sub : subfolders) {
            stale.addAll(AtomicFolder.removeStale(out.resolve(sub)));
        }
        if (!stale.isEmpty()) {
            System.err.printf(
                    Locale.ROOT,
                    "sanet %s: removed %d temporary file(s) of an interrupted earlier run in %s: %s%n",
                    command,
                    stale.size(),
                    out,
                    listing(stale));
        }
        return lock;
    }

    private static UserException inUse(String outFlag, FolderInUseException e) {
        return new UserException(outFlag + " " + e.getMessage(), e);
    }

    /**
     * Decides what to do with the entries an earlier run left in a run folder: nothing when there
     * are none or with {@code --resume}, refuse without {@code --resume} or {@code --overwrite}.
     * Clearing them for {@code --overwrite} is left to {@link #clear}, once every other check has
     * passed.
     *
     * @param outFlag the output option
     * @param out the run folder
     * @param what what the entries are, for the message ({@code "an earlier run"})
     * @param names the entries such a run writes
     * @param resume whether {@code --resume} was given (null: the command has no such option)
     * @param overwrite whether {@code --overwrite} was given
     * @return the earlier run's entries, for {@link #clear}; empty when there are none
     * @throws UserException when both options are given, or when an earlier run is there and
     *     neither is
     */
    static List<Path> earlierRun(
            String outFlag,
            Path out,
            String what,
            List<String> names,
            @Nullable Boolean resume,
            boolean overwrite) {
        boolean resuming = Boolean.TRUE.equals(resume);
        if (resuming && overwrite) {
            throw new UserException(
                    "--resume and --overwrite contradict each other: --resume continues the run in "
                            + out
                            + ", --overwrite replaces it; pass one of them");
        }
        List<Path> found =
                Files.isDirectory(out)
                        ? OutputFolders.checkOutputs(
                                names.stream().map(out::resolve).toList(), List.of(), true)
                        : List.of();
        if (found.isEmpty() || resuming || overwrite) {
            return found;
        }
        throw new UserException(
                String.format(
                        Locale.ROOT,
                        "%s %s holds %s (%s): %s--overwrite to replace it, or choose another %s",
                        outFlag,
                        out,
                        what,
                        listing(found),
                        resume == null ? "pass " : "pass --resume to continue it, ",
                        outFlag));
    }

    /**
     * Removes an earlier run's entries when {@code --overwrite} was given, and says so on standard
     * error; without it (with {@code --resume}, say) removes nothing.
     *
     * @param overwrite whether {@code --overwrite} was given
     * @param command the command, for the message
     * @param out the run folder
     * @param what what the entries are, for the message ({@code "the earlier run"})
     * @param found the entries {@link #earlierRun} returned
     * @throws IOException when an entry cannot be removed
     */
    static void clear(boolean overwrite, String command, Path out, String what, List<Path> found)
            throws IOException {
        if (!overwrite || found.isEmpty()) {
            return;
        }
        String entries = listing(found);
        long n = OutputFolders.delete(found);
        System.err.printf(
                Locale.ROOT,
                "sanet %s: --overwrite: removed %s in %s: %s (%d files and folders)%n",
                command,
                what,
                out,
                entries,
                n);
    }

    /** Entry names, folders with a trailing slash: {@code checkpoints/, metrics.csv}. */
    static String listing(List<Path> entries) {
        return entries.stream()
                .map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : ""))
                .collect(Collectors.joining(", "));
    }
}
