package dev.sanet.examples.cli;

import dev.sanet.core.io.InputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Checks of input paths, made before any work: the path exists, is a folder or a file as the option
 * needs, and can be read. Each failure is one line naming the flag, the path and the fix.
 */
final class InputChecks {

    private InputChecks() {}

    /**
     * Checks that a folder option names a readable folder; null (not given) passes.
     *
     * @param flag the option, such as {@code --data}
     * @param folder the path given, or null
     * @param fix what to pass instead, for the message
     * @throws UserException naming the flag, the path and the fix
     */
    static void folder(String flag, @Nullable Path folder, String fix) {
        if (folder == null) {
            return;
        }
        special(flag, folder, fix);
        if (!Files.exists(folder)) {
            throw new UserException(flag + " " + folder + ": no such folder: " + fix);
        }
        if (!Files.isDirectory(folder)) {
            throw new UserException(flag + " " + folder + " is a file, not a folder: " + fix);
        }
        if (!Files.isReadable(folder) || !Files.isExecutable(folder)) {
            throw new UserException(
                    flag
                            + " "
                            + folder
                            + ": the folder cannot be read (permission denied): change its"
                            + " permissions or "
                            + fix);
        }
    }

    /**
     * Checks that a file option names a readable regular file; null (not given) passes.
     *
     * @param flag the option
     * @param file the path given, or null
     * @param fix what to pass instead, for the message
     * @throws UserException naming the flag, the path and the fix
     */
    static void file(String flag, @Nullable Path file, String fix) {
        if (file == null) {
            return;
        }
        special(flag, file, fix);
        if (!Files.exists(file)) {
            throw new UserException(flag + " " + file + ": no such file: " + fix);
        }
        if (!Files.isRegularFile(file)) {
            throw new UserException(flag + " " + file + " is a folder, not a file: " + fix);
        }
        if (!Files.isReadable(file)) {
            throw new UserException(
                    flag
                            + " "
                            + file
                            + ": the file cannot be read (permission denied): change its"
                            + " permissions or "
                            + fix);
        }
    }

    /**
     * Refuses, without opening it, a path that is a FIFO, a socket, a device, a symbolic link loop
     * or a dangling link ({@link InputFiles#problem}); a missing path, a folder and a regular file
     * pass to the other checks.
     *
     * @param flag the option
     * @param path the path given
     * @param fix what to pass instead, for the message
     * @throws UserException naming the flag, the path, what it is and the fix
     */
    static void special(String flag, Path path, String fix) {
        String problem = InputFiles.problem(path);
        if (problem != null
                && !problem.equals(InputFiles.FOLDER)
                && !problem.equals(InputFiles.MISSING)) {
            throw new UserException(
                    flag
                            + " "
                            + path
                            + " is "
                            + problem
                            + ", not a regular file or folder: "
                            + fix);
        }
    }
}
