package dev.sanet.spark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.spark.SparkTestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sanet spark predict} in local mode, and its refusals before Spark starts. */
class SparkPredictCommandTest {

    private static String runCapturing(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int rc = SanetSpark.run(args);
            assertEquals(0, rc, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pngOutputsAreTheLibrarysMasksUnderPredictsNames(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        SparkTestData.writeModel(model);
        Path in = tmp.resolve("in");
        List<Path> images = new java.util.ArrayList<>(SparkTestData.images(in, 4));
        Files.writeString(in.resolve("notes.txt"), "text", StandardCharsets.UTF_8);
        // Names that a URI encodes (a space, non-ASCII letters): read as sanet predict reads them.
        images.add(Files.copy(images.get(0), in.resolve("wide photo.png")));
        images.add(Files.copy(images.get(1), in.resolve("café ü.png")));
        Path out = tmp.resolve("out");
        String json =
                runCapturing(
                        "predict",
                        "--model",
                        model.toString(),
                        "--input",
                        in.toString(),
                        "--output",
                        out.toString(),
                        "--master",
                        "local[2]",
                        "--format",
                        "png",
                        "--json");
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        assertEquals(7, o.get("images").getAsInt());
        assertEquals(1, o.get("errorCount").getAsInt(), json);
        assertEquals(1, o.get("modelLoadsInDriver").getAsInt());
        List<int[][]> expected = SparkTestData.libraryMasks(model, "MXNet", images);
        for (int i = 0; i < images.size(); i++) {
            String stem = images.get(i).getFileName().toString().replace(".png", "");
            byte[] png = Files.readAllBytes(out.resolve(stem + ".png"));
            assertArrayEquals(expected.get(i), SparkTestData.decode(png), stem);
        }
        assertFalse(Files.exists(out.resolve("notes.png")));
        // The outputs exist now: a second run is refused before Spark starts.
        assertEquals(
                2,
                SanetSpark.run(
                        "predict",
                        "--model",
                        model.toString(),
                        "--input",
                        in.toString(),
                        "--output",
                        out.toString(),
                        "--format",
                        "png"));
    }

    @Test
    void anOutputInsideTheInputIsRefused(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        SparkTestData.writeModel(model);
        Path in = tmp.resolve("in");
        SparkTestData.images(in, 1);
        assertEquals(
                2,
                SanetSpark.run(
                        "predict",
                        "--model",
                        model.toString(),
                        "--input",
                        in.toString(),
                        "--output",
                        in.resolve("masks").toString()));
        assertEquals(
                2,
                SanetSpark.run(
                        "predict",
                        "--model",
                        in.toString(),
                        "--input",
                        in.toString(),
                        "--output",
                        tmp.resolve("o").toString()));
        assertEquals(2, SanetSpark.run("predict", "--format", "tiff"));
        assertTrue(Files.notExists(in.resolve("masks")));
    }
}
