package dev.sanet.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exclusive claim on an output folder: one owner at a time, stale claims replaced. */
class OutputLockTest {

    @TempDir Path tmp;

    @Test
    void twoThreadsClaimingOneFolderGetOneClaimAndOneRefusalNamingTheProcess() throws Exception {
        Path out = tmp.resolve("run");
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch bothTried = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?>[] f = new Future<?>[2];
            for (int i = 0; i < 2; i++) {
                f[i] =
                        pool.submit(
                                () -> {
                                    start.await();
                                    try (OutputLock lock = OutputLock.acquire(out, "sanet train")) {
                                        bothTried.countDown();
                                        // Held until the other thread has tried.
                                        assertTrue(bothTried.await(10, TimeUnit.SECONDS));
                                        return lock.file();
                                    } catch (FolderInUseException e) {
                                        bothTried.countDown();
                                        return e;
                                    }
                                });
            }
            start.countDown();
            Object a = f[0].get(20, TimeUnit.SECONDS);
            Object b = f[1].get(20, TimeUnit.SECONDS);
            FolderInUseException refused =
                    (FolderInUseException) (a instanceof FolderInUseException ? a : b);
            Object won = a instanceof FolderInUseException ? b : a;
            assertEquals(out.resolve(OutputLock.FILE), won);
            long pid = ProcessHandle.current().pid();
            assertEquals(pid, refused.owner().pid());
            assertTrue(refused.getMessage().contains("process " + pid), refused.getMessage());
            assertTrue(refused.getMessage().startsWith(out.toString()), refused.getMessage());
        } finally {
            pool.shutdownNow();
        }
        // Released at close: the folder can be claimed again and holds no lock file.
        assertFalse(Files.exists(out.resolve(OutputLock.FILE)));
        assertTrue(OutputLock.holder(out).isEmpty());
        try (OutputLock again = OutputLock.acquire(out, "sanet train")) {
            assertTrue(again.replaced().isEmpty());
        }
    }

    @Test
    void aHeldClaimIsSeenByHolderAndKeepsItsFileUntilClosed() throws Exception {
        Path out = tmp.resolve("held");
        OutputLock lock = OutputLock.acquire(out, "sanet predict");
        String text = Files.readString(lock.file(), StandardCharsets.UTF_8);
        assertTrue(text.contains("pid=" + ProcessHandle.current().pid()), text);
        assertTrue(text.contains("command=sanet predict"), text);
        assertEquals("sanet predict", OutputLock.holder(out).orElseThrow().command());
        lock.close();
        assertFalse(Files.exists(lock.file()));
        lock.close(); // twice is harmless
    }

    @Test
    void aClaimLeftByADeadProcessIsReplacedAndNamed() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        long dead = p.pid();
        Path out = Files.createDirectories(tmp.resolve("stale"));
        String host = hostLine();
        Files.writeString(
                out.resolve(OutputLock.FILE),
                "pid=" + dead + "\n" + host + "\nstarted=" + Instant.now() + "\ncommand=sanet x\n");
        assertTrue(OutputLock.holder(out).isEmpty(), "a dead owner holds nothing");
        try (OutputLock lock = OutputLock.acquire(out, "sanet train")) {
            assertEquals(dead, lock.replaced().orElseThrow().pid());
            assertTrue(
                    Files.readString(lock.file()).contains("pid=" + ProcessHandle.current().pid()));
        }
        // Nothing set aside is left behind.
        try (var s = Files.list(out)) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    void aClaimFromAnotherHostOrUnreadableIsRespected() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("remote"));
        Files.writeString(
                out.resolve(OutputLock.FILE),
                "pid=1\nhost=some-other-host\nstarted=" + Instant.now() + "\ncommand=sanet x\n");
        FolderInUseException e =
                assertThrows(
                        FolderInUseException.class, () -> OutputLock.acquire(out, "sanet train"));
        assertTrue(e.getMessage().contains("some-other-host"), e.getMessage());
        assertTrue(e.getMessage().contains(out.resolve(OutputLock.FILE).toString()));
        Files.writeString(out.resolve(OutputLock.FILE), "garbage");
        assertThrows(FolderInUseException.class, () -> OutputLock.acquire(out, "sanet train"));
    }

    private static String hostLine() throws Exception {
        // The same host as this process, read the way OutputLock reads it.
        try (OutputLock probe = OutputLock.acquire(Files.createTempDirectory("h"), "probe")) {
            for (String l : Files.readString(probe.file()).split("\n")) {
                if (l.startsWith("host=")) {
                    return l;
                }
            }
        }
        throw new AssertionError("no host line");
    }
}
