package dev.sanet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files are written under a temporary name and renamed when complete; a full disk (injected with
 * Mockito: the body writes part of the file, then the device refuses) names the file and leaves
 * nothing incomplete under any name.
 */
class AtomicWriteTest {

    @TempDir Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFullDiskNamesTheFileAndLeavesTheEarlierFileWhole() throws Exception {
        Path target = dir.resolve("overlay.png");
        Files.write(target, new byte[] {1, 2, 3});
        AtomicWrite.Body fills = mock(AtomicWrite.Body.class);
        doAnswer(
                        inv -> {
                            AtomicWrite.writeFully(
                                    inv.getArgument(0), ByteBuffer.wrap(new byte[4096]));
                            throw new IOException("No space left on device");
                        })
                .when(fills)
                .write(any());
        NoSpaceLeftException e =
                assertThrows(NoSpaceLeftException.class, () -> AtomicWrite.write(target, fills));
        assertEquals(target, e.path());
        assertTrue(e.getMessage().startsWith(target + ": no space left on device"), e.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of("overlay.png"), names(), "no temporary file left");
    }

    @Test
    void aFullDiskOnANewFileLeavesNoFileAndAQuotaCountsToo() throws Exception {
        Path target = dir.resolve("a.npy");
        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                AtomicWrite.writeStream(
                                        target,
                                        os -> {
                                            os.write(new byte[100]);
                                            throw new FileSystemException(
                                                    "x", null, "Disk quota exceeded");
                                        }));
        assertTrue(e instanceof NoSpaceLeftException, e.toString());
        assertEquals(List.of(), names());
        // Other failures pass unchanged.
        IOException other =
                assertThrows(
                        IOException.class,
                        () ->
                                AtomicWrite.write(
                                        dir.resolve("sub/x.txt"),
                                        ch -> {
                                            throw new IOException("boom");
                                        }));
        assertFalse(other instanceof NoSpaceLeftException);
    }

    @Test
    void imagesAndTextAreWrittenWholeWithoutTemporaryFiles() throws Exception {
        BufferedImage img = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 2, 0x123456);
        AtomicWrite.writeImage(dir.resolve("c/x.png"), img, "png");
        BufferedImage back = javax.imageio.ImageIO.read(dir.resolve("c/x.png").toFile());
        assertEquals(0x123456, back.getRGB(3, 2) & 0xFFFFFF);
        AtomicWrite.writeString(dir.resolve("c/r.json"), "{}\n");
        assertEquals("{}\n", Files.readString(dir.resolve("c/r.json")));
        try (Stream<Path> s = Files.list(dir.resolve("c"))) {
            assertEquals(
                    List.of("r.json", "x.png"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void staleTemporaryEntriesOfInterruptedWritesAreRemovedAndOthersKept() throws Exception {
        Files.write(dir.resolve(".a.png.0123456789abcdef.tmp"), new byte[10]);
        Files.createDirectories(dir.resolve(".model.fedcba9876543210.tmp/x"));
        Files.createDirectories(dir.resolve(".model.0000000000000001.old"));
        Files.write(dir.resolve("keep.tmp"), new byte[1]);
        Files.write(dir.resolve(".hidden"), new byte[1]);
        Files.write(dir.resolve("a.png"), new byte[1]);
        List<Path> onlyModel = AtomicFolder.removeStale(dir, "model");
        assertEquals(2, onlyModel.size());
        assertTrue(Files.exists(dir.resolve(".a.png.0123456789abcdef.tmp")));
        List<Path> all = AtomicFolder.removeStale(dir);
        assertEquals(1, all.size());
        assertEquals(List.of(".hidden", "a.png", "keep.tmp"), names());
    }

    @Test
    void theOneOutputCheckRefusesOutputsInsideAnInputFolderEvenWhenOverwriting() throws Exception {
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.write(model.resolve("sanet-0000.params"), new byte[] {9});
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                OutputFolders.checkOutputs(
                                        List.of(model.resolve("sanet-0000.params")),
                                        List.of(model),
                                        true));
        assertTrue(e.getMessage().contains("inside the input folder"), e.getMessage());
        Path out = Files.write(dir.resolve("w.safetensors"), new byte[] {1});
        OutputExistsException x =
                assertThrows(
                        OutputExistsException.class,
                        () -> OutputFolders.checkOutputs(List.of(out), List.of(model), false));
        assertEquals(List.of(out), x.existing());
        assertEquals(List.of(out), OutputFolders.checkOutputs(List.of(out), List.of(model), true));
    }

    @Test
    void aDiskTooSmallForTheRunIsNamedWithTheBytesNeeded() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                OutputFolders.checkFreeSpace(
                                        dir.resolve("run"), Long.MAX_VALUE / 2, "one checkpoint"));
        assertTrue(e.getMessage().startsWith(dir.resolve("run").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("one checkpoint needs about " + Long.MAX_VALUE / 2));
        OutputFolders.checkFreeSpace(dir, 1, "a byte");
    }
}
