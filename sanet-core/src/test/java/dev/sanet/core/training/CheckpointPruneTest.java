package dev.sanet.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Checkpoint#prune}: the newest by progress stay, the one just written always does. */
class CheckpointPruneTest {

    @TempDir Path root;

    private Path make(String name) throws Exception {
        Path dir = root.resolve("checkpoints").resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(Checkpoint.METADATA), "{}");
        return dir;
    }

    private List<String> left() throws Exception {
        try (Stream<Path> s = Files.list(root.resolve("checkpoints"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void keepsTheNewestByProgressAndLeavesOtherFoldersAlone() throws Exception {
        for (String n : List.of("epoch-0001", "epoch-0002", "epoch-0003", "epoch-0010")) {
            make(n);
        }
        Path partial = make("epoch-0010-partial");
        make("notes");
        List<Path> deleted = Checkpoint.prune(root, 2, partial);
        assertEquals(3, deleted.size(), String.valueOf(deleted));
        assertEquals(List.of("epoch-0010", "epoch-0010-partial", "notes"), left());
    }

    @Test
    void zeroKeepsAllAndTheCurrentOneIsNeverDeleted() throws Exception {
        Path old = make("epoch-0001");
        make("epoch-0002");
        make("epoch-0003");
        assertEquals(List.of(), Checkpoint.prune(root, 0, old));
        assertEquals(3, left().size());
        // A current checkpoint that is not the newest (say, a rerun's) survives a limit of 1.
        Checkpoint.prune(root, 1, old);
        assertEquals(List.of("epoch-0001", "epoch-0003"), left());
    }
}
