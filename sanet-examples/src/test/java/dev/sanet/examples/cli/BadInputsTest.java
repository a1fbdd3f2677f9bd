package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sanet.core.Backbone;
import dev.sanet.data.SyntheticTask;
import dev.sanet.data.SyntheticWriter;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged inputs are bad items everywhere, never used (issue 16): a JPEG cut in half (which ImageIO
 * decodes with only a warning) and split ids that leave the dataset root. Each case asserts the
 * exit status, that the message names the file or id, and that no user file changed.
 */
class BadInputsTest {

    @TempDir static Path tmp;
    static Path voc;
    static Path truncated;
    static Path model;

    @BeforeAll
    static void damagedDataset() throws Exception {
        Path root = tmp.resolve("voc");
        SyntheticWriter.write(
                SyntheticWriter.Format.VOC,
                root,
                6,
                SyntheticTask.builder().optSize(64, 64).optSeed(5).build());
        voc = root;
        Path images = root.resolve("VOCdevkit/VOC2012/JPEGImages");
        try (var s = Files.list(images)) {
            truncated = s.sorted().findFirst().orElseThrow();
        }
        byte[] all = Files.readAllBytes(truncated);
        Files.write(truncated, Arrays.copyOf(all, all.length / 2));
        model = TinyModels.save(tmp.resolve("model"), Backbone.RESNET18);
    }

    @Test
    void datasetStatsListsTheTruncatedJpeg() throws Exception {
        String before = OutputSafetyTest.hash(voc);
        Captured c =
                SanetCommandTest.run(
                        "dataset",
                        "stats",
                        "--dataset",
                        "voc",
                        "--data",
                        voc.toString(),
                        "--split",
                        "train");
        assertEquals(2, c.status, c.err);
        assertTrue(c.out.contains(truncated + ": unreadable image (truncated or corrupt"), c.out);
        assertEquals(before, OutputSafetyTest.hash(voc));
    }

    @Test
    void predictRefusesTheTruncatedJpegNamingIt() throws Exception {
        Path in = tmp.resolve("predict-in");
        Files.createDirectories(in);
        Files.copy(truncated, in.resolve("half.jpg"));
        String before = OutputSafetyTest.hash(in);
        Captured c =
                SanetCommandTest.run(
                        "predict",
                        "--model",
                        model.toString(),
                        "--input",
                        in.toString(),
                        "--output",
                        tmp.resolve("predict-out").toString());
        OutputSafetyTest.refused(
                c, in.resolve("half.jpg").toString(), "unreadable image (truncated or corrupt");
        assertEquals(before, OutputSafetyTest.hash(in));
        // Nothing was written for it, not even the legend.
        try (var files = Files.walk(tmp.resolve("predict-out"))) {
            assertEquals(0, files.filter(Files::isRegularFile).count());
        }
    }

    @Test
    void trainSkipBadTrainsWithoutTheTruncatedJpegAndSaysSo() throws Exception {
        String before = OutputSafetyTest.hash(voc);
        Path out = tmp.resolve("skip-run");
        Captured c = train(voc, out, "--skip-bad");
        assertEquals(0, c.status, c.err);
        assertTrue(
                c.err.contains(truncated.toString()) || c.out.contains(truncated.toString()),
                c.err);
        assertTrue(Files.isRegularFile(out.resolve("model/sanet.json")));
        assertEquals(before, OutputSafetyTest.hash(voc));
    }

    @Test
    void trainWithoutSkipBadStopsNamingTheTruncatedJpeg() throws Exception {
        String before = OutputSafetyTest.hash(voc);
        Captured c = train(voc, tmp.resolve("noskip-run"));
        // Found by the loader when it reaches the item: exit 2, the last line names the file.
        assertEquals(SanetCommand.EXIT_USAGE, c.status, c.err);
        List<String> lines = c.err.strip().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("sanet: " + truncated + ": unreadable image"), c.err);
        assertTrue(last.contains("truncated or corrupt"), last);
        assertEquals(before, OutputSafetyTest.hash(voc));
    }

    @Test
    void splitIdsThatLeaveTheRootAreBadItemsAndNothingOutsideIsRead() throws Exception {
        Path root = tmp.resolve("escape");
        SyntheticWriter.write(
                SyntheticWriter.Format.VOC,
                root,
                4,
                SyntheticTask.builder().optSize(64, 64).optSeed(6).build());
        Path split = root.resolve("VOCdevkit/VOC2012/ImageSets/Segmentation/train.txt");
        List<String> ids = Files.readAllLines(split);
        Files.write(split, List.of(ids.get(0), "../../../../x", "/etc/passwd"));
        String before = OutputSafetyTest.hash(root);
        Captured stats =
                SanetCommandTest.run(
                        "dataset",
                        "stats",
                        "--dataset",
                        "voc",
                        "--data",
                        root.toString(),
                        "--split",
                        "train");
        assertEquals(2, stats.status, stats.err);
        assertTrue(stats.out.contains("'../../../../x' leaves the dataset root"), stats.out);
        assertTrue(stats.out.contains("'/etc/passwd' leaves the dataset root"), stats.out);
        Captured train = train(root, tmp.resolve("escape-run"));
        OutputSafetyTest.refused(train, "'../../../../x' leaves the dataset root", "--skip-bad");
        assertEquals(before, OutputSafetyTest.hash(root));
    }

    private static Captured train(Path data, Path out, String... extra) {
        List<String> args =
                new java.util.ArrayList<>(
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
                                "2",
                                "--epochs",
                                "1",
                                "--val-split",
                                "none",
                                "--out",
                                out.toString(),
                                "--json"));
        args.addAll(List.of(extra));
        return SanetCommandTest.run(args.toArray(String[]::new));
    }
}
