package dev.sanet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MxNetParamsTest {

    private static final int V1 = 0xF993FAC8;
    private static final int V2 = 0xF993FAC9;
    private static final int V3 = 0xF993FACA;

    /** Builds an MXNet NDArray list file byte by byte. */
    static final class MxFile {
        private final List<byte[]> arrays = new ArrayList<>();
        private final List<String> names = new ArrayList<>();

        /** A V2 or V3 dense array: magic, storage 0, i32 ndim + i64 dims, cpu(0), flag, data. */
        MxFile dense(int magic, String name, int flag, long[] shape, byte[] data) {
            ByteBuffer b = le(4 + 4 + 4 + 8 * shape.length + 12 + data.length);
            b.putInt(magic).putInt(0).putInt(shape.length);
            for (long d : shape) {
                b.putLong(d);
            }
            b.putInt(1).putInt(0).putInt(flag).put(data);
            return add(name, b.array());
        }

        /** A V1 array: magic, i32 ndim + i64 dims, context, flag, data (no storage type). */
        MxFile v1(String name, int flag, long[] shape, byte[] data) {
            ByteBuffer b = le(4 + 4 + 8 * shape.length + 12 + data.length);
            b.putInt(V1).putInt(shape.length);
            for (long d : shape) {
                b.putLong(d);
            }
            b.putInt(1).putInt(0).putInt(flag).put(data);
            return add(name, b.array());
        }

        /** A pre-V1 array: u32 ndim, u32 dims, context, flag, data. */
        MxFile legacy(String name, int flag, long[] shape, byte[] data) {
            ByteBuffer b = le(4 + 4 * shape.length + 12 + data.length);
            b.putInt(shape.length);
            for (long d : shape) {
                b.putInt((int) d);
            }
            b.putInt(1).putInt(0).putInt(flag).put(data);
            return add(name, b.array());
        }

        /** A V2 "none" array: nothing after its ndim of 0. */
        MxFile none(String name) {
            return add(name, le(12).putInt(V2).putInt(0).putInt(0).array());
        }

        /** Any bytes as an array (for damaged files). */
        MxFile raw(String name, byte[] bytes) {
            return add(name, bytes);
        }

        private MxFile add(String name, byte[] bytes) {
            arrays.add(bytes);
            names.add(name);
            return this;
        }

        byte[] bytes(boolean withNames) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(le(24).putLong(0x112).putLong(0).putLong(arrays.size()).array());
            for (byte[] a : arrays) {
                out.write(a);
            }
            out.write(le(8).putLong(withNames ? names.size() : 0).array());
            if (withNames) {
                for (String n : names) {
                    byte[] b = n.getBytes(StandardCharsets.UTF_8);
                    out.write(le(8).putLong(b.length).array());
                    out.write(b);
                }
            }
            return out.toByteArray();
        }

        Path write(Path file) throws IOException {
            Files.write(file, bytes(true));
            return file;
        }
    }

    static byte[] f32(float... v) {
        ByteBuffer b = le(4 * v.length);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    static byte[] f64(double... v) {
        ByteBuffer b = le(8 * v.length);
        for (double d : v) {
            b.putDouble(d);
        }
        return b.array();
    }

    static byte[] f16(int... bits) {
        ByteBuffer b = le(2 * bits.length);
        for (int h : bits) {
            b.putShort((short) h);
        }
        return b.array();
    }

    static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** One array of each layout and float type, with Gluon's and export's names. */
    private static MxFile everyLayout() {
        return new MxFile()
                .dense(V2, "arg:conv1.0.weight", 0, new long[] {2, 3, 1, 1}, f32(1, 2, 3, 4, 5, 6))
                .dense(V3, "aux:bn1.running_mean", 0, new long[] {4}, f32(0.5f, -1, 7, 1e-3f))
                .dense(V2, "half", 2, new long[] {3}, f16(0x3C00, 0xC000, 0x3555))
                .dense(V2, "double", 1, new long[] {2}, f64(0.1, -2.5))
                .v1("v1.weight", 0, new long[] {1, 2}, f32(9, 8))
                .legacy("legacy.bias", 0, new long[] {2}, f32(-3, 3));
    }

    @Test
    void readsEveryLayoutAndFloatType(@TempDir Path dir) throws IOException {
        Path file = everyLayout().none("empty").write(dir.resolve("all.params"));
        try (MxNetParams p = MxNetParams.open(file)) {
            assertEquals(
                    List.of(
                            "conv1.0.weight",
                            "bn1.running_mean",
                            "half",
                            "double",
                            "v1.weight",
                            "legacy.bias"),
                    List.copyOf(p.arrays().keySet()),
                    "prefixes stripped, none arrays skipped, file order kept");
            assertEquals(new Shape(2, 3, 1, 1), p.arrays().get("conv1.0.weight").shape());
            assertEquals(DataType.FLOAT16, p.arrays().get("half").dataType());
            assertEquals(DataType.FLOAT64, p.arrays().get("double").dataType());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, p.readFloats("conv1.0.weight"));
            assertArrayEquals(new float[] {0.5f, -1, 7, 1e-3f}, p.readFloats("bn1.running_mean"));
            assertArrayEquals(
                    new float[] {1f, -2f, Float.intBitsToFloat(0x3EAAA000)}, p.readFloats("half"));
            assertArrayEquals(new float[] {0.1f, -2.5f}, p.readFloats("double"));
            assertArrayEquals(new float[] {9, 8}, p.readFloats("v1.weight"));
            assertEquals(new Shape(2), p.arrays().get("legacy.bias").shape());
            assertArrayEquals(new float[] {-3, 3}, p.readFloats("legacy.bias"));
        }
    }

    @Test
    void agreesWithTheMxnetEngineOnTheSameFile(@TempDir Path dir) throws IOException {
        assumeTrue("MXNet".equals(Engine.getDefaultEngineName()), "needs the MXNet engine");
        Path file = everyLayout().write(dir.resolve("all.params"));
        try (MxNetParams p = MxNetParams.open(file);
                NDManager nd = NDManager.newBaseManager()) {
            NDList list = nd.load(file);
            assertEquals(p.arrays().size(), list.size());
            List<String> engineNames = new ArrayList<>();
            for (NDArray a : list) {
                String name = a.getName().replaceFirst("^(arg|aux):", "");
                engineNames.add(name);
                MxNetParams.Entry e = p.arrays().get(name);
                assertEquals(a.getShape(), e.shape(), name);
                assertEquals(a.getDataType(), e.dataType(), name);
                assertArrayEquals(
                        a.toType(DataType.FLOAT32, false).toFloatArray(), p.readFloats(name), name);
            }
            assertEquals(List.copyOf(p.arrays().keySet()), engineNames);
        }
    }

    @Test
    void damagedFilesAreRejectedNamingTheFileAndTheProblem(@TempDir Path dir) throws IOException {
        byte[] good = everyLayout().bytes(true);
        assertRejected(dir, "cut-data", Arrays.copyOf(good, 150), "truncated");
        assertRejected(dir, "cut-names", Arrays.copyOf(good, good.length - 3), "name");
        byte[] wrongMagic = good.clone();
        wrongMagic[0] = 0x13;
        assertRejected(dir, "magic", wrongMagic, "0x113");
        assertRejected(dir, "unnamed", everyLayout().bytes(false), "unnamed");
        byte[] sparse =
                le(16).putInt(V2).putInt(1).putInt(1).putInt(0).array(); // row_sparse + junk
        assertRejected(
                dir,
                "sparse",
                new MxFile().raw("s", sparse).bytes(true),
                "storage type 1 (row_sparse)");
        assertRejected(
                dir,
                "flag",
                new MxFile().dense(V2, "x", 99, new long[] {1}, f32(1)).bytes(true),
                "type flag 99");
        assertRejected(
                dir,
                "twice",
                new MxFile()
                        .dense(V2, "arg:x", 0, new long[] {1}, f32(1))
                        .dense(V2, "aux:x", 0, new long[] {1}, f32(2))
                        .bytes(true),
                "'x' appears twice");
        assertRejected(dir, "text", "not a params file at all".getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRejected(Path dir, String name, byte[] bytes, String... expected)
            throws IOException {
        Path file = dir.resolve(name + ".params");
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, () -> MxNetParams.open(file), name);
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String s : expected) {
            assertTrue(e.getMessage().contains(s), name + ": " + e.getMessage());
        }
    }

    @Test
    void readFloatsNamesAnUnknownArray(@TempDir Path dir) throws IOException {
        Path file = everyLayout().write(dir.resolve("all.params"));
        try (MxNetParams p = MxNetParams.open(file)) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> p.readFloats("fc.weight"));
            assertTrue(e.getMessage().contains("fc.weight"), e.getMessage());
        }
    }
}
