package dev.sanet.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import com.google.gson.JsonObject;
import dev.sanet.core.io.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints carry a manifest; {@link Checkpoint#newest} falls back past a damaged newer one, and
 * stale temporary folders of interrupted writes are removed.
 */
class CheckpointIntegrityTest {

    @TempDir Path run;

    private static Block block(NDManager m) {
        Block b = Linear.builder().setUnits(4).build();
        b.initialize(m, DataType.FLOAT32, new Shape(1, 3));
        return b;
    }

    @Test
    void aTruncatedNewestCheckpointIsSkippedForTheOneBefore() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = block(m);
            Checkpoint.write(run, b, 1, 10, true, new JsonObject());
            Checkpoint second = Checkpoint.write(run, b, 2, 20, true, new JsonObject());
            assertTrue(Files.isRegularFile(second.dir().resolve(Manifest.FILE)));
            assertEquals(20, Checkpoint.newest(run).orElseThrow().iteration());
            Path params = second.dir().resolve(Checkpoint.PARAMETERS);
            byte[] all = Files.readAllBytes(params);
            Files.write(params, Arrays.copyOf(all, all.length / 2));
            Optional<Checkpoint> found = Checkpoint.newest(run);
            assertEquals(10, found.orElseThrow().iteration());
            assertTrue(found.get().dir().endsWith("epoch-0001"));
            // The damaged checkpoint is left for the user to look at, not deleted.
            assertTrue(Files.exists(params));
        }
    }

    @Test
    void garbageMetadataInTheNewestCheckpointFallsBackToo() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = block(m);
            Checkpoint.write(run, b, 1, 10, true, new JsonObject());
            Checkpoint second = Checkpoint.write(run, b, 2, 20, true, new JsonObject());
            // No manifest (as before sanet wrote them) and a garbage checkpoint.json.
            Files.delete(second.dir().resolve(Manifest.FILE));
            Files.writeString(second.dir().resolve(Checkpoint.METADATA), "{\"epoch\": ");
            assertEquals(10, Checkpoint.newest(run).orElseThrow().iteration());
        }
    }

    @Test
    void staleTemporaryFoldersAreRemovedAndOthersKept() throws Exception {
        Path checkpoints = Files.createDirectories(run.resolve("checkpoints"));
        Path tmp = Files.createDirectories(checkpoints.resolve(".epoch-0003.0123abcd.tmp"));
        Files.writeString(tmp.resolve(Checkpoint.PARAMETERS), "half");
        Path old = Files.createDirectories(checkpoints.resolve(".epoch-0002.89ab.old"));
        Path mine = Files.createDirectories(checkpoints.resolve("notes"));
        assertEquals(2, Checkpoint.removeStale(checkpoints));
        assertFalse(Files.exists(tmp));
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(mine));
        assertTrue(Checkpoint.newest(run).isEmpty());
    }
}
