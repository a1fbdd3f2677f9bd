package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.data.Datasets;
import dev.sanet.examples.customdata.FlatDataset;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataset type registered from another package is a {@code --dataset} name like the others. */
class CustomDatasetCommandTest {

    @BeforeAll
    static void register() {
        Datasets.register(FlatDataset.NAME, FlatDataset::builder);
    }

    @AfterAll
    static void unregister() {
        Datasets.unregister(FlatDataset.NAME);
    }

    private static void item(Path dir, String id, int value) throws Exception {
        Files.createDirectories(dir);
        ImageIO.write(
                new BufferedImage(5, 4, BufferedImage.TYPE_3BYTE_BGR),
                "jpg",
                dir.resolve(id + ".jpg").toFile());
        BufferedImage label = new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 5; x++) {
            label.getRaster().setSample(x, 0, 0, value); // first row: the class; others: 0
        }
        ImageIO.write(label, "png", dir.resolve(id + ".png").toFile());
    }

    @Test
    void datasetStatsReadsARegisteredTypeByName(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("classes.txt"), "sea\nboat\n");
        item(root.resolve("train"), "a", 1);
        item(root.resolve("train"), "b", 3); // 3 is outside {sea, boat}: a problem
        SanetCommandTest.Captured c =
                SanetCommandTest.run(
                        "dataset",
                        "stats",
                        "--dataset",
                        "flat",
                        "--data",
                        root.toString(),
                        "--split",
                        "train",
                        "--json");
        assertEquals(2, c.status, "a problem exits 2: " + c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals("flat", o.get("dataset").getAsString());
        assertEquals(2, o.get("images").getAsInt());
        assertEquals(2, o.get("classes").getAsInt());
        JsonObject pixels = o.getAsJsonObject("pixelsPerClass");
        assertEquals(15, pixels.get("sea").getAsLong());
        assertEquals(5, pixels.get("boat").getAsLong());
        JsonArray problems = o.getAsJsonArray("problems");
        assertEquals(1, problems.size());
        assertEquals(
                root.resolve("train/b.png").toString(),
                problems.get(0).getAsJsonObject().get("path").getAsString());
    }

    @Test
    void aLibraryMessageGetsTheFlagNameFromTheCommand(@TempDir Path root) {
        SanetCommandTest.Captured missing =
                SanetCommandTest.run("dataset", "stats", "--dataset", "flat");
        assertEquals(2, missing.status);
        assertEquals(
                "sanet: --data: the dataset root is missing: give the folder that holds"
                        + " classes.txt and one folder per split",
                missing.err.strip());
        SanetCommandTest.Captured split =
                SanetCommandTest.run(
                        "dataset",
                        "stats",
                        "--dataset",
                        "flat",
                        "--data",
                        root.toString(),
                        "--split",
                        "val");
        assertEquals(2, split.status);
        assertEquals(
                "sanet: --data "
                        + root
                        + ": split folder "
                        + root.resolve("val")
                        + " does not exist",
                split.err.strip());
    }
}
