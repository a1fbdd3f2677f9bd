package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.data.SyntheticTask;
import dev.sanet.data.SyntheticWriter;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sanet pretrain}: a bad {@code --data} is one line and exit 2 before any training; a
 * one-epoch run on a generated two-class folder writes a backbone file in torchvision's layout.
 */
class PretrainCommandTest {

    @TempDir Path tmp;

    /** Writes {@code classes} sub-folders of {@code perClass} solid 32x32 PNGs. */
    private static Path folder(Path root, int classes, int perClass) throws IOException {
        for (int c = 0; c < classes; c++) {
            Path d = Files.createDirectories(root.resolve("c" + c));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                int rgb = c == 0 ? 0xC02020 + i : 0x2020C0 + (i << 8);
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        img.setRGB(x, y, rgb);
                    }
                }
                ImageIO.write(img, "png", d.resolve(i + ".png").toFile());
            }
        }
        return root;
    }

    /** {@code sanet pretrain --data data --out out}, then {@code more}. */
    static Captured pretrain(Path data, Path out, String... more) {
        return SanetCommandTest.run(
                join(
                        new String[] {
                            "pretrain", "--data", data.toString(), "--out", out.toString()
                        },
                        more));
    }

    /** One epoch of batches of 4 at 32 x 32, with {@code --json}, then {@code more}. */
    static Captured oneEpoch(Path data, Path out, String... more) {
        return pretrain(
                data,
                out,
                join(
                        new String[] {"--epochs", "1", "--batch", "4", "--size", "32", "--json"},
                        more));
    }

    /** {@link #oneEpoch} of a 7x7-stem ResNet18 of base width 8 on MXNet with one thread. */
    static Captured oneResNet18Epoch(Path data, Path out, String... more) {
        String[] resnet18 = {
            "--backbone",
            "resnet18",
            "--stem",
            "standard",
            "--base-width",
            "8",
            "--threads",
            "1",
            "--engine",
            "mxnet"
        };
        return oneEpoch(data, out, join(resnet18, more));
    }

    /**
     * Writes a synthetic VOC set of 4 images of 32 x 32 to {@code voc}, and runs one epoch of
     * {@code train} on it (crop 32, batch 2, no validation) from the {@code --pretrained} file,
     * then {@code more}.
     */
    static Captured trainFrom(Path pretrained, Path voc, Path out, String... more)
            throws IOException {
        SyntheticWriter.write(
                SyntheticWriter.Format.VOC,
                voc,
                4,
                SyntheticTask.builder().optSize(32, 32).optSeed(5).build());
        String[] train = {
            "train",
            "--dataset",
            "voc",
            "--data",
            voc.toString(),
            "--crop",
            "32",
            "--base-size",
            "32",
            "--batch",
            "2",
            "--epochs",
            "1",
            "--val-split",
            "none",
            "--pretrained",
            pretrained.toString(),
            "--out",
            out.toString()
        };
        return SanetCommandTest.run(join(train, more));
    }

    private static String[] join(String[] a, String[] b) {
        return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
    }

    @Test
    void aFolderWithoutTwoClassesIsOneLineAndExit2() throws IOException {
        Path one = folder(tmp.resolve("one"), 1, 2);
        Path out = tmp.resolve("run");
        Captured c = pretrain(one, out);
        assertEquals(SanetCommand.EXIT_USAGE, c.status, c.err);
        assertEquals(
                "sanet: --data: "
                        + one
                        + " has 1 class sub-folder(s) with images, expected at least 2 in ImageNet"
                        + " layout (DIR/CLASS/IMAGE.jpg, one sub-folder per class)",
                c.err.strip());
        assertFalse(Files.exists(out));

        Captured missing = pretrain(tmp.resolve("nothing"), out);
        assertEquals(SanetCommand.EXIT_USAGE, missing.status);
        assertTrue(missing.err.contains("--data " + tmp.resolve("nothing")), missing.err);
        assertEquals(1, missing.err.strip().lines().count(), missing.err);
    }

    @Test
    void aShortRunWritesABackboneThatTrainReads() throws IOException {
        Path data = folder(tmp.resolve("data"), 2, 4);
        Path out = tmp.resolve("run");
        Captured c = oneResNet18Epoch(data, out);
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals("torchvision", o.get("format").getAsString());
        assertEquals(1, o.getAsJsonArray("epochs").size());
        assertTrue(Files.isRegularFile(out.resolve("backbone.safetensors")));
        assertTrue(Files.isRegularFile(out.resolve("metrics.json")));
        assertTrue(
                o.get("trainOptions")
                        .getAsString()
                        .endsWith(
                                "--pretrained-format torchvision --backbone resnet18 --stem"
                                        + " standard --base-width 8"),
                c.out);

        Captured again = pretrain(data, out);
        assertEquals(SanetCommand.EXIT_USAGE, again.status);
        assertTrue(again.err.contains("holds an earlier pretraining run"), again.err);
    }

    @Test
    void anEfficientNetRunWritesTorchvisionNamesThatTrainImports() throws IOException {
        Path data = folder(tmp.resolve("data"), 2, 4);
        Path out = tmp.resolve("effnet");
        Captured mixed = pretrain(data, out, "--backbone", "efficientnet-b0", "--stem", "standard");
        assertEquals(SanetCommand.EXIT_USAGE, mixed.status, mixed.err);
        assertEquals(
                "sanet: --stem does not apply to --backbone efficientnet-b0: drop it, or choose a"
                        + " ResNet backbone",
                mixed.err.strip());
        assertFalse(Files.exists(out));

        Captured c = oneEpoch(data, out, "--backbone", "efficientnet-b0", "--engine", "pytorch");
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals("torchvision", o.get("format").getAsString());
        assertEquals("EfficientNet-B0 (torchvision conventions)", o.get("layout").getAsString());
        String use = o.get("trainOptions").getAsString();
        assertTrue(use.endsWith("--pretrained-format torchvision --backbone efficientnet-b0"), use);

        // train reads the file: the import fails with exit 2 when a tensor does not fit.
        Captured train =
                trainFrom(
                        out.resolve("backbone.safetensors"),
                        tmp.resolve("voc"),
                        tmp.resolve("train"),
                        "--backbone",
                        "efficientnet-b0",
                        "--engine",
                        "pytorch");
        assertEquals(0, train.status, train.err);
    }
}
