package dev.sanet.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old file or the complete new one: the content goes
 * to a hidden temporary file in the same folder, is forced to the disk, then renamed over the
 * target in one step. When anything fails the temporary file is deleted, so no partial file is left
 * behind.
 */
public final class AtomicWrite {

    /** Writes the content of a file. */
    @FunctionalInterface
    public interface Body {
        /**
         * Writes everything to the channel, which starts empty at position 0.
         *
         * @param channel the temporary file, open for writing
         * @throws IOException when writing fails
         */
        void write(FileChannel channel) throws IOException;
    }

    private AtomicWrite() {}

    /**
     * Writes {@code target} atomically, creating its folder when missing.
     *
     * @param target the file to create or replace
     * @param body writes the content
     * @throws IOException when the target is a folder or writing, syncing or renaming fails
     */
    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || abs.getFileName() == null) {
            throw new IOException(target + ": not a file path");
        }
        if (Files.isDirectory(abs)) {
            throw new IOException(target + " is a folder: give a file name");
        }
        Files.createDirectories(dir);
        // Not Files.createTempFile: it creates the file readable by its owner only, and the rename
        // would carry that mode over to the user's output.
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        Path tmp = dir.resolve("." + abs.getFileName() + "." + suffix + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch =
                    FileChannel.open(
                            tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                body.write(ch);
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            if (!moved) {
                deleteQuietly(tmp);
            }
        }
        syncFolder(dir);
    }

    /**
     * Writes the whole buffer, looping over partial writes.
     *
     * @param ch the channel
     * @param buffer the bytes between its position and limit
     * @throws IOException when writing fails
     */
    public static void writeFully(FileChannel ch, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            ch.write(buffer);
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // The original failure matters more; a stray hidden file is the lesser evil.
        }
    }

    /** Makes the rename durable where the platform allows syncing a folder (Linux does). */
    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Best effort: some platforms cannot open folders; the data itself is already synced.
        }
    }
}
