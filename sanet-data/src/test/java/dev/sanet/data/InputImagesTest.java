package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputImagesTest {

    @Test
    void listsImagesByExtensionSortedAndSkipsTheRest(@TempDir Path dir) throws Exception {
        for (String n : List.of("b.JPG", "a.png", "c.txt", "d.jpeg", "e.bmp", "f.gif")) {
            Files.writeString(dir.resolve(n), "x");
        }
        Files.createDirectories(dir.resolve("g.png"));
        assertEquals(
                List.of(
                        dir.resolve("a.png"),
                        dir.resolve("b.JPG"),
                        dir.resolve("d.jpeg"),
                        dir.resolve("e.bmp")),
                InputImages.list(dir));
        assertTrue(InputImages.isImage(Path.of("x/Y.PNG")));
        assertFalse(InputImages.isImage(Path.of("x/y.png.txt")));
        assertFalse(InputImages.isImage(Path.of("/")));
    }
}
