package dev.sanet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.DeferredTranslatorFactory;
import ai.djl.translate.TranslateException;
import dev.sanet.core.inference.ImagePredictor;
import dev.sanet.core.inference.UnreadableImageException;
import dev.sanet.examples.PredictExample;
import dev.sanet.examples.cli.SanetCommand;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One route from image to mask: the same files through {@code sanet predict}, a plain-DJL {@code
 * Criteria} program, {@link SparkSegmenter} on {@code local[2]} and the example program give the
 * same masks pixel for pixel, and the same error for a file that is not a complete image. The set
 * holds a small image, one whose long side exceeds the default size bound (1024), a CMYK JPEG, a
 * grey PNG, a truncated JPEG and a text file named {@code .jpg}.
 */
class RouteAgreementTest {

    private static final List<String> GOOD =
            List.of("small.png", "wide.png", "cmyk.jpg", "grey.png");
    private static final List<String> BAD = List.of("truncated.jpg", "text.jpg");

    @TempDir static Path tmp;
    static Path modelDir;
    static Path images;
    static SparkSession spark;

    @BeforeAll
    static void setUp() throws IOException {
        modelDir = tmp.resolve("model");
        SparkTestData.writeModel(modelDir);
        images = tmp.resolve("images");
        Files.createDirectories(images);
        Random r = new Random(5);
        ImageIO.write(noise(40, 30, BufferedImage.TYPE_INT_RGB, r), "png", file("small.png"));
        ImageIO.write(noise(1100, 40, BufferedImage.TYPE_INT_RGB, r), "png", file("wide.png"));
        ImageIO.write(noise(37, 29, BufferedImage.TYPE_BYTE_GRAY, r), "png", file("grey.png"));
        writeCmykJpeg(file("cmyk.jpg").toPath(), r);
        ByteArrayOutputStream jpg = new ByteArrayOutputStream();
        ImageIO.write(noise(64, 48, BufferedImage.TYPE_3BYTE_BGR, r), "jpg", jpg);
        byte[] whole = jpg.toByteArray();
        Files.write(
                images.resolve("truncated.jpg"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Files.writeString(images.resolve("text.jpg"), "not an image\n");
        spark = SparkSession.builder().master("local[2]").appName("route-agreement").getOrCreate();
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
        // The executors' model cache is static: later tests count their own loads.
        ModelCache.clear();
    }

    @Test
    void everyRouteGivesTheSameMasksAndTheSameErrors() throws Exception {
        Map<String, String> reasons = new HashMap<>();
        for (String bad : BAD) {
            UnreadableImageException e =
                    assertThrows(
                            UnreadableImageException.class,
                            () -> ImagePredictor.decode(images.resolve(bad)));
            reasons.put(bad, "unreadable image (" + e.reason() + ")");
        }

        // 1. sanet predict, one file at a time so that each bad file has its own exit.
        Map<String, int[][]> cli = new HashMap<>();
        for (String name : GOOD) {
            Path out = tmp.resolve("cli-" + name);
            assertEquals(
                    0,
                    sanet(
                                    "predict",
                                    "--model",
                                    modelDir.toString(),
                                    "--input",
                                    images.resolve(name).toString(),
                                    "--output",
                                    out.toString())
                            .exit,
                    name);
            cli.put(name, readIndex(out.resolve(stem(name) + ".png")));
        }
        for (String bad : BAD) {
            Run run =
                    sanet(
                            "predict",
                            "--model",
                            modelDir.toString(),
                            "--input",
                            images.resolve(bad).toString(),
                            "--output",
                            tmp.resolve("cli-" + bad).toString());
            assertEquals(2, run.exit, run.err);
            assertTrue(run.err.contains(reasons.get(bad)), run.err);
        }

        // 2. A plain DJL Criteria program, files in, masks out.
        Map<String, int[][]> criteria = new HashMap<>();
        Criteria<Path, CategoryMask> c =
                Criteria.builder()
                        .setTypes(Path.class, CategoryMask.class)
                        .optModelPath(modelDir)
                        .optEngine("MXNet")
                        .optTranslatorFactory(new DeferredTranslatorFactory())
                        .build();
        try (ZooModel<Path, CategoryMask> model = c.loadModel();
                Predictor<Path, CategoryMask> predictor = model.newPredictor()) {
            for (String name : GOOD) {
                criteria.put(name, predictor.predict(images.resolve(name)).getMask());
            }
            for (String bad : BAD) {
                TranslateException e =
                        assertThrows(
                                TranslateException.class,
                                () -> predictor.predict(images.resolve(bad)));
                Throwable cause = e;
                while (cause != null && !(cause instanceof UnreadableImageException)) {
                    cause = cause.getCause();
                }
                assertInstanceOf(UnreadableImageException.class, cause, String.valueOf(e));
                assertTrue(cause.getMessage().contains(reasons.get(bad)), cause.getMessage());
            }
        }

        // 3. Spark, local[2], the binaryFile source.
        Map<String, int[][]> sparkMasks = new HashMap<>();
        List<Row> rows =
                SparkSegmenter.builder()
                        .modelDir(modelDir.toString())
                        .engine("mxnet")
                        .build()
                        .segment(spark.read().format("binaryFile").load(images.toString()))
                        .collectAsList();
        assertEquals(GOOD.size() + BAD.size(), rows.size());
        for (Row row : rows) {
            String p = row.getString(0);
            String name = p.substring(p.lastIndexOf('/') + 1);
            if (BAD.contains(name)) {
                assertNotNull(row.getString(5), name);
                assertTrue(row.getString(5).contains(reasons.get(name)), row.getString(5));
            } else {
                assertNull(row.getString(5), name);
                sparkMasks.put(name, SparkTestData.decode((byte[]) row.get(3)));
            }
        }

        // 4. The example program.
        Map<String, int[][]> example = new HashMap<>();
        for (String name : GOOD) {
            Path out = tmp.resolve("example-" + name);
            PredictExample.runExample(
                    images.resolve(name).toString(),
                    "--model",
                    modelDir.toString(),
                    "--output",
                    out.toString());
            example.put(name, readIndex(out.resolve(stem(name) + ".png")));
        }
        for (String bad : BAD) {
            Exception e =
                    assertThrows(
                            Exception.class,
                            () ->
                                    PredictExample.runExample(
                                            images.resolve(bad).toString(),
                                            "--model",
                                            modelDir.toString(),
                                            "--output",
                                            tmp.resolve("example-" + bad).toString()));
            assertTrue(e.getMessage().contains(reasons.get(bad)), e.getMessage());
        }

        for (String name : GOOD) {
            int[][] want = cli.get(name);
            assertEquals(ImageIO.read(images.resolve(name).toFile()).getHeight(), want.length);
            assertArrayEquals(want, criteria.get(name), "Criteria, " + name);
            assertArrayEquals(want, sparkMasks.get(name), "Spark, " + name);
            assertArrayEquals(want, example.get(name), "example, " + name);
        }
        // The wide image ran bounded: its mask still has the image's own size.
        assertEquals(1100, cli.get("wide.png")[0].length);
    }

    private record Run(int exit, String err) {}

    private static Run sanet(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(SanetCommand.run(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    private static java.io.File file(String name) {
        return images.resolve(name).toFile();
    }

    private static String stem(String name) {
        return name.substring(0, name.lastIndexOf('.'));
    }

    private static int[][] readIndex(Path png) throws IOException {
        Raster raster = ImageIO.read(png.toFile()).getRaster();
        int[][] out = new int[raster.getHeight()][raster.getWidth()];
        for (int y = 0; y < out.length; y++) {
            raster.getSamples(0, y, raster.getWidth(), 1, 0, out[y]);
        }
        return out;
    }

    private static BufferedImage noise(int w, int h, int type, Random r) {
        BufferedImage img = new BufferedImage(w, h, type);
        WritableRaster raster = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int b = 0; b < raster.getNumBands(); b++) {
                    // Blocks of colour with noise, so that a network gives more than one class.
                    raster.setSample(x, y, b, ((x / 8 + y / 8 + b) % 3) * 100 + r.nextInt(40));
                }
            }
        }
        return img;
    }

    /** A four-component JPEG with Adobe's APP14 marker (transform 0: inverted CMYK). */
    private static void writeCmykJpeg(Path jpg, Random r) throws IOException {
        WritableRaster cmyk = Raster.createInterleavedRaster(0, 32, 32, 4, null);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                cmyk.setPixel(x, y, new int[] {255 - x * 4, y * 6, r.nextInt(255), 255});
            }
        }
        ImageWriter writer = null;
        for (var it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter candidate = it.next();
            if (candidate.getClass().getName().startsWith("com.sun.")) {
                writer = candidate;
            }
        }
        assertNotNull(writer, "the JDK's JPEG writer");
        try (ImageOutputStream out = ImageIO.createImageOutputStream(jpg.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(cmyk, null, null), null);
        } finally {
            writer.dispose();
        }
        byte[] plain = Files.readAllBytes(jpg);
        byte[] adobe = {
            (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0
        };
        byte[] marked = new byte[plain.length + adobe.length];
        System.arraycopy(plain, 0, marked, 0, 2);
        System.arraycopy(adobe, 0, marked, 2, adobe.length);
        System.arraycopy(plain, 2, marked, 2 + adobe.length, plain.length - 2);
        Files.write(jpg, marked);
    }
}
