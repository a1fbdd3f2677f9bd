package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.sanet.core.Backbone;
import dev.sanet.core.SANetModel;
import dev.sanet.core.io.Manifest;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged model directories (issue 16): each case runs {@code sanet predict} on a copy of a saved
 * model damaged one way, and asserts exit status 2, a one-line message naming the file (or
 * parameter) and what is wrong, no EOFException-style internals, and that the model and the input
 * images were not changed.
 */
class ModelIntegrityTest {

    @TempDir static Path tmp;
    static Path good;
    static Path other;
    static Path input;

    @BeforeAll
    static void models() throws Exception {
        good = TinyModels.save(tmp.resolve("good"), Backbone.RESNET18);
        other = TinyModels.save(tmp.resolve("other"), Backbone.RESNET34);
        input = tmp.resolve("in");
        OutputSafetyTest.image(input.resolve("cat.png"), "png", 1);
    }

    private static Path copy(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (Stream<Path> s = Files.list(good)) {
            for (Path f : s.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    private static Path params(Path dir) {
        return dir.resolve("sanet-0000.params");
    }

    /** Predicts with a model; asserts the refusal and that neither model nor input changed. */
    private static void refusedWith(Path model, String... parts) throws Exception {
        String modelBefore = OutputSafetyTest.hash(model);
        String inputBefore = OutputSafetyTest.hash(input);
        Path out = tmp.resolve("out-" + model.getFileName());
        Captured c =
                SanetCommandTest.run(
                        "predict",
                        "--model",
                        model.toString(),
                        "--input",
                        input.toString(),
                        "--output",
                        out.toString());
        assertEquals(SanetCommand.EXIT_USAGE, c.status, c.err);
        // One sanet line; a model without a manifest adds the log's note that it is unverified.
        List<String> lines =
                c.err.strip().lines().filter(l -> !l.contains("has no manifest.sha256")).toList();
        assertEquals(1, lines.size(), c.err);
        assertTrue(lines.get(0).startsWith("sanet: "), c.err);
        for (String p : parts) {
            assertTrue(lines.get(0).contains(p), "expected '" + p + "' in: " + c.err);
        }
        assertEquals(
                !Files.exists(model.resolve(Manifest.FILE)), c.err.contains("has no manifest"));
        for (String internal : new String[] {"internal error", "\tat "}) {
            assertFalse(c.err.contains(internal), c.err);
        }
        assertEquals(modelBefore, OutputSafetyTest.hash(model));
        assertEquals(inputBefore, OutputSafetyTest.hash(input));
        assertFalse(Files.exists(out.resolve("cat.png")), "no mask from a damaged model");
    }

    @Test
    void aSavedModelHasAManifestAndLoads() throws Exception {
        assertTrue(Files.isRegularFile(good.resolve(Manifest.FILE)));
        assertEquals(Manifest.Status.VERIFIED, Manifest.verify(good));
        Captured c =
                SanetCommandTest.run(
                        "predict",
                        "--model",
                        good.toString(),
                        "--input",
                        input.toString(),
                        "--output",
                        tmp.resolve("out-good").toString());
        assertEquals(0, c.status, c.err);
    }

    @Test
    void truncatedParams() throws Exception {
        Path m = copy("truncated");
        byte[] all = Files.readAllBytes(params(m));
        Files.write(params(m), Arrays.copyOf(all, all.length / 2));
        refusedWith(m, params(m) + " is damaged", "SHA-256");
    }

    @Test
    void bitFlippedParams() throws Exception {
        Path m = copy("flipped");
        byte[] all = Files.readAllBytes(params(m));
        all[all.length / 2] ^= 0x10;
        Files.write(params(m), all);
        refusedWith(m, params(m) + " is damaged");
    }

    @Test
    void garbageMetadata() throws Exception {
        Path m = copy("garbage");
        Files.write(m.resolve("sanet.json"), new byte[] {(byte) 0xC3, 0x28, '{', 'x'});
        refusedWith(m, m.resolve("sanet.json") + " is damaged");
        // Without the manifest (a model saved before checksums) the JSON check names it.
        Files.delete(m.resolve(Manifest.FILE));
        refusedWith(m, m.resolve("sanet.json") + " is not valid UTF-8 JSON");
    }

    @Test
    void truncatedParamsWithoutManifestStillNameTheFile() throws Exception {
        Path m = copy("legacy-truncated");
        Files.delete(m.resolve(Manifest.FILE));
        byte[] all = Files.readAllBytes(params(m));
        Files.write(params(m), Arrays.copyOf(all, all.length / 2));
        refusedWith(m, params(m) + " is damaged or does not match the architecture");
    }

    @Test
    void paramsOfAnotherBackbone() throws Exception {
        Path m = copy("mixed");
        Files.copy(params(other), params(m), StandardCopyOption.REPLACE_EXISTING);
        Files.delete(m.resolve(Manifest.FILE));
        refusedWith(m, params(m) + " is damaged or does not match the architecture");
    }

    @Test
    void nanParameters() throws Exception {
        Path m = copy("nan");
        try (SANetModel model = SANetModel.load(m)) {
            NDArray w = model.model().getBlock().getParameters().get(0).getValue().getArray();
            w.set(new NDIndex("0"), Float.NaN);
            model.model().save(m, "sanet");
        }
        // The manifest names the changed file; without it the values are checked.
        refusedWith(m, params(m) + " is damaged");
        Files.delete(m.resolve(Manifest.FILE));
        String first;
        try (SANetModel model = SANetModel.load(good)) {
            first = model.model().getBlock().getParameters().get(0).getKey();
        }
        refusedWith(m, params(m) + ": parameter " + first + " holds", "NaN");
    }

    @Test
    void aModelWithoutManifestLoadsWithANote() throws Exception {
        Path m = copy("legacy");
        Files.delete(m.resolve(Manifest.FILE));
        Captured c =
                SanetCommandTest.run(
                        "predict",
                        "--model",
                        m.toString(),
                        "--input",
                        input.toString(),
                        "--output",
                        tmp.resolve("out-legacy").toString());
        assertEquals(0, c.status, c.err);
        assertTrue(c.err.contains(m + " has no manifest.sha256"), c.err);
        assertTrue(Files.isRegularFile(tmp.resolve("out-legacy/cat.png")));
    }
}
