package dev.sanet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sanet.data.SyntheticTask;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kotlin example, called from Java as any Java API: build, train briefly, predict. */
class KotlinExampleTest {

    @TempDir Path tmp;

    @Test
    void trainsSavesAndSegmentsOneImage() throws Exception {
        KotlinExample.Result r =
                KotlinExample.runExample(
                        tmp.toString(),
                        "--images",
                        "16",
                        "--size",
                        "32",
                        "--epochs",
                        "1",
                        "--width",
                        "8");
        assertEquals(1, r.getEpochs());
        assertTrue(Files.isRegularFile(r.getModelDir().resolve("sanet.json")));
        assertTrue(r.getMIoU() >= 0 && r.getMIoU() <= 1, "mIoU " + r.getMIoU());
        assertTrue(r.getPixAcc() >= 0 && r.getPixAcc() <= 1, "pixAcc " + r.getPixAcc());
        assertEquals(32, r.getWidth());
        assertEquals(32, r.getHeight());
        BufferedImage png = ImageIO.read(r.getPrediction().toFile());
        assertEquals(32, png.getWidth());
        assertEquals(32, png.getHeight());
        assertEquals(SyntheticTask.CLASSES, List.copyOf(r.getClassPixels().keySet()));
        assertEquals(
                32L * 32, r.getClassPixels().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void badArgumentIsRefusedNamingTheValue() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> KotlinExample.runExample(tmp.toString(), "--size", "8"));
        assertTrue(e.getMessage().contains("--size 8"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> KotlinExample.runExample("--colour", "red"));
        assertTrue(e.getMessage().contains("--colour"), e.getMessage());
    }
}
