package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.core.Backbone;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that must not be read as they stand (issue 26): an image over the pixel limit is refused
 * naming its size before it is decoded; FIFOs, link loops and dangling links are named and skipped
 * in folders and refused when given directly, never opened (a FIFO would block); {@code score}
 * refuses colour PNGs and labels without predictions unless {@code --allow-missing}.
 */
class InputSafetyTest {

    @TempDir static Path tmp;
    static Path model;

    @BeforeAll
    static void tinyModel() throws Exception {
        model = TinyModels.save(tmp.resolve("model"), Backbone.RESNET18);
    }

    static void rgb(Path file, int w, int h) throws Exception {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 9 & 0xFF) << 16 | (y * 7 & 0xFF) << 8 | 0x30);
            }
        }
        assertTrue(ImageIO.write(img, "png", file.toFile()));
    }

    static void mask(Path file, int w, int h, int... values) throws Exception {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, w, h, 0, values);
        assertTrue(ImageIO.write(img, "png", file.toFile()));
    }

    /** Makes a FIFO with mkfifo; skips the test where there is none. */
    static void fifo(Path file) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", file.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("no mkfifo: " + e.getMessage());
            return;
        }
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo");
    }

    private static Captured predict(Path in, Path out, String... extra) {
        String[] base = {
            "predict",
            "--model",
            model.toString(),
            "--input",
            in.toString(),
            "--output",
            out.toString()
        };
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return SanetCommandTest.run(args);
    }

    @Test
    void predictRefusesAnImageOverThePixelLimitNamingItsSize() throws Exception {
        Path in = tmp.resolve("big-in");
        rgb(in.resolve("wide.png"), 64, 48);
        Path out = tmp.resolve("big-out");
        Captured c = predict(in, out, "--max-pixels", "3000");
        OutputSafetyTest.refused(
                c,
                in.resolve("wide.png") + ": 64x48 (3072 pixels) is over the limit of 3000 pixels",
                "--max-pixels 3072");
        assertFalse(c.err.contains("corrupt"), c.err);
        // Refused from the header, before the model is loaded or the output folder made.
        assertFalse(Files.exists(out));
        // At the limit it is segmented.
        Captured ok = predict(in, tmp.resolve("big-out2"), "--max-pixels", "3072");
        assertEquals(0, ok.status, ok.err);
        assertTrue(Files.isRegularFile(tmp.resolve("big-out2/wide.png")));
        // The flag's range is checked first, by its name.
        Captured zero = predict(in, tmp.resolve("big-out3"), "--max-pixels", "0");
        OutputSafetyTest.refused(zero, "--max-pixels");
    }

    @Test
    void predictNamesAndSkipsFifosLoopsAndDanglingLinksInAFolder() throws Exception {
        Path in = tmp.resolve("odd-in");
        rgb(in.resolve("real.png"), 40, 30);
        fifo(in.resolve("pipe.png"));
        Files.createSymbolicLink(in.resolve("gone.png"), in.resolve("missing.png"));
        Files.createSymbolicLink(in.resolve("loop1.png"), in.resolve("loop2.png"));
        Files.createSymbolicLink(in.resolve("loop2.png"), in.resolve("loop1.png"));
        Path out = tmp.resolve("odd-out");
        Captured c = predict(in, out, "--json");
        assertEquals(0, c.status, c.err);
        assertTrue(
                c.err.contains(in.resolve("pipe.png") + ": skipped, a FIFO (named pipe)"), c.err);
        assertTrue(
                c.err.contains(in.resolve("gone.png") + ": skipped, a dangling symbolic link"),
                c.err);
        assertTrue(
                c.err.contains(in.resolve("loop1.png") + ": skipped, a symbolic link loop"), c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals(1, o.get("images").getAsInt());
        assertTrue(Files.isRegularFile(out.resolve("real.png")));
        assertFalse(Files.exists(out.resolve("pipe.png")));
    }

    @Test
    void aFifoOrADanglingLinkGivenDirectlyIsRefusedNamingIt() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("direct"));
        Path pipe = dir.resolve("pipe.png");
        fifo(pipe);
        OutputSafetyTest.refused(
                predict(pipe, tmp.resolve("direct-out")),
                "--input " + pipe + " is a FIFO (named pipe)");
        Path gone = Files.createSymbolicLink(dir.resolve("gone.png"), dir.resolve("nothing.png"));
        OutputSafetyTest.refused(
                predict(gone, tmp.resolve("direct-out")),
                "--input " + gone + " is a dangling symbolic link");
        Path loop = dir.resolve("loop");
        Files.createSymbolicLink(loop, loop);
        OutputSafetyTest.refused(
                SanetCommandTest.run(
                        "score",
                        "--pred",
                        loop.toString(),
                        "--gt",
                        dir.toString(),
                        "--classes",
                        "3"),
                "--pred " + loop + " is a symbolic link loop");
    }

    @Test
    void scoreRefusesAColourPngNamingIt() throws Exception {
        Path pred = tmp.resolve("colour-pred");
        Path gt = tmp.resolve("colour-gt");
        mask(gt.resolve("a.png"), 4, 4, new int[16]);
        rgb(pred.resolve("a.png"), 4, 4);
        Captured c =
                SanetCommandTest.run(
                        "score",
                        "--pred",
                        pred.toString(),
                        "--gt",
                        gt.toString(),
                        "--classes",
                        "3");
        OutputSafetyTest.refused(c, pred.resolve("a.png").toString(), "colour");
    }

    @Test
    void scoreRefusesLabelsWithoutPredictionsUnlessAllowedAndCountsThem() throws Exception {
        Path pred = tmp.resolve("half-pred");
        Path gt = tmp.resolve("half-gt");
        mask(gt.resolve("a.png"), 2, 2, 0, 1, 2, 1);
        mask(gt.resolve("b.png"), 2, 2, 0, 1, 2, 1);
        mask(pred.resolve("a.png"), 2, 2, 0, 1, 2, 1);
        String[] args = {
            "score", "--pred", pred.toString(), "--gt", gt.toString(), "--classes", "3", "--json"
        };
        Captured c = SanetCommandTest.run(args);
        OutputSafetyTest.refused(
                c,
                "1 of the 2 labels in " + gt + " have no prediction",
                "b.png",
                "--allow-missing");
        // A FIFO with a PNG name among the predictions is named and never opened.
        fifo(pred.resolve("c.png"));
        String[] allowed = java.util.Arrays.copyOf(args, args.length + 1);
        allowed[args.length] = "--allow-missing";
        Captured ok = SanetCommandTest.run(allowed);
        assertEquals(0, ok.status, ok.err);
        JsonObject o = JsonParser.parseString(ok.out).getAsJsonObject();
        assertEquals(1, o.get("scored").getAsInt());
        assertEquals(1, o.get("missing").getAsInt());
        assertEquals(1, o.get("images").getAsInt());
        assertEquals(1.0, o.get("pixAcc").getAsDouble(), 1e-12);
        assertTrue(ok.err.contains(pred.resolve("c.png") + ": skipped, a FIFO"), ok.err);
    }
}
