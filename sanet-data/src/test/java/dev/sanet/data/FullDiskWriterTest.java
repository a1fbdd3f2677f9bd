package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.withSettings;

import dev.sanet.core.inference.Segmentation;
import dev.sanet.core.io.NoSpaceLeftException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.AdditionalAnswers;
import org.mockito.MockedStatic;
import org.mockito.invocation.InvocationOnMock;

/**
 * A disk that fills up while {@link PredictionWriter} writes an overlay (the case of issue 26,
 * where a truncated overlay PNG was left under its final name): the file system is stubbed with
 * Mockito so that files opened under {@code overlay/} take 100 bytes and then fail as a full device
 * does. The failure names the overlay and no file under {@code overlay/} remains, complete or not;
 * the index and colour PNGs written before are whole.
 */
class FullDiskWriterTest {

    @TempDir Path out;

    private static Object openOrFill(InvocationOnMock inv) throws Throwable {
        Object ch = inv.callRealMethod();
        if (!inv.getMethod().getName().equals("open")
                || !(inv.getArgument(0) instanceof Path p)
                || !p.toString().contains("/overlay/")) {
            return ch;
        }
        FileChannel real = (FileChannel) ch;
        FileChannel full =
                mock(
                        FileChannel.class,
                        withSettings().defaultAnswer(AdditionalAnswers.delegatesTo(real)));
        org.mockito.Mockito.doAnswer(
                        w -> {
                            ByteBuffer b = w.getArgument(0);
                            if (real.position() >= 100) {
                                throw new IOException("No space left on device");
                            }
                            ByteBuffer part = b.slice();
                            part.limit(Math.min(part.remaining(), 100 - (int) real.position()));
                            int n = real.write(part);
                            b.position(b.position() + n);
                            return n;
                        })
                .when(full)
                .write(org.mockito.ArgumentMatchers.any(ByteBuffer.class));
        return full;
    }

    @Test
    void aFullDiskDuringAnOverlayNamesItAndLeavesNoTruncatedPng() throws Exception {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | ((x * y) & 0xFF));
            }
        }
        int[][] classes = new int[48][64];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                classes[y][x] = (x + y) % 3;
            }
        }
        Segmentation s =
                new Segmentation("cat.png", img, classes, List.of("a", "b", "c"), 64, 48, null);
        PredictionWriter w = PredictionWriter.builder(out).optOverlay(true).build();
        PredictionWriter.Planned plan = w.plan(List.of(Path.of("in/cat.png"))).get(0);
        NoSpaceLeftException e;
        try (MockedStatic<FileChannel> fs =
                mockStatic(FileChannel.class, FullDiskWriterTest::openOrFill)) {
            e = assertThrows(NoSpaceLeftException.class, () -> w.write(plan, s));
        }
        assertEquals(plan.overlay(), e.path());
        assertTrue(e.getMessage().contains("no space left on device"), e.getMessage());
        try (Stream<Path> files = Files.list(out.resolve("overlay"))) {
            assertEquals(List.of(), files.toList(), "no overlay, whole or truncated, no .tmp");
        }
        assertEquals(
                64,
                javax.imageio.ImageIO.read(out.resolve("cat.png").toFile()).getWidth(),
                "the index PNG written before is whole");
        assertEquals(
                48, javax.imageio.ImageIO.read(out.resolve("color/cat.png").toFile()).getHeight());
    }
}
