package dev.sanet.core.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFoldersTest {

    @TempDir Path tmp;

    @Test
    void theSameFolderIsRefusedAlsoThroughDotDotAndLinks() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        IllegalArgumentException same =
                assertThrows(
                        IllegalArgumentException.class, () -> OutputFolders.checkApart(in, in));
        assertTrue(same.getMessage().contains("is the input folder"), same.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> OutputFolders.checkApart(tmp.resolve("in/x/../../in"), in));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), in);
        IllegalArgumentException linked =
                assertThrows(
                        IllegalArgumentException.class, () -> OutputFolders.checkApart(link, in));
        assertTrue(linked.getMessage().contains(in.toRealPath().toString()), linked.getMessage());
        assertTrue(linked.getMessage().startsWith("output folder " + link + " ("), "names both");
        assertEquals(1, linked.getMessage().lines().count());
    }

    @Test
    void insideAndContainingAreRefusedAndSiblingsAreFine() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("data/in"));
        IllegalArgumentException inside =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> OutputFolders.checkApart(in.resolve("not/yet/there"), in));
        assertTrue(inside.getMessage().contains("inside the input folder"), inside.getMessage());
        IllegalArgumentException contains =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> OutputFolders.checkApart(tmp.resolve("data"), in));
        assertTrue(contains.getMessage().contains("contains the input"), contains.getMessage());
        // A sibling whose name starts like the input is not inside it.
        assertDoesNotThrow(() -> OutputFolders.checkApart(tmp.resolve("data/in2"), in));
        assertDoesNotThrow(() -> OutputFolders.checkApart(tmp.resolve("out"), in));
        assertDoesNotThrow(() -> OutputFolders.checkApart(in, tmp.resolve("missing")));
    }

    @Test
    void aFileInputMayLieInTheOutputFolderButNotBeReplaced() throws IOException {
        Path image = Files.writeString(tmp.resolve("a.png"), "x");
        assertDoesNotThrow(() -> OutputFolders.checkApart(tmp, image));
        assertThrows(IllegalArgumentException.class, () -> OutputFolders.checkApart(image, image));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                OutputFolders.checkNotInputs(
                                        List.of(tmp.resolve("b.png"), tmp.resolve("./a.png")),
                                        List.of(image)));
        assertTrue(e.getMessage().contains("would replace the input file"), e.getMessage());
    }

    @Test
    void aFileIsNotAnOutputFolderNorAParentOfOne() throws IOException {
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");
        IllegalArgumentException direct =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> OutputFolders.checkWritableFolder(file));
        assertTrue(direct.getMessage().contains("is an existing file"), direct.getMessage());
        IllegalArgumentException under =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> OutputFolders.checkWritableFolder(file.resolve("sub")));
        assertTrue(under.getMessage().contains("is a file, not a folder"), under.getMessage());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void writableFoldersPassAndLeaveNothingBehind() throws IOException {
        OutputFolders.checkWritableFolder(tmp);
        OutputFolders.checkWritableFolder(tmp.resolve("new/deeper"));
        assertFalse(Files.exists(tmp.resolve("new")), "the check creates nothing");
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void aReadOnlyFolderIsRefused() throws IOException {
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // Root ignores permissions: tried with a real file rather than guessed.
            assumeTrue(permissionsApply(ro), "file permissions do not apply to this user (root)");
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> OutputFolders.checkWritableFolder(ro));
            assertTrue(e.getMessage().contains("not writable"), e.getMessage());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> OutputFolders.checkWritableFolder(ro.resolve("sub")));
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static boolean permissionsApply(Path readOnly) {
        try {
            Files.delete(Files.createFile(readOnly.resolve("probe")));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void plannedFilesThatExistAreCountedAndNamed() throws IOException {
        Path a = Files.writeString(tmp.resolve("a.png"), "old");
        Path b = tmp.resolve("b.png");
        assertEquals(List.of(a), OutputFolders.existing(List.of(b, a)));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> OutputFolders.checkPlanned(List.of(b, a), false));
        assertTrue(e.getMessage().startsWith("1 of the 2 planned"), e.getMessage());
        assertTrue(e.getMessage().contains(a.toString()), e.getMessage());
        assertDoesNotThrow(() -> OutputFolders.checkPlanned(List.of(b, a), true));
        assertDoesNotThrow(() -> OutputFolders.checkPlanned(List.of(b), false));
    }

    @Test
    void presentAndDeleteRemoveOnlyTheNamedEntriesAndNeverFollowLinks() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Path keep = Files.createDirectories(tmp.resolve("keep"));
        Files.writeString(keep.resolve("precious.txt"), "mine");
        Files.createDirectories(run.resolve("checkpoints/epoch-0001"));
        Files.writeString(run.resolve("checkpoints/epoch-0001/parameters.bin"), "p");
        Files.writeString(run.resolve("metrics.csv"), "m");
        Files.writeString(run.resolve("notes.txt"), "user");
        Files.createSymbolicLink(run.resolve("checkpoints/link"), keep);
        List<Path> found =
                OutputFolders.present(run, List.of("checkpoints", "metrics.csv", "model"));
        assertEquals(List.of(run.resolve("checkpoints"), run.resolve("metrics.csv")), found);
        assertEquals(5, OutputFolders.delete(found));
        assertFalse(Files.exists(run.resolve("checkpoints")));
        assertFalse(Files.exists(run.resolve("metrics.csv")));
        assertEquals("user", Files.readString(run.resolve("notes.txt")));
        assertEquals("mine", Files.readString(keep.resolve("precious.txt")));
        assertEquals(List.of(), OutputFolders.present(tmp.resolve("none"), List.of("x")));
    }

    @Test
    void resolveFollowsLinksOfTheExistingPartAndNormalisesTheRest() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("ln"), real);
        assertEquals(
                real.toRealPath().resolve("a/b"), OutputFolders.resolve(link.resolve("a/x/../b")));
        assertEquals(real.toRealPath(), OutputFolders.resolve(link));
    }
}
