package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.core.Backbone;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sanet export onnx}. */
class ExportOnnxCommandTest {

    @TempDir static Path tmp;

    static Path model;

    @BeforeAll
    static void makeModel() throws Exception {
        model = TinyModels.save(tmp.resolve("model"), Backbone.RESNET18);
    }

    @Test
    void writesTheGraphAndReportsItInJson() throws Exception {
        Path out = tmp.resolve("json/net.onnx");
        Captured c =
                SanetCommandTest.run(
                        "export",
                        "onnx",
                        "--model",
                        model.toString(),
                        "--out",
                        out.toString(),
                        "--prediction",
                        "sum",
                        "--size",
                        "64x48",
                        "--json");
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals(out.toString(), o.get("file").getAsString());
        assertEquals(17, o.get("opset").getAsInt());
        assertEquals("float32", o.get("precision").getAsString());
        assertEquals("sum", o.get("prediction").getAsString());
        assertEquals(
                "image: float32 [batch, 3, 64, 48]",
                o.getAsJsonArray("inputs").get(0).getAsString());
        assertEquals(
                "scores: float32 [batch, 3, 64, 48]",
                o.getAsJsonArray("outputs").get(0).getAsString());
        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(out));
        assertEquals(o.get("nodes").getAsInt(), proto.getGraph().getNodeCount());
    }

    @Test
    void anExistingFileIsKeptUnlessOverwrite() throws Exception {
        Path out = tmp.resolve("existing.onnx");
        Files.writeString(out, "keep me");
        Captured refused =
                SanetCommandTest.run(
                        "export", "onnx", "--model", model.toString(), "--out", out.toString());
        assertEquals(2, refused.status);
        assertTrue(refused.err.contains("--overwrite"), refused.err);
        assertEquals("keep me", Files.readString(out));
        Captured replaced =
                SanetCommandTest.run(
                        "export",
                        "onnx",
                        "--model",
                        model.toString(),
                        "--out",
                        out.toString(),
                        "--overwrite",
                        "--opset",
                        "13");
        assertEquals(0, replaced.status, replaced.err);
        assertTrue(replaced.out.startsWith("wrote " + out + ": ONNX opset 13"), replaced.out);
        assertEquals(
                13, ModelProto.parseFrom(Files.readAllBytes(out)).getOpsetImport(0).getVersion());
    }

    @Test
    void badValuesAreOneLineNamingTheFlag() {
        String m = model.toString();
        String out = tmp.resolve("bad.onnx").toString();
        assertLine(
                "sanet: --opset 12: expected 13..21",
                "export",
                "onnx",
                "--model",
                m,
                "--out",
                out,
                "--opset",
                "12");
        assertLine(
                "sanet: --size 64: expected HEIGHTxWIDTH, each in 1..4096, e.g. 512x512",
                "export",
                "onnx",
                "--model",
                m,
                "--out",
                out,
                "--size",
                "64");
        assertLine(
                "sanet: --prediction cat: expected mask, dense or sum",
                "export",
                "onnx",
                "--model",
                m,
                "--out",
                out,
                "--prediction",
                "cat");
        assertFalse(Files.exists(Path.of(out)));
    }

    private static void assertLine(String start, String... args) {
        Captured c = SanetCommandTest.run(args);
        assertEquals(2, c.status, c.err);
        assertTrue(c.err.startsWith(start), c.err);
        assertEquals(1, c.err.strip().lines().count(), c.err);
    }
}
