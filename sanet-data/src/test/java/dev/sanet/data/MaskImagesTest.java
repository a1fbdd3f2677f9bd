package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskImagesTest {

    @Test
    void indexPngBytesAreTheIndexPngFile(@TempDir Path tmp) throws IOException {
        int[][] mask = {{0, 1, 2, 3}, {20, 255, 7, 0}, {1, 1, 1, 1}};
        Path file = tmp.resolve("m.png");
        MaskImages.writeIndexPng(mask, file);
        byte[] bytes = MaskImages.indexPng(mask);
        assertArrayEquals(Files.readAllBytes(file), bytes);
        var img = javax.imageio.ImageIO.read(new ByteArrayInputStream(bytes));
        int[][] back = new int[3][4];
        for (int y = 0; y < 3; y++) {
            img.getRaster().getSamples(0, y, 4, 1, 0, back[y]);
        }
        assertArrayEquals(mask, back);
    }
}
