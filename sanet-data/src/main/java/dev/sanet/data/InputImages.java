package dev.sanet.data;

import dev.sanet.core.io.InputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The image files of a folder, as {@code sanet predict} and the example programs read them: PNG,
 * JPEG and BMP by extension (case-insensitive), sorted by name, not recursive; entries with such
 * names that are not regular files are left out (and named by {@link #listing}).
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
        return listing(folder).files();
    }

    /**
     * The regular image files directly inside a folder, sorted by path, and the entries with image
     * names that are not regular files (FIFOs, sockets, devices, link loops, dangling links), never
     * opened, for a warning ({@link InputFiles#list}).
     *
     * @param folder the folder
     * @return the images and the entries left out
     * @throws IOException when the folder cannot be listed
     */
    public static InputFiles.Listing listing(Path folder) throws IOException {
        return InputFiles.list(folder, InputImages::isImage);
    }
}
