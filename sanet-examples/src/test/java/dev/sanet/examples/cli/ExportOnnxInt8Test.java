package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.core.Backbone;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sanet export onnx --int8 --calibration IMAGES}. */
class ExportOnnxInt8Test {

    @TempDir static Path tmp;

    static Path model;

    static Path images;

    @BeforeAll
    static void makeModelAndImages() throws Exception {
        model = TinyModels.save(tmp.resolve("model"), Backbone.RESNET18);
        images = Files.createDirectories(tmp.resolve("calibration"));
        Random r = new Random(5);
        for (int k = 0; k < 3; k++) {
            BufferedImage img = new BufferedImage(48, 40, BufferedImage.TYPE_3BYTE_BGR);
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 48; x++) {
                    img.setRGB(x, y, r.nextInt(0x1000000));
                }
            }
            ImageIO.write(img, "png", images.resolve("img" + k + ".png").toFile());
        }
        Files.writeString(images.resolve("notes.txt"), "not an image, skipped by extension");
    }

    @Test
    void writesAQdqGraphAndReportsItsAgreementWithTheFloatGraph() throws Exception {
        Path out = tmp.resolve("int8.onnx");
        Captured c =
                SanetCommandTest.run(
                        "export",
                        "onnx",
                        "--model",
                        model.toString(),
                        "--out",
                        out.toString(),
                        "--int8",
                        "--calibration",
                        images.toString(),
                        "--json");
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals("int8", o.get("precision").getAsString());
        JsonObject int8 = o.getAsJsonObject("int8");
        assertEquals(3, int8.get("calibrationImages").getAsInt());
        assertTrue(int8.get("quantizedNodes").getAsInt() > 10, int8.toString());
        double agreement =
                int8.getAsJsonObject("maskAgreement").get("pixelAgreement").getAsDouble();
        assertTrue(agreement >= 0.9, int8.toString());
        assertEquals(3 * 48 * 40, int8.getAsJsonObject("maskAgreement").get("pixels").getAsLong());
        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(out));
        assertEquals(o.get("nodes").getAsInt(), proto.getGraph().getNodeCount());
        assertTrue(
                proto.getGraph().getNodeList().stream()
                        .map(NodeProto::getOpType)
                        .anyMatch("DequantizeLinear"::equals));
        assertTrue(
                proto.getMetadataPropsList().stream()
                        .anyMatch(e -> e.getKey().equals("sanet.quantization")));
    }

    @Test
    void int8WithoutCalibrationOrWithoutImagesIsOneLine() throws Exception {
        String m = model.toString();
        String out = tmp.resolve("refused.onnx").toString();
        assertLine(
                "sanet: --int8 needs --calibration IMAGES",
                "export",
                "onnx",
                "--model",
                m,
                "--out",
                out,
                "--int8");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertLine(
                "sanet: --calibration " + empty + ": no images in the folder",
                "export",
                "onnx",
                "--model",
                m,
                "--out",
                out,
                "--int8",
                "--calibration",
                empty.toString());
        assertLine(
                "sanet: --calibration " + images + " is only read with --int8",
                "export",
                "onnx",
                "--model",
                m,
                "--out",
                out,
                "--calibration",
                images.toString());
        assertLine(
                "sanet: --calibration " + tmp.resolve("nowhere"),
                "export",
                "onnx",
                "--model",
                m,
                "--out",
                out,
                "--int8",
                "--calibration",
                tmp.resolve("nowhere").toString());
        assertFalse(Files.exists(Path.of(out)));
    }

    private static void assertLine(String start, String... args) {
        Captured c = SanetCommandTest.run(args);
        assertEquals(2, c.status, c.err);
        assertTrue(c.err.startsWith(start), c.err);
        assertEquals(1, c.err.strip().lines().count(), c.err);
    }
}
