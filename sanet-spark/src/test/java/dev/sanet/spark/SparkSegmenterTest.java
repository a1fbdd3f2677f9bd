package dev.sanet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark in local mode ({@code local[2]}) over a dozen generated files, one corrupt and one not an
 * image: the masks are the library's pixel for pixel, the bad files are error rows, the model is
 * loaded once per JVM, on either engine.
 */
class SparkSegmenterTest {

    @TempDir static Path tmp;

    private static SparkSession spark;
    private static Path modelDir;
    private static Path imageDir;
    private static List<Path> images;

    @BeforeAll
    static void start() throws IOException {
        modelDir = tmp.resolve("model");
        SparkTestData.writeModel(modelDir);
        imageDir = tmp.resolve("images");
        images = SparkTestData.images(imageDir, 10);
        // A PNG signature followed by garbage, and a text file.
        byte[] corrupt = new byte[64];
        byte[] head = Files.readAllBytes(images.get(0));
        System.arraycopy(head, 0, corrupt, 0, 16);
        Files.write(imageDir.resolve("broken.png"), corrupt);
        Files.writeString(imageDir.resolve("notes.txt"), "not an image\n", StandardCharsets.UTF_8);
        ModelCache.clear();
        spark =
                SparkSession.builder()
                        .master("local[2]")
                        .appName("sanet-spark-test")
                        .config("spark.ui.enabled", "false")
                        .config("spark.sql.shuffle.partitions", "2")
                        .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        ModelCache.clear();
    }

    private static Map<String, Row> byName(List<Row> rows) {
        Map<String, Row> out = new HashMap<>();
        for (Row r : rows) {
            String p = r.getString(0);
            out.put(p.substring(p.lastIndexOf('/') + 1), r);
        }
        return out;
    }

    @Test
    void binaryFilesGiveTheLibrarysMasksAndErrorRowsOnOneModelLoad() throws IOException {
        Dataset<Row> files =
                spark.read().format("binaryFile").load(imageDir.toString()).repartition(4);
        SparkSegmenter segmenter =
                SparkSegmenter.builder().modelDir(modelDir.toString()).engine("mxnet").build();
        int before = ModelCache.loads();
        List<Row> rows = segmenter.segment(files).collectAsList();
        assertEquals(12, rows.size());
        Map<String, Row> named = byName(rows);
        assertNotNull(named.get("broken.png").getString(5));
        assertNotNull(named.get("notes.txt").getString(5));
        assertTrue(named.get("notes.txt").isNullAt(3));
        List<int[][]> expected = SparkTestData.libraryMasks(modelDir, "MXNet", images);
        for (int i = 0; i < images.size(); i++) {
            Row r = named.get(images.get(i).getFileName().toString());
            assertNull(r.getString(5), r.getString(0));
            int[][] mask = SparkTestData.decode((byte[]) r.get(3));
            assertArrayEquals(expected.get(i), mask, r.getString(0));
            assertEquals(mask[0].length, r.getInt(1));
            assertEquals(mask.length, r.getInt(2));
            long total = 0;
            for (Object c : r.getList(4)) {
                total += (Long) c;
            }
            assertEquals((long) r.getInt(1) * r.getInt(2), total);
        }
        // Four partitions on two task threads, then a second job: one load in this JVM.
        assertEquals(1, ModelCache.loads() - before);
        assertEquals(12, segmenter.segment(files).count());
        assertEquals(1, ModelCache.loads() - before);
    }

    @Test
    void pathsWorkOnPyTorchToo() throws IOException {
        List<Path> some = images.subList(0, 3);
        Dataset<String> paths =
                spark.createDataset(
                        some.stream().map(p -> p.toUri().toString()).toList(), Encoders.STRING());
        List<Row> rows =
                SparkSegmenter.builder()
                        .modelDir(modelDir.toString())
                        .engine("pytorch")
                        .build()
                        .segmentPaths(paths)
                        .collectAsList();
        Map<String, Row> named = byName(rows);
        List<int[][]> expected = SparkTestData.libraryMasks(modelDir, "PyTorch", some);
        for (int i = 0; i < some.size(); i++) {
            Row r = named.get(some.get(i).getFileName().toString());
            assertArrayEquals(expected.get(i), SparkTestData.decode((byte[]) r.get(3)));
        }
    }

    @Test
    void theBuilderNamesBadValues() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                SparkSegmenter.builder()
                                        .modelDir(modelDir.toString())
                                        .engine("tf")
                                        .build());
        assertTrue(e.getMessage().contains("'tf'"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> SparkSegmenter.builder().modelDir(imageDir.toString()).build());
        assertTrue(e.getMessage().contains("sanet.json"), e.getMessage());
    }
}
