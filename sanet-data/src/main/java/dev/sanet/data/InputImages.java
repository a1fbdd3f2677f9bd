package dev.sanet.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The image files of a folder, as {@code sanet predict} and the example programs read them: PNG,
 * JPEG and BMP by extension (case-insensitive), sorted by name, not recursive.
 */
public final class InputImages {

    private InputImages() {}

    /**
     * Whether a path names an image by its extension ({@code .png}, {@code .jpg}, {@code .jpeg},
     * {@code .bmp}).
     *
     * @param file the path
     * @return true for an image name
     */
    public static boolean isImage(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return false;
        }
        String n = name.toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png")
                || n.endsWith(".jpg")
                || n.endsWith(".jpeg")
                || n.endsWith(".bmp");
    }

    /**
     * The regular image files directly inside a folder, sorted by path.
     *
     * @param folder the folder
     * @return the images, possibly none
     * @throws IOException when the folder cannot be listed
     */
    public static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).filter(InputImages::isImage).sorted().toList();
        }
    }
}
