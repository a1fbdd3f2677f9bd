package dev.sanet.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A SHA-256 checksum of every file of a folder (model directories, checkpoints), kept in {@value
 * #FILE} in the format of {@code sha256sum} ({@code <hex> <name>} per line, so {@code sha256sum -c
 * manifest.sha256} checks it too). It is written last, after every other file is complete, so its
 * presence also says that the folder was finished; {@link #verify} names the first file that is
 * missing, truncated or changed since.
 *
 * <p>Only regular files directly in the folder are listed; sub-folders are not.
 */
public final class Manifest {

    /** The manifest's file name. */
    public static final String FILE = "manifest.sha256";

    /** What {@link #verify} found. */
    public enum Status {
        /** Every listed file is present with its checksum. */
        VERIFIED,
        /** The folder has no manifest (written before sanet wrote them): nothing was checked. */
        ABSENT
    }

    private Manifest() {}

    /**
     * Writes the manifest of a folder's regular files (atomically, through a temporary file).
     *
     * @param folder the folder, complete
     * @return the checksums written, by file name
     * @throws IOException when a file cannot be read or the manifest cannot be written
     */
    public static Map<String, String> write(Path folder) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        for (Path f : files(folder)) {
            sums.put(f.getFileName().toString(), sha256(f));
        }
        StringBuilder sb = new StringBuilder();
        sums.forEach((name, sum) -> sb.append(sum).append("  ").append(name).append('\n'));
        AtomicWrite.writeString(folder.resolve(FILE), sb);
        return sums;
    }

    /**
     * Checks every file listed in a folder's manifest.
     *
     * @param folder the folder
     * @return {@link Status#VERIFIED}, or {@link Status#ABSENT} when there is no manifest
     * @throws IOException naming the first file that is missing or whose checksum differs (with its
     *     size), or a manifest that cannot be parsed
     */
    public static Status verify(Path folder) throws IOException {
        Path manifest = folder.resolve(FILE);
        if (!Files.isRegularFile(manifest)) {
            return Status.ABSENT;
        }
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int sep = line.indexOf("  ");
            if (sep != 64 || line.length() <= 66) {
                throw new IOException(
                        String.format(
                                Locale.ROOT,
                                "%s line %d is not '<sha256>  <file>': the manifest is damaged",
                                manifest,
                                i + 1));
            }
            String expected = line.substring(0, sep).toLowerCase(Locale.ROOT);
            String name = line.substring(sep + 2);
            if (name.contains("/") || name.contains("\\") || name.equals("..")) {
                throw new IOException(manifest + " lists '" + name + "', not a file of " + folder);
            }
            Path f = folder.resolve(name);
            if (!Files.isRegularFile(f)) {
                throw new IOException(f + " is missing (listed in " + manifest + ")");
            }
            String actual = sha256(f);
            if (!actual.equals(expected)) {
                throw new IOException(
                        String.format(
                                Locale.ROOT,
                                "%s is damaged: its SHA-256 differs from the one in %s (now %d"
                                        + " bytes; truncated, overwritten or changed since it was"
                                        + " written)",
                                f,
                                FILE,
                                Files.size(f)));
            }
        }
        return Status.VERIFIED;
    }

    /**
     * The SHA-256 of a file, as lower-case hex.
     *
     * @param file the file
     * @return 64 hex digits
     * @throws IOException when the file cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static List<Path> files(Path folder) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(FILE))
                    .sorted()
                    .forEach(out::add);
        }
        return out;
    }
}
