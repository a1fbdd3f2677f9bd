package dev.sanet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    /** Three tensors (one a scalar), given out of name order. */
    private static Map<String, float[]> values() {
        Random r = new Random(11);
        Map<String, float[]> v = new LinkedHashMap<>();
        float[] big = new float[3 * 5 * 7];
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) r.nextGaussian();
        }
        v.put("layer.weight", big);
        v.put("a.bias", new float[] {1.5f, -0f, Float.MIN_VALUE});
        v.put("scalar", new float[] {42f});
        return v;
    }

    private static Map<String, Shape> shapes() {
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put("layer.weight", new Shape(3, 5, 7));
        s.put("a.bias", new Shape(3));
        s.put("scalar", new Shape());
        return s;
    }

    @Test
    void roundTripKeepsValuesMetadataAndBytes(@TempDir Path dir) throws IOException {
        Map<String, float[]> v = values();
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, shapes(), v::get, Map.of("format", "test", "note", "é=ü"));

        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, n % 8, "header padded to a multiple of 8");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{"), header);
        String json = header.stripTrailing();
        assertTrue(json.endsWith("}") && header.substring(json.length()).isBlank(), header);
        assertTrue(header.length() - json.length() < 8, "padding only to the next multiple of 8");
        JsonObject h = JsonParser.parseString(header).getAsJsonObject();
        // Sorted by name: a.bias, layer.weight, scalar; contiguous offsets.
        assertEquals("[0,12]", h.getAsJsonObject("a.bias").get("data_offsets").toString());
        assertEquals("[12,432]", h.getAsJsonObject("layer.weight").get("data_offsets").toString());
        assertEquals("[432,436]", h.getAsJsonObject("scalar").get("data_offsets").toString());
        assertEquals("[]", h.getAsJsonObject("scalar").get("shape").toString());
        assertEquals("F32", h.getAsJsonObject("layer.weight").get("dtype").getAsString());
        assertEquals(8 + n + 436, bytes.length);
        // The data are the raw little-endian floats.
        b.position((int) (8 + n));
        assertEquals(1.5f, b.getFloat());
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(b.getFloat()));

        try (Safetensors st = Safetensors.open(file)) {
            assertEquals(Map.of("format", "test", "note", "é=ü"), st.metadata());
            assertEquals(
                    List.of("a.bias", "layer.weight", "scalar"),
                    List.copyOf(st.tensors().keySet()));
            for (Map.Entry<String, Shape> e : shapes().entrySet()) {
                Safetensors.Tensor t = st.tensors().get(e.getKey());
                assertEquals(e.getValue(), t.shape());
                assertEquals(DataType.FLOAT32, t.dataType());
                assertArrayEquals(v.get(e.getKey()), st.readFloats(e.getKey()), e.getKey());
            }
        }
        // Writing the same content again gives the same bytes.
        Path again = dir.resolve("again.safetensors");
        Safetensors.write(again, shapes(), v::get, Map.of("format", "test", "note", "é=ü"));
        assertArrayEquals(bytes, Files.readAllBytes(again));
    }

    @Test
    void readsHalfBfloatDoubleAndIntegerTensorsWrittenByteByByte(@TempDir Path dir)
            throws IOException {
        ByteBuffer data = le(12 + 8 + 16 + 8);
        // F16: 1, -2, 65504 (largest), 2^-24 (smallest subnormal), +inf, 0.5
        for (int h : new int[] {0x3C00, 0xC000, 0x7BFF, 0x0001, 0x7C00, 0x3800}) {
            data.putShort((short) h);
        }
        // BF16: 1, -3.5, 1e-40 rounded (subnormal), 3.3895314e38 (largest)
        for (int h : new int[] {0x3F80, 0xC060, 0x0001, 0x7F7F}) {
            data.putShort((short) h);
        }
        data.putDouble(0.1).putDouble(-1e300);
        data.putLong(12345L);
        String header =
                "{\"h\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[0,12]},"
                        + "\"bf\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[12,20]},"
                        + "\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[20,36]},"
                        + "\"bn.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],"
                        + "\"data_offsets\":[36,44]}}";
        Path file = dir.resolve("mixed.safetensors");
        writeRaw(file, header, data.array());
        try (Safetensors st = Safetensors.open(file)) {
            assertEquals(DataType.FLOAT16, st.tensors().get("h").dataType());
            assertArrayEquals(
                    new float[] {1f, -2f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY, 0.5f},
                    st.readFloats("h"));
            assertArrayEquals(
                    new float[] {
                        1f,
                        -3.5f,
                        Float.intBitsToFloat(0x00010000),
                        Float.intBitsToFloat(0x7F7F0000)
                    },
                    st.readFloats("bf"));
            assertArrayEquals(new float[] {0.1f, Float.NEGATIVE_INFINITY}, st.readFloats("d"));
            assertFalse(st.tensors().get("bn.num_batches_tracked").isFloat());
            assertArrayEquals(new long[] {12345L}, st.readLongs("bn.num_batches_tracked"));
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> st.readFloats("bn.num_batches_tracked"));
            assertTrue(e.getMessage().contains("I64"), e.getMessage());
        }
    }

    @Test
    void truncatedFilesAreRejectedNamingTheFile(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.safetensors");
        Safetensors.write(good, shapes(), values()::get, Map.of());
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 4));
        IOException e = assertThrows(IOException.class, () -> Safetensors.open(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        Path headerCut = dir.resolve("header-cut.safetensors");
        Files.write(headerCut, Arrays.copyOf(bytes, 20));
        e = assertThrows(IOException.class, () -> Safetensors.open(headerCut));
        assertTrue(e.getMessage().contains(headerCut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("header length"), e.getMessage());

        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        e = assertThrows(IOException.class, () -> Safetensors.open(tiny));
        assertTrue(e.getMessage().contains(tiny.toString()), e.getMessage());
    }

    @Test
    void overlappingGappedOrMissizedTensorsAreRejected(@TempDir Path dir) throws IOException {
        String overlap =
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertRejected(dir, "overlap", overlap, 12, "overlap", "'b'");
        String gap =
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertRejected(dir, "gap", gap, 12, "gap", "'b'");
        String missized = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        assertRejected(dir, "missized", missized, 8, "needs 12 bytes", "'a'");
        String trailing = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertRejected(dir, "trailing", trailing, 8, "trailing", "4 bytes");
        String dtype = "{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        assertRejected(dir, "dtype", dtype, 1, "F8_E4M3", "'a'");
        String negative = "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}";
        assertRejected(dir, "negative", negative, 4, "shape", "'a'");
        assertRejected(dir, "json", "{\"a\": [", 0, "JSON", "header");
        String meta = "{\"__metadata__\":{\"k\":3}}";
        assertRejected(dir, "meta", meta, 0, "__metadata__", "'k'");
    }

    @Test
    void anAbsurdHeaderLengthIsRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("huge.safetensors");
        Files.write(file, le(16).putLong(Long.MAX_VALUE).putLong(0).array());
        IOException e = assertThrows(IOException.class, () -> Safetensors.open(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
    }

    @Test
    void aFailedWriteLeavesNeitherAPartialFileNorATemporaryOne(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("w.safetensors");
        Files.writeString(file, "previous content");
        Map<String, float[]> v = values();
        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                Safetensors.write(
                                        file,
                                        shapes(),
                                        name -> {
                                            if (name.equals("scalar")) {
                                                throw new IOException("disk on fire");
                                            }
                                            return v.get(name);
                                        },
                                        Map.of()));
        assertEquals("disk on fire", e.getMessage());
        assertEquals("previous content", Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        // Values that do not fit the shape are a caller error, and also leave nothing behind.
        Path other = dir.resolve("other.safetensors");
        assertThrows(
                IllegalArgumentException.class,
                () -> Safetensors.write(other, shapes(), name -> new float[1], Map.of()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    private static void assertRejected(
            Path dir, String name, String header, int dataBytes, String... expected)
            throws IOException {
        Path file = dir.resolve(name + ".safetensors");
        writeRaw(file, header, new byte[dataBytes]);
        IOException e = assertThrows(IOException.class, () -> Safetensors.open(file), name);
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String s : expected) {
            assertTrue(e.getMessage().contains(s), name + ": " + e.getMessage());
        }
    }

    /** A safetensors file from its header text and data bytes, unpadded, byte by byte. */
    static void writeRaw(Path file, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(le(8).putLong(h.length).array());
        out.write(h);
        out.write(data);
        Files.write(file, out.toByteArray());
    }

    static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
