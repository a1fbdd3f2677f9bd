package dev.sanet.core.io;

import java.awt.image.RenderedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes a file so that readers see either the old file or the complete new one: the content goes
 * to a hidden temporary file in the same folder ({@code .NAME.HEX.tmp}), is forced to the disk,
 * then renamed over the target in one step. When anything fails the temporary file is deleted, so
 * no partial file is left behind under any name, and a full disk is reported as a {@link
 * NoSpaceLeftException} naming the target. Every file sanet writes goes through here (or through
 * {@link AtomicFolder} for folders); {@link AtomicFolder#removeStale} removes what a killed process
 * left.
 */
public final class AtomicWrite {

    /** Writes the content of a file through a channel. */
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

    /** Writes the content of a file through a stream. */
    @FunctionalInterface
    public interface StreamBody {
        /**
         * Writes everything to the stream; the caller flushes and closes it.
         *
         * @param out the temporary file, buffered
         * @throws IOException when writing fails
         */
        void write(OutputStream out) throws IOException;
    }

    private AtomicWrite() {}

    /**
     * Writes {@code target} atomically through a channel, creating its folder when missing.
     *
     * @param target the file to create or replace
     * @param body writes the content
     * @throws NoSpaceLeftException when the disk is full (nothing is left under either name)
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
        // Not Files.createTempFile: it creates the file readable by its owner only, and the rename
        // would carry that mode over to the user's output.
        Path tmp = dir.resolve("." + abs.getFileName() + "." + hex() + AtomicFolder.TMP);
        boolean moved = false;
        try {
            Files.createDirectories(dir);
            try (FileChannel ch =
                    FileChannel.open(
                            tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                body.write(ch);
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } catch (IOException e) {
            throw NoSpaceLeftException.classify(target, e);
        } finally {
            if (!moved) {
                deleteQuietly(tmp);
            }
        }
        syncFolder(dir);
    }

    /**
     * Writes {@code target} atomically through a buffered stream.
     *
     * @param target the file to create or replace
     * @param body writes the content
     * @throws NoSpaceLeftException when the disk is full (nothing is left under either name)
     * @throws IOException when writing fails
     */
    public static void writeStream(Path target, StreamBody body) throws IOException {
        write(
                target,
                ch -> {
                    // Not closed here: closing the stream would close the channel before force().
                    OutputStream os =
                            new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                    body.write(os);
                    os.flush();
                });
    }

    /**
     * Writes a text file atomically, UTF-8.
     *
     * @param target the file to create or replace
     * @param text the content
     * @throws IOException when writing fails (a {@link NoSpaceLeftException} on a full disk)
     */
    public static void writeString(Path target, CharSequence text) throws IOException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        write(target, ch -> writeFully(ch, ByteBuffer.wrap(bytes)));
    }

    /**
     * Writes bytes atomically.
     *
     * @param target the file to create or replace
     * @param bytes the content
     * @throws IOException when writing fails (a {@link NoSpaceLeftException} on a full disk)
     */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, ch -> writeFully(ch, ByteBuffer.wrap(bytes)));
    }

    /**
     * Encodes an image atomically in a format ImageIO writes, such as {@code png}, buffered in
     * memory rather than in ImageIO's temporary file.
     *
     * @param target the file to create or replace
     * @param image the image
     * @param format the ImageIO format name
     * @throws IOException when no writer takes the image or writing fails (a {@link
     *     NoSpaceLeftException} on a full disk)
     */
    public static void writeImage(Path target, RenderedImage image, String format)
            throws IOException {
        writeStream(
                target,
                os -> {
                    try (ImageOutputStream ios = new MemoryCacheImageOutputStream(os)) {
                        if (!ImageIO.write(image, format, ios)) {
                            throw new IOException("no " + format + " writer for " + target);
                        }
                    }
                });
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

    private static String hex() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // The original failure matters more; a stray hidden file is the lesser evil, and the
            // next run's AtomicFolder.removeStale removes it.
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
