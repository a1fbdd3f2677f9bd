package dev.sanet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @Test
    void headerAndDataAreNumpysVersionOne(@TempDir Path dir) throws IOException {
        float[] v = new float[2 * 3 * 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.25f - 1;
        }
        Path file = dir.resolve("scores.npy");
        Npy.writeFloat32(file, new Shape(2, 3, 4), v);

        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(
                new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(bytes, 8));
        int headerLen = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        int dataStart = 10 + headerLen;
        // 10 bytes of preamble + 62 of dictionary + newline: the next multiple of 64 is 128.
        assertEquals(128, dataStart, "the data start at the first multiple of 64");
        String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
        assertTrue(
                header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }"),
                header);
        assertTrue(header.endsWith("\n"), header);
        assertTrue(header.substring(62, headerLen - 1).isBlank(), header);
        assertEquals(dataStart + 4 * v.length, bytes.length);
        ByteBuffer data =
                ByteBuffer.wrap(bytes, dataStart, 4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            assertEquals(f, data.getFloat());
        }

        Npy.Array back = Npy.read(file);
        assertEquals(new Shape(2, 3, 4), back.shape());
        assertArrayEquals(v, back.values());
    }

    @Test
    void oneDimensionalShapesAreTuplesAndLongHeadersStayAligned(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("v.npy");
        Npy.writeFloat32(file, new Shape(5), new float[] {1, 2, 3, 4, 5});
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("'shape': (5,), }"), text);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5}, Npy.read(file).values());

        // 30 dimensions make a 143-character dictionary: the data move on to byte 192.
        long[] dims = new long[30];
        Arrays.fill(dims, 1);
        Path wide = dir.resolve("wide.npy");
        Npy.writeFloat32(wide, new Shape(dims), new float[] {7});
        assertEquals(192 + 4, Files.size(wide));
        assertEquals(new Shape(dims), Npy.read(wide).shape());
        assertArrayEquals(new float[] {7}, Npy.read(wide).values());
    }

    @Test
    void mismatchedValuesAndDamagedFilesAreRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.npy");
        assertThrows(
                IllegalArgumentException.class,
                () -> Npy.writeFloat32(file, new Shape(2, 2), new float[3]));
        assertTrue(Files.notExists(file));
        Npy.writeFloat32(file, new Shape(2, 2), new float[4]);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 1));
        IOException e = assertThrows(IOException.class, () -> Npy.read(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        Path f8 = dir.resolve("f8.npy");
        Files.write(
                f8,
                new String(bytes, StandardCharsets.ISO_8859_1)
                        .replace("<f4", "<f8")
                        .getBytes(StandardCharsets.ISO_8859_1));
        e = assertThrows(IOException.class, () -> Npy.read(f8));
        assertTrue(e.getMessage().contains("<f4"), e.getMessage());
    }
}
