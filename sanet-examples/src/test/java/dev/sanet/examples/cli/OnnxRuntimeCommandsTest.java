package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sanet.core.Backbone;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANet;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --engine onnxruntime}: {@code predict} gives the masks {@code --engine mxnet} gives on a
 * generated set (one image larger than the crop, so the sliding window runs on the graph), and the
 * commands that train refuse it with one line and exit 2.
 */
class OnnxRuntimeCommandsTest {

    @TempDir static Path tmp;
    static Path modelDir;
    static Path images;

    @BeforeAll
    static void writeModelAndImages() throws Exception {
        SANet def =
                SANet.builder()
                        .backbone(Backbone.RESNET18)
                        .width(8)
                        .numClasses(MaskParity.CLASSES)
                        .prediction(Prediction.MASK)
                        .build();
        modelDir = MaskParity.saveRandomModel(tmp.resolve("model"), def);
        images =
                MaskParity.writeImages(
                        tmp.resolve("images"),
                        new int[][] {{53, 37}, {64, 64}, {40, 61}, {100, 72}});
    }

    @Test
    void predictOnOnnxRuntimeGivesMxNetsMasks() throws Exception {
        MaskParity.assertOnnxRuntimeGivesMxNetsMasks(modelDir, images, 4, tmp);
    }

    @Test
    void trainOnOnnxRuntimeIsExitTwoWithOneLine() {
        Captured c =
                SanetCommandTest.run(
                        "train",
                        "--dataset",
                        "voc",
                        "--data",
                        tmp.resolve("nowhere").toString(),
                        "--engine",
                        "onnxruntime");
        assertEquals(2, c.status, c.err);
        assertEquals(1, c.err.strip().lines().count(), c.err);
        assertTrue(c.err.contains("--engine onnxruntime runs inference only"), c.err);
    }

    @Test
    void theEngineOptionAcceptsOnnxRuntimeForInferenceOnly() {
        EngineOption option = new EngineOption();
        option.engine = "onnxruntime";
        assertEquals("OnnxRuntime", option.inferenceName());
        assertEquals("MXNet", System.getProperty(EngineOption.DJL_DEFAULT_ENGINE));
        UserException e = assertThrows(UserException.class, option::name);
        assertTrue(
                e.getMessage().contains("use --engine mxnet or --engine pytorch"), e.getMessage());
    }

    @Test
    void predictRunsAnExportedFileOnOnnxRuntimeAndAsksForTheEngineWithout() throws Exception {
        Path file = tmp.resolve("exported.onnx");
        MaskParity.exportOnnx(modelDir, file);
        Path out = tmp.resolve("pred-file");
        Captured ort = MaskParity.predict(file, images, out, "--engine", "onnxruntime");
        assertEquals(0, ort.status, ort.err);
        assertTrue(Files.isRegularFile(out.resolve("img3.png")), ort.out);
        Captured mx = MaskParity.predict(file, images, tmp.resolve("pred-file-mx"));
        assertEquals(SanetCommand.EXIT_USAGE, mx.status, mx.err);
        assertTrue(mx.err.contains("--engine onnxruntime"), mx.err);
    }

    @Test
    void predictRunsAFixedSizeFileOnImagesOfOtherSizesAndSaysHow() throws Exception {
        // 48 x 48: each image, its long side scaled to the base size 64, runs as 48 x 48 windows.
        Path file = tmp.resolve("fixed-48.onnx");
        MaskParity.exportOnnx(modelDir, file, "--size", "48x48");
        Path out = tmp.resolve("pred-fixed");
        Captured ort = MaskParity.predict(file, images, out, "--engine", "onnxruntime");
        System.out.print(ort.err);
        System.out.print(ort.out);
        assertEquals(0, ort.status, ort.err);
        assertTrue(ort.err.contains(file + " takes 48x48 images only"), ort.err);
        assertTrue(ort.err.contains("export without --size"), ort.err);
        for (int i = 0; i < 4; i++) {
            BufferedImage in = ImageIO.read(images.resolve("img" + i + ".png").toFile());
            BufferedImage mask = ImageIO.read(out.resolve("img" + i + ".png").toFile());
            assertEquals(in.getWidth(), mask.getWidth());
            assertEquals(in.getHeight(), mask.getHeight());
        }
    }
}
