package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.core.Backbone;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sanet weights} on files that must not be imported as they stand (issue 26): a tensor
 * holding NaN or infinity and a header naming a tensor twice are refused naming the tensor and the
 * file, leaving nothing behind; {@code weights inspect} describes sanet's own export.
 */
class WeightsSafetyTest {

    @TempDir static Path tmp;
    static Path model;
    static Path exported;

    @BeforeAll
    static void export() throws Exception {
        model = TinyModels.save(tmp.resolve("model"), Backbone.RESNET18);
        exported = tmp.resolve("w.safetensors");
        Captured c =
                SanetCommandTest.run(
                        "weights",
                        "export",
                        "--model",
                        model.toString(),
                        "--out",
                        exported.toString());
        assertEquals(0, c.status, c.err);
    }

    /** The header of a safetensors file, and where its data starts. */
    private static JsonObject header(byte[] all) {
        long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return JsonParser.parseString(new String(all, 8, (int) n, StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    private static Captured importing(Path weights, Path out) {
        return SanetCommandTest.run(
                "weights",
                "import",
                "--model",
                model.toString(),
                "--weights",
                weights.toString(),
                "--out",
                out.toString());
    }

    @Test
    void aTensorHoldingNanOrInfinityIsRefusedNamingItAndTheFile() throws Exception {
        byte[] all = Files.readAllBytes(exported);
        JsonObject h = header(all);
        long headerLength = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        // The tensor whose data ends the file: its last value becomes NaN, then infinity.
        String last = null;
        long end = -1;
        for (Map.Entry<String, JsonElement> e : h.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            long to =
                    e.getValue()
                            .getAsJsonObject()
                            .get("data_offsets")
                            .getAsJsonArray()
                            .get(1)
                            .getAsLong();
            if (to > end) {
                end = to;
                last = e.getKey();
            }
        }
        int at = (int) (8 + headerLength + end - 4);
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            ByteBuffer.wrap(all, at, 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(bad);
            Path file = Files.write(tmp.resolve("bad-" + bad + ".safetensors"), all);
            Path out = tmp.resolve("never-" + bad);
            Captured c = importing(file, out);
            OutputSafetyTest.refused(c, file.toString(), "tensor '" + last + "'", "non-finite");
            assertTrue(c.err.contains(String.valueOf(bad)), c.err);
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void aTensorNamedTwiceIsRefusedNamingIt() throws Exception {
        String json =
                "{\"conv.weight\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"conv.weight\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        byte[] head = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + head.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(head.length).put(head).putFloat(1f);
        Path file = Files.write(tmp.resolve("twice.safetensors"), b.array());
        Path out = tmp.resolve("never-twice");
        Captured c = importing(file, out);
        OutputSafetyTest.refused(c, file.toString(), "tensor 'conv.weight' is named twice");
        assertFalse(Files.exists(out));
    }

    @Test
    void inspectDescribesSanetsOwnExport() throws Exception {
        Captured c = SanetCommandTest.run("weights", "inspect", "--weights", exported.toString());
        assertEquals(0, c.status, c.err);
        assertTrue(c.out.startsWith(exported + ": sanet weights (format version 1) of "), c.out);
        assertTrue(c.out.toLowerCase(java.util.Locale.ROOT).contains("resnet18"), c.out);
        Captured j =
                SanetCommandTest.run(
                        "weights", "inspect", "--weights", exported.toString(), "--json");
        assertEquals(0, j.status, j.err);
        JsonObject o = JsonParser.parseString(j.out).getAsJsonObject();
        assertEquals("sanet-weights", o.get("format").getAsString());
        assertTrue(o.get("classes").getAsJsonArray().size() >= 2, j.out);
        assertTrue(o.get("tensors").getAsLong() > 10, j.out);
    }
}
