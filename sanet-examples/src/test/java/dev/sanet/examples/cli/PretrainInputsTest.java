package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sanet pretrain} reads images by training's rules (issue 26): a 0-byte or truncated image
 * is a bad item named in one line with exit 2, or left out with a warning under {@code --skip-bad};
 * a FIFO is named and never opened; {@code --data DIR} holding {@code train/} and {@code val/}
 * trains on one and reports the other's top-1 after every epoch.
 */
class PretrainInputsTest {

    @TempDir Path tmp;

    /** Two class sub-folders of {@code perClass} solid 32x32 JPEGs each. */
    private static Path folder(Path root, int perClass) throws IOException {
        for (int c = 0; c < 2; c++) {
            Path d = Files.createDirectories(root.resolve("c" + c));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                int rgb = c == 0 ? 0xC02020 + i : 0x2020C0 + (i << 8);
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        img.setRGB(x, y, rgb ^ (x * y & 0x0F));
                    }
                }
                ImageIO.write(img, "jpg", d.resolve(i + ".jpg").toFile());
            }
        }
        return root;
    }

    private static Captured pretrain(Path data, Path out, String... extra) {
        return PretrainCommandTest.oneResNet18Epoch(data, out, extra);
    }

    @Test
    void aZeroByteOrTruncatedImageIsABadItemNamedOrSkipped() throws Exception {
        Path data = folder(tmp.resolve("data"), 4);
        Path empty = Files.write(data.resolve("c0/empty.jpg"), new byte[0]);
        Path good = data.resolve("c1/0.jpg");
        byte[] all = Files.readAllBytes(good);
        Path half = Files.write(data.resolve("c1/half.jpg"), Arrays.copyOf(all, all.length / 2));
        Captured c = pretrain(data, tmp.resolve("run"));
        assertEquals(SanetCommand.EXIT_USAGE, c.status, c.err);
        assertEquals(1, c.err.strip().lines().count(), c.err);
        assertTrue(c.err.contains(empty.toString()) || c.err.contains(half.toString()), c.err);
        assertTrue(c.err.contains("--skip-bad"), c.err);
        assertFalse(c.err.contains("internal error"), c.err);

        Captured skipped = pretrain(data, tmp.resolve("run-skip"), "--skip-bad");
        assertEquals(0, skipped.status, skipped.err);
        assertTrue(skipped.err.contains(empty + ": unreadable image"), skipped.err);
        assertTrue(skipped.err.contains(half + ": unreadable image (truncated"), skipped.err);
        JsonObject o = JsonParser.parseString(skipped.out).getAsJsonObject();
        assertEquals(8, o.get("images").getAsInt());
    }

    @Test
    void aFifoInAClassFolderIsNamedAndNeverOpened() throws Exception {
        Path data = folder(tmp.resolve("fifo-data"), 4);
        Path pipe = data.resolve("c0/pipe.jpg");
        InputSafetyTest.fifo(pipe);
        Captured c = pretrain(data, tmp.resolve("fifo-run"));
        assertEquals(0, c.status, c.err);
        assertTrue(c.err.contains(pipe + ": skipped, a FIFO (named pipe)"), c.err);
    }

    @Test
    void trainAndValSubFoldersAreBothUsedWithAValidationTop1PerEpoch() throws Exception {
        Path root = tmp.resolve("imagenet");
        folder(root.resolve("train"), 4);
        folder(root.resolve("val"), 2);
        Captured c = pretrain(root, tmp.resolve("split-run"));
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals(8, o.get("images").getAsInt());
        assertEquals("[\"c0\",\"c1\"]", o.get("classes").toString());
        JsonArray epochs = o.getAsJsonArray("epochs");
        double val = epochs.get(0).getAsJsonObject().get("valTop1").getAsDouble();
        assertTrue(val >= 0 && val <= 1, c.out);
        assertEquals(4, o.get("validationImages").getAsInt());
    }
}
