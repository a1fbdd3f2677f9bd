package dev.sanet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both containers read through the one interface, recognised from their bytes. */
class TensorFileTest {

    private static final float[] VALUES = {1f, -2f, 0.5f, 4f, 5f, 6f};

    /** Reads what every importer reads: names, types, shapes, metadata and values. */
    private static void assertReads(TensorFile f, TensorFile.Container container)
            throws IOException {
        assertEquals(container, f.container());
        TensorFile.Tensor t = f.tensors().get("conv.weight");
        assertEquals("conv.weight", t.name());
        assertEquals(DataType.FLOAT32, t.dataType());
        assertEquals(new Shape(2, 3), t.shape());
        assertTrue(t.isFloat());
        assertArrayEquals(VALUES, f.readFloats("conv.weight"), 0f);
        assertThrows(IllegalArgumentException.class, () -> f.readFloats("nope"));
    }

    @Test
    void safetensorsAndMxNetReadAlikeThroughTheInterface(@TempDir Path dir) throws IOException {
        Path st = dir.resolve("w.safetensors");
        SafetensorsWriter.write(
                st, Map.of("conv.weight", new Shape(2, 3)), n -> VALUES, Map.of("k", "v"));
        try (TensorFile f = TensorFile.open(st)) {
            assertInstanceOf(Safetensors.class, f);
            assertReads(f, TensorFile.Container.SAFETENSORS);
            assertEquals("v", f.metadata().get("k"));
            assertEquals("F32", f.tensors().get("conv.weight").typeName());
        }
        Path mx =
                new MxNetParamsTest.MxFile()
                        .dense(
                                0xF993FAC9,
                                "arg:conv.weight",
                                0,
                                new long[] {2, 3},
                                MxNetParamsTest.f32(VALUES))
                        .write(dir.resolve("w.params"));
        try (TensorFile f = TensorFile.open(mx)) {
            assertInstanceOf(MxNetParams.class, f);
            assertReads(f, TensorFile.Container.MXNET_PARAMS);
            assertTrue(f.metadata().isEmpty());
        }
    }

    @Test
    void otherFilesAreRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("w.bin"), "hello, not weights at all");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TensorFile.open(text));
        assertTrue(e.getMessage().contains("neither safetensors nor"), e.getMessage());
        assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
        Path zip = Files.write(dir.resolve("w.pth"), new byte[] {0x50, 0x4b, 0x03, 0x04, 0, 0});
        e = assertThrows(IllegalArgumentException.class, () -> TensorFile.open(zip));
        assertTrue(e.getMessage().contains("safetensors.torch.save_file"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TensorFile.open(dir.resolve("missing")));
        assertTrue(e.getMessage().contains("do not exist"), e.getMessage());
        // A safetensors start with a damaged header: named as an unreadable safetensors file.
        byte[] bad = new byte[16];
        bad[0] = 100;
        bad[8] = '{';
        Path cut = Files.write(dir.resolve("cut.safetensors"), bad);
        e = assertThrows(IllegalArgumentException.class, () -> TensorFile.open(cut));
        assertTrue(e.getMessage().contains("not a readable safetensors file"), e.getMessage());
    }
}
