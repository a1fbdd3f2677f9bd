package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.core.Backbone;
import dev.sanet.data.SyntheticTask;
import dev.sanet.data.SyntheticWriter;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Inputs are never outputs, and everything is validated before any work (issue 16): each case
 * checks the exit status 2, that the one-line message names the file or value, and that no user
 * file changed (a SHA-256 over the sorted relative paths and bytes of the input tree).
 */
class OutputSafetyTest {

    @TempDir static Path tmp;
    static Path data;
    static Path modelDir;

    @BeforeAll
    static void dataAndTinyModel() throws Exception {
        data = tmp.resolve("voc");
        SyntheticWriter.write(
                SyntheticWriter.Format.VOC,
                data,
                10,
                SyntheticTask.builder().optSize(64, 64).optSeed(3).build());
        // An untrained model is enough for predict: the checks are about files, not masks.
        modelDir = tmp.resolve("model");
        TinyModels.save(modelDir, Backbone.RESNET18);
    }

    // ------------------------------------------------------------------ helpers

    /** SHA-256 over every path under root (sorted, relative) and every file's bytes. */
    static String hash(Path root) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.sorted().toList();
        }
        for (Path p : all) {
            md.update(root.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            if (Files.isRegularFile(p)) {
                md.update(Files.readAllBytes(p));
            }
            md.update((byte) 1);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static void image(Path file, String format, int seed) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_3BYTE_BGR);
        Random r = new Random(seed);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, r.nextInt(0xFFFFFF));
            }
        }
        assertTrue(ImageIO.write(img, format, file.toFile()));
    }

    /** A folder of two input images. */
    static Path inputs(Path dir) throws IOException {
        image(dir.resolve("cat.png"), "png", 1);
        image(dir.resolve("dog.jpg"), "jpg", 2);
        return dir;
    }

    static Captured predict(Path input, Path output, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "predict",
                                "--model",
                                modelDir.toString(),
                                "--input",
                                input.toString(),
                                "--output",
                                output.toString(),
                                "--json"));
        args.addAll(List.of(extra));
        return SanetCommandTest.run(args.toArray(String[]::new));
    }

    static Captured train(Path out, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "train",
                                "--dataset",
                                "voc",
                                "--data",
                                data.toString(),
                                "--backbone",
                                "resnet18",
                                "--base-width",
                                "8",
                                "--crop",
                                "64",
                                "--base-size",
                                "64",
                                "--batch",
                                "4",
                                "--lr",
                                "0.01",
                                "--val-split",
                                "none",
                                "--out",
                                out.toString(),
                                "--json"));
        args.addAll(List.of(extra));
        return SanetCommandTest.run(args.toArray(String[]::new));
    }

    /** Exit status 2 and one line on standard error that contains every given part. */
    static void refused(Captured c, String... parts) {
        assertEquals(SanetCommand.EXIT_USAGE, c.status, c.err);
        assertEquals(1, c.err.strip().lines().count(), c.err);
        assertTrue(c.err.startsWith("sanet: "), c.err);
        for (String p : parts) {
            assertTrue(c.err.contains(p), "expected '" + p + "' in: " + c.err);
        }
        assertEquals("", c.out);
    }

    /** Whether file permissions stop this process (they do not for root): tried, not guessed. */
    static boolean permissionsApply(Path dir) throws IOException {
        Path ro = Files.createDirectories(dir.resolve("permission-probe"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Files.delete(Files.createFile(ro.resolve("x")));
            return false;
        } catch (AccessDeniedException e) {
            return true;
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.delete(ro);
        }
    }

    // ------------------------------------------------------------------ predict

    @Test
    void predictRefusesTheInputFolderAsOutput() throws Exception {
        Path in = inputs(tmp.resolve("p-same/in"));
        String before = hash(in);
        refused(predict(in, in), "--output and --input", "is the input folder", in.toString());
        assertEquals(before, hash(in));
    }

    @Test
    void predictRefusesAnOutputInsideTheInputFolder() throws Exception {
        Path in = inputs(tmp.resolve("p-inside/in"));
        String before = hash(in);
        refused(predict(in, in.resolve("masks")), "is inside the input folder", in.toString());
        assertEquals(before, hash(in));
        assertFalse(Files.exists(in.resolve("masks")));
    }

    @Test
    void predictRefusesAnOutputThatHoldsTheInputFolder() throws Exception {
        Path out = tmp.resolve("p-contains/out");
        Path in = inputs(out.resolve("in"));
        String before = hash(out);
        refused(predict(in, out), "contains the input folder", in.toString());
        assertEquals(before, hash(out));
    }

    @Test
    void predictRefusesTheSameFolderReachedThroughALinkAndDotDot() throws Exception {
        Path in = inputs(tmp.resolve("p-link/in"));
        Path link = Files.createSymbolicLink(tmp.resolve("p-link/alias"), in);
        String before = hash(in);
        refused(predict(in, link), "is the input folder");
        refused(predict(in, in.resolve("x/../..").resolve("in")), "is the input folder");
        assertEquals(before, hash(in));
    }

    @Test
    void predictRefusesAnOutputInsideTheModelFolder() throws Exception {
        Path in = inputs(tmp.resolve("p-model/in"));
        String before = hash(modelDir);
        refused(predict(in, modelDir.resolve("masks")), "--output and --model", "inside");
        assertEquals(before, hash(modelDir));
    }

    @Test
    void predictNeverReplacesASingleInputImageEvenWithOverwrite() throws Exception {
        Path dir = tmp.resolve("p-single");
        image(dir.resolve("a.png"), "png", 3);
        String before = hash(dir);
        refused(
                predict(dir.resolve("a.png"), dir, "--overwrite"),
                "would replace the input file",
                "a.png");
        assertEquals(before, hash(dir));
    }

    @Test
    void predictRefusesAnExistingMaskThenOverwriteRewritesIt() throws Exception {
        Path in = inputs(tmp.resolve("p-exists/in"));
        Path out = Files.createDirectories(tmp.resolve("p-exists/out"));
        byte[] old = "an older mask".getBytes(StandardCharsets.UTF_8);
        Files.write(out.resolve("dog.png"), old);
        String inputs = hash(in);
        String outputs = hash(out);
        // 2 images x (index + colour) + the legend = 5 planned files, 1 of them there.
        refused(predict(in, out), "1 of the 5 files", out.resolve("dog.png").toString());
        refused(predict(in, out), "--overwrite");
        assertEquals(outputs, hash(out), "nothing written, not even the legend");
        assertArrayEquals(old, Files.readAllBytes(out.resolve("dog.png")));

        Captured c = predict(in, out, "--overwrite");
        assertEquals(0, c.status, c.err);
        BufferedImage mask = ImageIO.read(out.resolve("dog.png").toFile());
        assertNotNull(mask, "rewritten as a PNG");
        assertEquals(40, mask.getWidth());
        assertEquals(inputs, hash(in));
    }

    @Test
    void predictGivesCollidingStemsDistinctNamesAndListsThem() throws Exception {
        Path in = tmp.resolve("p-collide/in");
        image(in.resolve("a.jpg"), "jpg", 4);
        image(in.resolve("a.png"), "png", 5);
        image(in.resolve("legend.png"), "png", 6);
        Path out = tmp.resolve("p-collide/out");
        String before = hash(in);
        Captured c = predict(in, out, "--overlay");
        assertEquals(0, c.status, c.err);
        assertTrue(c.err.contains("a.jpg -> a_jpg.png"), c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals(3, o.get("images").getAsInt());
        JsonArray per = o.getAsJsonArray("predictions");
        List<String> names = new ArrayList<>();
        for (var e : per) {
            names.add(Path.of(e.getAsJsonObject().get("index").getAsString()).getFileName() + "");
        }
        assertEquals(List.of("a_jpg.png", "a_png.png", "legend_png.png"), names);
        for (String n : names) {
            assertTrue(Files.isRegularFile(out.resolve(n)), n);
            assertTrue(Files.isRegularFile(out.resolve("color").resolve(n)), n);
            assertTrue(Files.isRegularFile(out.resolve("overlay").resolve(n)), n);
        }
        assertTrue(Files.isRegularFile(out.resolve("color/legend.png")));
        // 3 images x 3 files + the legend, every one listed once.
        assertEquals(10, o.getAsJsonArray("outputs").size());
        assertEquals(before, hash(in));
    }

    @Test
    void predictRefusesAnOutputThatIsAFile() throws Exception {
        Path in = inputs(tmp.resolve("p-file/in"));
        Path file = Files.writeString(tmp.resolve("p-file/out.txt"), "keep me");
        refused(predict(in, file), "is an existing file", file.toString());
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void aReadOnlyOutputFolderIsRefusedBeforeAnyWork() throws Exception {
        assumeTrue(permissionsApply(tmp), "file permissions do not apply to this user (root)");
        Path in = inputs(tmp.resolve("p-ro/in"));
        Path ro = Files.createDirectories(tmp.resolve("p-ro/ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            refused(predict(in, ro), "--output", "is not writable", ro.toString());
            refused(train(ro.resolve("run"), "--epochs", "1"), "--out", "is not writable");
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    // ------------------------------------------------------------------ train

    @Test
    void trainRefusesAFinishedRunWithoutResumeOrOverwrite() throws Exception {
        Path out = tmp.resolve("t-refuse");
        Captured first = train(out, "--epochs", "1");
        assertEquals(0, first.status, first.err);
        String before = hash(out);
        refused(
                train(out, "--epochs", "1"),
                "--out " + out,
                "holds an earlier run",
                "checkpoints/",
                "--resume",
                "--overwrite");
        refused(train(out, "--epochs", "1", "--resume", "--overwrite"), "contradict");
        assertEquals(before, hash(out));
    }

    @Test
    void trainOverwriteClearsTheOldRunAndStartsFromEpochZero() throws Exception {
        Path out = tmp.resolve("t-overwrite");
        assertEquals(0, train(out, "--epochs", "2").status);
        assertTrue(Files.isDirectory(out.resolve("checkpoints/epoch-0002")));
        Captured c = train(out, "--epochs", "1", "--overwrite");
        assertEquals(0, c.status, c.err);
        assertTrue(c.err.contains("removed the earlier run in " + out), c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals(0, o.get("startEpoch").getAsInt());
        assertEquals(1, o.get("epochs").getAsInt());
        assertFalse(Files.exists(out.resolve("checkpoints/epoch-0002")), "old checkpoints gone");
        assertTrue(Files.isDirectory(out.resolve("checkpoints/epoch-0001")));
        assertEquals(2, Files.readAllLines(out.resolve("metrics.csv")).size(), "header + 1 epoch");

        // A later --resume continues this run, not the one that was replaced.
        Captured r = train(out, "--epochs", "2", "--resume");
        assertEquals(0, r.status, r.err);
        JsonObject ro = JsonParser.parseString(r.out).getAsJsonObject();
        assertEquals(1, ro.get("startEpoch").getAsInt());
        assertEquals(2, ro.get("epochs").getAsInt());
    }

    @Test
    void trainResumeContinuesTheRunInTheFolder() throws Exception {
        Path out = tmp.resolve("t-resume");
        assertEquals(0, train(out, "--epochs", "1").status);
        Captured c = train(out, "--epochs", "2", "--resume");
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals(1, o.get("startEpoch").getAsInt());
        assertEquals(2, o.get("epochs").getAsInt());
        assertTrue(Files.isDirectory(out.resolve("checkpoints/epoch-0002")));
    }

    @Test
    void trainRefusesAnOutInsideTheDataAndAnOutThatIsAFile() throws Exception {
        String before = hash(data);
        refused(train(data.resolve("runs"), "--epochs", "1"), "--out and --data", "inside");
        assertEquals(before, hash(data));
        Path file = Files.writeString(tmp.resolve("t-file.txt"), "keep me");
        refused(train(file, "--epochs", "1"), "--out", "is an existing file", file.toString());
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void trainStopsOnAMissingImageBeforeTraining() throws Exception {
        Path broken = tmp.resolve("t-missing/voc");
        SyntheticWriter.write(
                SyntheticWriter.Format.VOC,
                broken,
                10,
                SyntheticTask.builder().optSize(64, 64).optSeed(5).build());
        Path voc = broken.resolve("VOCdevkit/VOC2012");
        String id = Files.readAllLines(voc.resolve("ImageSets/Segmentation/train.txt")).get(2);
        Path jpg = voc.resolve("JPEGImages/" + id + ".jpg");
        Files.delete(jpg);
        String before = hash(broken);
        Path out = tmp.resolve("t-missing/run");
        long start = System.nanoTime();
        Captured c =
                SanetCommandTest.run(
                        "train",
                        "--dataset",
                        "voc",
                        "--data",
                        broken.toString(),
                        "--backbone",
                        "resnet18",
                        "--base-width",
                        "8",
                        "--crop",
                        "64",
                        "--base-size",
                        "64",
                        "--batch",
                        "4",
                        "--out",
                        out.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        refused(c, jpg.toString(), "missing image", "--skip-bad");
        assertTrue(seconds < 5, "failed after " + seconds + " s, before training");
        assertFalse(Files.exists(out), "no run folder was started");
        assertEquals(before, hash(broken));
    }

    @Test
    void aCorruptImageFoundDuringTrainingIsAUserMistakeNotAnInternalError() throws Exception {
        Path broken = tmp.resolve("t-corrupt/voc");
        SyntheticWriter.write(
                SyntheticWriter.Format.VOC,
                broken,
                10,
                SyntheticTask.builder().optSize(64, 64).optSeed(6).build());
        Path voc = broken.resolve("VOCdevkit/VOC2012");
        String id = Files.readAllLines(voc.resolve("ImageSets/Segmentation/train.txt")).get(0);
        // It exists, so only decoding finds it: the loader reports it mid-epoch.
        Files.writeString(voc.resolve("JPEGImages/" + id + ".jpg"), "not a jpeg");
        Captured c =
                SanetCommandTest.run(
                        "train",
                        "--dataset",
                        "voc",
                        "--data",
                        broken.toString(),
                        "--backbone",
                        "resnet18",
                        "--base-width",
                        "8",
                        "--crop",
                        "64",
                        "--base-size",
                        "64",
                        "--batch",
                        "4",
                        "--epochs",
                        "1",
                        "--val-split",
                        "none",
                        "--out",
                        tmp.resolve("t-corrupt/run").toString());
        assertEquals(SanetCommand.EXIT_USAGE, c.status, c.err);
        String last = c.err.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("sanet: "), c.err);
        assertTrue(last.contains(id + ".jpg") && last.contains("--skip-bad"), last);
        assertFalse(c.err.contains("internal error"), c.err);
    }

    // ------------------------------------------------------------------ eval, score, demo, synth

    @ParameterizedTest
    @CsvSource({
        "--crop, -2",
        "--crop, -5",
        "--crop, 100000",
        "--base-size, -7",
        "--base-size, 16385",
        "--scales, 0",
        "--scales, 100",
        "--scales, NaN"
    })
    void evalRefusesBadSizesBeforeLoadingTheModel(String flag, String value) throws Exception {
        String before = hash(modelDir);
        String[] args = {
            "eval",
            "--model",
            modelDir.toString(),
            "--dataset",
            "voc",
            "--data",
            data.toString(),
            flag,
            value
        };
        SanetCommandTest.run(args); // warm-up: the first call loads the command classes
        long start = System.nanoTime();
        Captured c = SanetCommandTest.run(args);
        double ms = (System.nanoTime() - start) / 1e6;
        refused(c, flag, value);
        assertTrue(ms < 500, "took " + ms + " ms: checked before loading the model");
        assertEquals(before, hash(modelDir));
    }

    @Test
    void evalAndScoreRefuseExistingReportsAndInputFolders() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("e-out"));
        Files.writeString(out.resolve("scores.json"), "{\"mine\": true}");
        String before = hash(out);
        refused(
                SanetCommandTest.run(
                        "eval",
                        "--model",
                        modelDir.toString(),
                        "--dataset",
                        "voc",
                        "--data",
                        data.toString(),
                        "--out",
                        out.toString()),
                "1 of the 4 files",
                "scores.json",
                "--overwrite");
        assertEquals(before, hash(out));
        Path pred = Files.createDirectories(tmp.resolve("s-pred"));
        Path labels = data.resolve("VOCdevkit/VOC2012/SegmentationClass");
        String labelHash = hash(labels);
        refused(
                SanetCommandTest.run(
                        "score",
                        "--pred",
                        pred.toString(),
                        "--gt",
                        labels.toString(),
                        "--classes",
                        "6",
                        "--out",
                        labels.toString()),
                "--out and --gt",
                "is the input folder");
        assertEquals(labelHash, hash(labels));
    }

    @Test
    void demoRefusesAnEarlierDemoWithoutOverwrite() throws Exception {
        Path out = tmp.resolve("d-earlier");
        Files.createDirectories(out.resolve("run/checkpoints/epoch-0009"));
        Files.writeString(out.resolve("curve.png"), "an earlier curve");
        String before = hash(out);
        long start = System.nanoTime();
        Captured c = SanetCommandTest.run("demo", "--out", out.toString(), "--seconds", "30");
        refused(c, "--out " + out, "holds an earlier demo", "run/", "curve.png", "--overwrite");
        assertTrue((System.nanoTime() - start) / 1e9 < 5, "refused before writing data");
        assertEquals(before, hash(out));
    }

    @Test
    void synthRefusesAnEarlierTreeAndOverwriteReplacesIt() throws Exception {
        Path out = tmp.resolve("y-synth");
        String[] args = {"synth", "--format", "voc", "--out", out.toString(), "--images", "4"};
        assertEquals(0, SanetCommandTest.run(args).status);
        Path stale = out.resolve("VOCdevkit/VOC2012/JPEGImages/stale.jpg");
        Files.writeString(stale, "from an earlier tree");
        String before = hash(out);
        refused(SanetCommandTest.run(args), "holds an earlier dataset tree", "VOC2012/");
        assertEquals(before, hash(out));
        String[] again = java.util.Arrays.copyOf(args, args.length + 1);
        again[args.length] = "--overwrite";
        Captured c = SanetCommandTest.run(again);
        assertEquals(0, c.status, c.err);
        assertFalse(Files.exists(stale), "the earlier tree was removed first");
        assertTrue(c.err.contains("removed"), c.err);
    }

    @Test
    void reproduceRefusesAnEarlierRunOfTheSameExperimentOnly() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("r-earlier"));
        Files.writeString(out.resolve("table1.json"), "{}");
        String before = hash(out);
        refused(
                SanetCommandTest.run("reproduce", "table1", "--synthetic", "--out", out.toString()),
                "holds an earlier table1 run",
                "table1.json",
                "--resume");
        assertEquals(before, hash(out), "no synthetic data was written");
        String ctx = hash(data);
        refused(
                SanetCommandTest.run(
                        "reproduce", "table4", "--data", data.toString(), "--out", data.toString()),
                "--out and --data");
        assertEquals(ctx, hash(data));
    }

    // ------------------------------------------------------------------ numbers

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "train --dataset voc --crop 7 | --crop 7: expected in 8..4096",
                "train --dataset voc --base-size -1 | --base-size -1",
                "train --dataset voc --epochs 0 | --epochs 0",
                "train --dataset voc --batch 0 | --batch 0",
                "train --dataset voc --lr 0 | --lr 0.0",
                "train --dataset voc --lr Infinity | --lr Infinity",
                "train --dataset voc --threads 0 | --threads 0",
                "train --dataset voc --alpha -1 | --alpha -1.0: expected in 0..100",
                "train --dataset voc --beta 1e9 | --beta 1.0E9",
                "train --dataset voc --head-lr-multiplier NaN | --head-lr-multiplier NaN",
                "predict --model M --input I --base-size -3 | --base-size -3",
                "predict --model M --input I --scales 1,5 | --scales 5.0: expected in (0, 4]",
                "demo --distractors 2 | --distractors 2.0",
                "demo --image-size 8 | --image-size 8",
                "demo --base-width 12 | --base-width: width must be a multiple of 8",
                "demo --optimizer rmsprop | --optimizer rmsprop",
                "synth --format voc --out X --images 1 | --images 1",
                "synth --format voc --out X --size 9000x10 | --size 9000x10",
                "score --pred P --gt G --classes 3 --ignore 256 | --ignore 256: expected in -1..255",
                "bench --batch 0 | --batch 0",
                "info --size 100000 | --size 100000",
                "dataset stats --dataset voc --threads 0 | --threads 0",
                "dataset bench --crop 5 | --crop 5",
                "reproduce figure4 --synthetic --alphas -1 | --alphas -1.0",
                "reproduce table1 --synthetic --crop 7 | --crop 7",
                "reproduce table3 --synthetic --backbones resnet7 | --backbones",
                "reproduce table1 --synthetic --seconds-per-row 1 | --seconds-per-row 1.0",
            })
    void everyNumberIsCheckedBeforeAnyWork(String args, String message) throws Exception {
        Path work = Files.createDirectories(tmp.resolve("n-work"));
        String before = hash(work);
        List<String> a = new ArrayList<>();
        for (String s : args.split(" ")) {
            a.add(s.matches("[A-Z]") ? work.resolve(s).toString() : s);
        }
        if (a.get(0).equals("train") || a.get(0).equals("demo") || a.get(0).equals("reproduce")) {
            a.add("--out");
            a.add(work.resolve("out").toString());
        }
        refused(SanetCommandTest.run(a.toArray(String[]::new)), message);
        assertEquals(before, hash(work), "nothing written");
    }
}
