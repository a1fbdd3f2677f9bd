package dev.sanet.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import com.google.gson.JsonObject;
import dev.sanet.core.io.AtomicFolder;
import dev.sanet.core.io.Manifest;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected with Mockito where a real one cannot be arranged in a unit test: a disk that
 * fills up in the middle of an export, and an interrupt in the middle of a checkpoint write. In
 * both the earlier folder stays intact and nothing half-written looks complete.
 */
class FaultInjectionTest {

    @TempDir Path run;

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aDiskThatFillsUpDuringAnExportLeavesTheEarlierModelIntact() throws Exception {
        Path model = Files.createDirectories(run.resolve("model"));
        Files.writeString(model.resolve("sanet.json"), "{\"old\": true}");
        Files.write(model.resolve("sanet-0000.params"), new byte[] {1, 2, 3});
        Manifest.write(model);
        AtomicFolder.Body fills = mock(AtomicFolder.Body.class);
        doAnswer(
                        inv -> {
                            Path tmp = inv.getArgument(0);
                            Files.write(tmp.resolve("sanet-0000.params"), new byte[512]);
                            throw new IOException("No space left on device");
                        })
                .when(fills)
                .write(any());
        IOException e = assertThrows(IOException.class, () -> AtomicFolder.write(model, fills));
        assertTrue(e instanceof dev.sanet.core.io.NoSpaceLeftException, e.toString());
        assertTrue(e.getMessage().contains("no space left on device"), e.getMessage());
        verify(fills).write(any());
        // The earlier model is whole and verifies; no temporary folder is left beside it.
        assertEquals(Manifest.Status.VERIFIED, Manifest.verify(model));
        assertEquals("{\"old\": true}", Files.readString(model.resolve("sanet.json")));
        assertEquals(List.of("model"), names(run));
    }

    @Test
    void anInterruptDuringACheckpointWriteKeepsTheEarlierCheckpointTheNewest() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Block real = Linear.builder().setUnits(4).build();
            real.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            Checkpoint.write(run, real, 1, 10, true, new JsonObject());
        }
        Block interrupted = mock(Block.class);
        doAnswer(
                        inv -> {
                            DataOutputStream out = inv.getArgument(0);
                            out.write(new byte[256]);
                            out.flush();
                            throw new ClosedByInterruptException();
                        })
                .when(interrupted)
                .saveParameters(any());
        assertThrows(
                ClosedByInterruptException.class,
                () -> Checkpoint.write(run, interrupted, 2, 20, true, new JsonObject()));
        Checkpoint newest = Checkpoint.newest(run).orElseThrow();
        assertEquals(10, newest.iteration());
        assertEquals(List.of("epoch-0001"), names(run.resolve("checkpoints")));
        assertTrue(Files.isRegularFile(newest.dir().resolve(Manifest.FILE)));
    }
}
