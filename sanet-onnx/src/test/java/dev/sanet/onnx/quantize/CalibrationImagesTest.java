package dev.sanet.onnx.quantize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import dev.sanet.core.inference.UnreadableImageException;
import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationImagesTest {

    private static ModelProto model(long h, long w) {
        ModelProto m =
                new TestGraph(1, "image", 1, 3, h, w)
                        .conv("c", "image", "scores", 3, 2)
                        .output("scores")
                        .model();
        return m.toBuilder()
                .addMetadataProps(entry("mean", "[0.5, 0.25, 0.0]"))
                .addMetadataProps(entry("std", "0.5,0.25,1.0"))
                .build();
    }

    private static StringStringEntryProto entry(String k, String v) {
        return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    private static Path png(Path dir, String name, int w, int h, int rgb) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        Path f = dir.resolve(name);
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    @Test
    void imagesAreNormalisedWithTheMetadataAndScaledToTheFixedInput(@TempDir Path dir)
            throws Exception {
        Path a = png(dir, "a.png", 12, 10, 0xFF8000);
        CalibrationImages images = CalibrationImages.of(model(8, 6), List.of(a));
        List<CalibrationInput> inputs = new java.util.ArrayList<>();
        images.forEach(inputs::add);
        assertEquals(1, inputs.size());
        CalibrationInput x = inputs.get(0);
        assertArrayEquals(new long[] {1, 3, 8, 6}, x.shape());
        assertEquals((255 / 255f - 0.5f) / 0.5f, x.values()[0], 1e-6f);
        assertEquals((128 / 255f - 0.25f) / 0.25f, x.values()[48], 1e-6f);
        assertEquals(0f, x.values()[96], 1e-6f);
    }

    @Test
    void symbolicSizesKeepEachImagesOwnSize(@TempDir Path dir) throws Exception {
        Path a = png(dir, "a.png", 5, 7, 0x000000);
        ModelProto m = model(8, 8);
        ModelProto symbolic =
                m.toBuilder()
                        .setGraph(m.getGraph().toBuilder().setInput(0, TestGraph.value("image")))
                        .build();
        CalibrationInput x = CalibrationImages.of(symbolic, List.of(a)).iterator().next();
        assertArrayEquals(new long[] {1, 3, 7, 5}, x.shape());
    }

    @Test
    void aBrokenFileIsAnUnreadableImage(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.png"), "not an image");
        UncheckedIOException e =
                assertThrows(
                        UncheckedIOException.class,
                        () -> CalibrationImages.of(model(8, 8), List.of(bad)).iterator().next());
        assertInstanceOf(UnreadableImageException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("bad.png"), e.getCause().getMessage());
    }

    @Test
    void badNormalisationMetadataIsNamed() {
        ModelProto m = model(8, 8).toBuilder().setMetadataProps(0, entry("mean", "1,2")).build();
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> CalibrationImages.of(m, List.of()));
        assertTrue(e.getMessage().startsWith("metadata mean must be three numbers"));
    }
}
