package dev.sanet.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder is replaced whole or not at all, and no temporary folder stays behind. */
class AtomicFolderTest {

    @TempDir Path tmp;

    private List<String> entries() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesANewFolderAndReplacesAnOldOne() throws IOException {
        Path model = tmp.resolve("model");
        AtomicFolder.write(model, dir -> Files.writeString(dir.resolve("a.txt"), "one"));
        assertEquals("one", Files.readString(model.resolve("a.txt")));
        AtomicFolder.write(model, dir -> Files.writeString(dir.resolve("b.txt"), "two"));
        assertEquals("two", Files.readString(model.resolve("b.txt")));
        assertTrue(Files.notExists(model.resolve("a.txt")), "the old content is gone");
        assertEquals(List.of("model"), entries());
    }

    @Test
    void aFailureLeavesThePreviousFolderIntact() throws IOException {
        Path model = tmp.resolve("model");
        AtomicFolder.write(model, dir -> Files.writeString(dir.resolve("a.txt"), "one"));
        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                AtomicFolder.write(
                                        model,
                                        dir -> {
                                            Files.writeString(dir.resolve("half.txt"), "x");
                                            throw new IOException("disk full");
                                        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("one", Files.readString(model.resolve("a.txt")));
        assertTrue(Files.notExists(model.resolve("half.txt")));
        assertEquals(List.of("model"), entries(), "no temporary folder is left");
    }

    @Test
    void aFileInThePlaceIsRefusedNamingIt() throws IOException {
        Path file = Files.writeString(tmp.resolve("model"), "mine");
        IOException e = assertThrows(IOException.class, () -> AtomicFolder.write(file, dir -> {}));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals("mine", Files.readString(file));
    }
}
