package dev.sanet.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * An exclusive claim on an output folder for the life of a run: a file {@value #FILE} in the folder
 * holding the owner's process id, host, start time and command. It is created atomically (complete
 * in a hidden file first, then hard-linked to its name, which fails when the name exists), removed
 * by {@link #close} and, should the process end without closing it (an exception that escaped, ^C),
 * by a shutdown hook. A second claim on the folder, from another process or another thread of this
 * one, fails with a {@link FolderInUseException} naming the owner. A claim left by a process that
 * no longer runs on this host (killed with {@code -9}, a crash) is stale: it is replaced, and
 * {@link #replaced()} names it so the caller can say so.
 *
 * <p>A claim made on another host (a shared file system) cannot be checked and is respected.
 */
public final class OutputLock implements AutoCloseable {

    /** The lock file's name inside the claimed folder. */
    public static final String FILE = ".sanet.lock";

    private final Path file;
    private final String content;
    private final @Nullable Owner replaced;
    private final Thread hook;
    private boolean released;

    /**
     * Who holds a claim.
     *
     * @param pid the process id
     * @param host the host name
     * @param started when the claim was taken
     * @param command what the process runs, such as {@code sanet train}
     */
    public record Owner(long pid, String host, Instant started, String command) {

        /**
         * A description for people.
         *
         * @return e.g. {@code process 1234 on host a, started 2026-12-06T23:30:00Z: sanet train}
         */
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "process %d on host %s, started %s: %s",
                    pid,
                    host,
                    started.truncatedTo(ChronoUnit.SECONDS),
                    command);
        }

        /** Whether the owner still runs; an owner on another host is assumed to. */
        boolean alive() {
            if (!host.equals(hostName())) {
                return true;
            }
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) {
                return false;
            }
            // The id of a dead owner may have been given to a newer process.
            Optional<Instant> start = p.get().info().startInstant();
            return start.isEmpty() || !start.get().isAfter(started.plusSeconds(2));
        }
    }

    private OutputLock(Path file, String content, @Nullable Owner replaced) {
        this.file = file;
        this.content = content;
        this.replaced = replaced;
        this.hook = new Thread(this::release, "sanet-output-lock");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Claims a folder, creating it when missing.
     *
     * @param folder the output folder
     * @param command what this run is, for the owner's description ({@code sanet train})
     * @return the claim; close it when the run ends
     * @throws FolderInUseException when a running process holds the folder
     * @throws IOException when the folder or the lock file cannot be created
     */
    public static OutputLock acquire(Path folder, String command) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(FILE);
        Owner me = new Owner(ProcessHandle.current().pid(), hostName(), Instant.now(), command);
        String content = format(me);
        Owner replaced = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            if (create(file, content)) {
                return new OutputLock(file, content, replaced);
            }
            Optional<String> text = read(file);
            if (text.isEmpty()) {
                continue; // released meanwhile
            }
            Owner owner = parse(text.get(), file);
            if (owner.alive()) {
                throw new FolderInUseException(folder, owner);
            }
            if (setAside(file, text.get())) {
                replaced = owner;
            }
        }
        throw new IOException(
                file + ": could not be created after removing a stale lock several times");
    }

    /**
     * Who holds a folder now: the owner of a claim whose process runs; a stale claim or none gives
     * empty. Reads only, for checks made before any output is created.
     *
     * @param folder the folder (need not exist)
     * @return the running owner, or empty
     */
    public static Optional<Owner> holder(Path folder) {
        Path file = folder.resolve(FILE);
        Optional<String> text = read(file);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Owner owner = parse(text.get(), file);
        return owner.alive() ? Optional.of(owner) : Optional.empty();
    }

    /**
     * The lock file.
     *
     * @return {@code folder/.sanet.lock}
     */
    public Path file() {
        return file;
    }

    /**
     * The stale claim this one replaced, if any, for a warning.
     *
     * @return its owner, a process that no longer runs
     */
    public Optional<Owner> replaced() {
        return Optional.ofNullable(replaced);
    }

    /** Releases the claim: removes the lock file if it is still this claim's. */
    @Override
    public void close() {
        release();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs (or ran) anyway.
        }
    }

    private synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        try {
            if (read(file).filter(content::equals).isPresent()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // A lock left behind is found stale by the next run.
        }
    }

    /** Creates the lock file with its whole content in one step; false when it exists. */
    private static boolean create(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(FILE + "." + hex() + AtomicFolder.TMP);
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try {
            Files.createLink(file, tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            // No hard links (some network or FAT file systems): an exclusive create, then the
            // content; a reader that sees it empty in between retries.
            try {
                Files.writeString(
                        file,
                        content,
                        StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Moves a stale lock out of the way, unless another process replaced it meanwhile.
     *
     * @return true when the stale lock (with the given content) was removed
     */
    private static boolean setAside(Path file, String staleContent) throws IOException {
        Path aside = file.resolveSibling(FILE + "." + hex() + ".old");
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException gone) {
            return false;
        }
        Optional<String> moved = read(aside);
        if (moved.isPresent() && !moved.get().equals(staleContent)) {
            // A live claim made between our read and the move: put it back.
            try {
                Files.createLink(file, aside);
            } catch (FileAlreadyExistsException | UnsupportedOperationException ignored) {
                // Yet another claim is there now; it stands.
            }
            Files.deleteIfExists(aside);
            return false;
        }
        Files.deleteIfExists(aside);
        return true;
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String format(Owner o) {
        return "pid="
                + o.pid()
                + "\nhost="
                + o.host()
                + "\nstarted="
                + o.started()
                + "\ncommand="
                + o.command().replace('\n', ' ')
                + "\n";
    }

    /** The owner in a lock file; an unreadable one counts as a live unknown owner. */
    private static Owner parse(String text, Path file) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        try {
            return new Owner(
                    Long.parseLong(m.getOrDefault("pid", "")),
                    m.getOrDefault("host", "?"),
                    Instant.parse(m.getOrDefault("started", "")),
                    m.getOrDefault("command", "?"));
        } catch (NumberFormatException | DateTimeParseException e) {
            // Not written by sanet, or cut short: respected, and the message says to delete it.
            return new Owner(
                    -1, "unknown (unreadable " + file.getFileName() + ")", Instant.EPOCH, "?");
        }
    }

    private static String hostName() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux.
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String hex() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
