package dev.sanet.data;

import java.awt.image.BufferedImage;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The checks an item passes before and while it is read: its id stays inside the dataset, its files
 * exist and are readable, its label has its image's size. {@link
 * SegmentationDataset#missingFiles()}, {@link SegmentationDataset#read(long)}, validation and
 * skipping bad items all use them, so every route reports the same problem for the same item.
 */
final class ItemChecks {

    private ItemChecks() {}

    /**
     * One problem per item whose image or label is missing or unreadable, or that is wrong before
     * its files are opened ({@link #itemProblem}); two file-system lookups per item, no decoding.
     */
    static List<Problem> missingFiles(List<Item> items) {
        List<Problem> problems = new ArrayList<>();
        for (Item it : items) {
            Problem p = itemProblem(it);
            if (p == null) {
                p = fileProblem(it.image(), "image");
            }
            if (p == null) {
                p = fileProblem(it.label(), "label");
            }
            if (p != null) {
                problems.add(p);
            }
        }
        return problems;
    }

    /**
     * What is wrong with an item before its files are opened: a split id that leaves the dataset
     * root (an absolute path, a {@code ..} segment, a NUL or a drive letter), or an image path that
     * is the label file itself. Null when neither.
     */
    static @Nullable Problem itemProblem(Item it) {
        String id = it.id();
        if (leavesRoot(id)) {
            return new Problem(
                    it.image(),
                    "split id '"
                            + id
                            + "' leaves the dataset root (an absolute path or a '..' part): ids"
                            + " name files inside the dataset; remove or correct it in the split"
                            + " file");
        }
        if (!isVirtual(it.image())
                && it.image()
                        .toAbsolutePath()
                        .normalize()
                        .equals(it.label().toAbsolutePath().normalize())) {
            return new Problem(
                    it.image(),
                    "the image path is the label file: restore the image or remove id '"
                            + id
                            + "' from the split file");
        }
        return null;
    }

    /** Whether a split id would resolve outside the folder it is resolved against. */
    static boolean leavesRoot(String id) {
        if (id.isEmpty()
                || id.indexOf('\0') >= 0
                || id.startsWith("/")
                || id.startsWith("\\")
                || id.matches("^[A-Za-z]:.*")) {
            return true;
        }
        for (String part : id.split("[/\\\\]")) {
            if (part.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** Fails when an item's label and image sizes differ, naming the label file. */
    static void checkSize(Item it, BufferedImage image, LabelFiles.RawLabel raw)
            throws ItemException {
        checkSize(it.image(), it.label(), image, raw);
    }

    /** Fails when a label's size differs from its image's, naming the label file. */
    static void checkSize(
            Path imageFile, Path labelFile, BufferedImage image, LabelFiles.RawLabel raw)
            throws ItemException {
        if (raw.width() != image.getWidth() || raw.height() != image.getHeight()) {
            throw new ItemException(
                    labelFile,
                    "label is "
                            + raw.width()
                            + "x"
                            + raw.height()
                            + " but its image "
                            + imageFile.getFileName()
                            + " is "
                            + image.getWidth()
                            + "x"
                            + image.getHeight(),
                    null);
        }
    }

    /** A path of another file system (a zip or an in-memory one), not comparable as a file. */
    private static boolean isVirtual(Path p) {
        return p.getFileSystem() != FileSystems.getDefault();
    }

    private static @Nullable Problem fileProblem(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            return new Problem(file, "missing " + what);
        }
        if (!Files.isReadable(file)) {
            return new Problem(file, "unreadable " + what + " (permission denied)");
        }
        return null;
    }
}
