package dev.sanet.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Shared checks and look-ups for the on-disk layouts; every failure names the expected path. */
final class Layouts {

    private Layouts() {}

    /** The folder itself, or an IllegalArgumentException naming it and the fix. */
    static Path requireDir(Path dir, String fix) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                    "expected folder " + dir + " does not exist: " + fix);
        }
        return dir;
    }

    /**
     * {@code ROOT/VOCdevkit/<year>}; also accepts ROOT = {@code VOCdevkit} or ROOT = the year
     * folder itself.
     */
    static Path vocYearDir(Path root, String year, String fix) {
        Path standard = root.resolve("VOCdevkit").resolve(year);
        if (Files.isDirectory(standard)) {
            return standard;
        }
        if (Files.isDirectory(root.resolve(year))
                && root.getFileName() != null
                && root.getFileName().toString().equals("VOCdevkit")) {
            return root.resolve(year);
        }
        if (root.getFileName() != null
                && root.getFileName().toString().equals(year)
                && Files.isDirectory(root.resolve("JPEGImages"))) {
            return root;
        }
        throw new IllegalArgumentException(
                "expected folder " + standard + " does not exist: " + fix);
    }

    /**
     * Class names from a {@code classes.txt} (one name per line, line index = class id; blank lines
     * and lines starting with '#' skipped).
     */
    static List<String> readClasses(Path file) {
        List<String> names = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) {
                    names.add(s);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "class list " + file + " cannot be read (" + ImageFiles.reason(e) + ")", e);
        }
        checkClassCount(names.size(), file);
        return List.copyOf(names);
    }

    static void checkClassCount(int n, Path file) {
        if (n < 1 || n > 255) {
            throw new IllegalArgumentException(
                    "class list "
                            + file
                            + " has "
                            + n
                            + " classes: expected 1 to 255 names, one per line (255 is the ignore"
                            + " label)");
        }
    }

    /** The 21 VOC classes, or {@code <vocDir>/classes.txt} when that file exists. */
    static List<String> vocClasses(Path vocDir) {
        Path file = vocDir.resolve("classes.txt");
        return Files.isRegularFile(file) ? readClasses(file) : PascalClasses.VOC;
    }

    /** The first existing {@code dir/id.ext}, else {@code dir/id.<first ext>}. */
    static Path image(Path dir, String id, String... exts) {
        for (String ext : exts) {
            Path p = dir.resolve(id + "." + ext);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return dir.resolve(id + "." + exts[0]);
    }

    /** The split file's ids, or an error naming the file and the splits that exist beside it. */
    static List<String> ids(Path splitFile, @Nullable String fix) {
        String hint = fix;
        if (hint == null) {
            hint = "choose a split that exists" + existingSplits(splitFile.getParent());
        }
        return readIds(splitFile, hint);
    }

    private static String existingSplits(@Nullable Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return "";
        }
        List<String> names = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".txt"))
                    .sorted()
                    .forEach(n -> names.add(n.substring(0, n.length() - 4)));
        } catch (IOException e) {
            return "";
        }
        return names.isEmpty() ? "" : " (found: " + String.join(", ", names) + ")";
    }

    /** Items listed in a split file, in file order, for messages and layout code. */
    private static List<String> readIds(Path splitFile, String what) {
        if (!Files.isRegularFile(splitFile)) {
            throw new IllegalArgumentException(
                    "split file " + splitFile + " does not exist: " + what);
        }
        List<String> ids = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(splitFile)) {
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                ids.add(s.split("\\s+")[0]);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "split file " + splitFile + " cannot be read (" + ImageFiles.reason(e) + ")",
                    e);
        }
        return ids;
    }
}
