package dev.sanet.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checksums of a folder: written last, verified file by file, absent for older folders. */
class ManifestTest {

    @TempDir Path dir;

    @Test
    void aFreshManifestVerifiesAndUsesSha256sumsFormat() throws Exception {
        Files.writeString(dir.resolve("a.bin"), "abc");
        Files.write(dir.resolve("b.json"), new byte[] {1, 2, 3});
        Map<String, String> sums = Manifest.write(dir);
        assertEquals(2, sums.size());
        // SHA-256("abc"), the FIPS 180-2 test vector.
        assertEquals(
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                sums.get("a.bin"));
        String text = Files.readString(dir.resolve(Manifest.FILE));
        assertTrue(
                text.startsWith(
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.bin\n"),
                text);
        assertEquals(Manifest.Status.VERIFIED, Manifest.verify(dir));
    }

    @Test
    void aChangedTruncatedOrMissingFileIsNamed() throws Exception {
        Files.write(dir.resolve("p.params"), new byte[4096]);
        Manifest.write(dir);
        byte[] flipped = new byte[4096];
        flipped[100] = 1;
        Files.write(dir.resolve("p.params"), flipped);
        IOException e = assertThrows(IOException.class, () -> Manifest.verify(dir));
        assertTrue(
                e.getMessage().startsWith(dir.resolve("p.params") + " is damaged"), e.getMessage());
        Files.write(dir.resolve("p.params"), new byte[100]);
        e = assertThrows(IOException.class, () -> Manifest.verify(dir));
        assertTrue(e.getMessage().contains("now 100 bytes"), e.getMessage());
        Files.delete(dir.resolve("p.params"));
        e = assertThrows(IOException.class, () -> Manifest.verify(dir));
        assertTrue(e.getMessage().contains("p.params is missing"), e.getMessage());
    }

    @Test
    void aFolderWithoutManifestIsAbsentAndAGarbledOneIsRefused() throws Exception {
        Files.writeString(dir.resolve("x"), "x");
        assertEquals(Manifest.Status.ABSENT, Manifest.verify(dir));
        Files.writeString(dir.resolve(Manifest.FILE), "garbage\n");
        IOException e = assertThrows(IOException.class, () -> Manifest.verify(dir));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        Files.writeString(
                dir.resolve(Manifest.FILE),
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  ../x\n");
        e = assertThrows(IOException.class, () -> Manifest.verify(dir));
        assertTrue(e.getMessage().contains("'../x'"), e.getMessage());
    }
}
