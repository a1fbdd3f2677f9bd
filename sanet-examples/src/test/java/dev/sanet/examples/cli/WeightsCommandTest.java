package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.io.ParameterNames;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sanet weights export} and {@code sanet weights import}. */
class WeightsCommandTest {

    @TempDir static Path tmp;

    /** Two 3-class models with different random weights, and a 4-class one. */
    static Path source;

    static Path target;
    static Path fourClasses;

    @BeforeAll
    static void makeModels() throws Exception {
        source = tinyModel("source", 3, 1);
        target = tinyModel("target", 3, 2);
        fourClasses = tinyModel("four", 4, 3);
    }

    private static Path tinyModel(String name, int classes, int seed) throws Exception {
        SANet def =
                SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(classes).build();
        Path dir = tmp.resolve(name);
        Engine.getInstance().setRandomSeed(seed);
        Model model = Model.newInstance("sanet");
        model.setBlock(def.newBlock());
        model.getBlock()
                .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
        List<String> names = new java.util.ArrayList<>();
        int[] colors = new int[classes];
        for (int k = 0; k < classes; k++) {
            names.add("class" + k);
            colors[k] = 0x102030 * k;
        }
        JsonObject training = new JsonObject();
        training.addProperty("seed", seed);
        try (SANetModel m = SANetModel.of(def, model, names, colors, 64, 64, training)) {
            m.save(dir);
        }
        return dir;
    }

    /** The dense output of a saved model on a fixed input. */
    private static float[] dense(Path modelDir) throws Exception {
        try (SANetModel m = SANetModel.load(modelDir);
                NDManager nd = m.model().getNDManager().newSubManager()) {
            Engine.getInstance().setRandomSeed(5);
            NDList out =
                    m.model()
                            .getBlock()
                            .forward(
                                    new ParameterStore(nd, false),
                                    new NDList(nd.randomNormal(new Shape(1, 3, 40, 48))),
                                    false);
            return out.get(1).toFloatArray();
        }
    }

    @Test
    void exportThenImportReproducesTheSourceInANewModelFolder() throws Exception {
        Path file = tmp.resolve("w/source.safetensors");
        Captured e =
                SanetCommandTest.run(
                        "weights",
                        "export",
                        "--model",
                        source.toString(),
                        "--out",
                        file.toString(),
                        "--json");
        assertEquals(0, e.status, e.err);
        JsonObject o = JsonParser.parseString(e.out).getAsJsonObject();
        int tensors;
        long values;
        try (SANetModel m = SANetModel.load(source)) {
            var params = ParameterNames.of(m.model().getBlock());
            tensors = params.size();
            values = params.values().stream().mapToLong(p -> p.getArray().size()).sum();
        }
        assertEquals(tensors, o.get("tensors").getAsInt());
        assertEquals(values, o.get("parameters").getAsLong());
        assertEquals(file.toString(), o.get("file").getAsString());
        assertTrue(Files.isRegularFile(file));

        Path out = tmp.resolve("imported");
        Captured i =
                SanetCommandTest.run(
                        "weights",
                        "import",
                        "--model",
                        target.toString(),
                        "--weights",
                        file.toString(),
                        "--out",
                        out.toString());
        assertEquals(0, i.status, i.err);
        assertTrue(i.out.startsWith("imported " + tensors + " tensors"), i.out);
        float[] want = dense(source);
        assertFalse(java.util.Arrays.equals(want, dense(target)), "the models differ at first");
        assertArrayEquals(want, dense(out), 0f);
        // The new folder carries the target's metadata unchanged.
        assertEquals(
                Files.readString(target.resolve("sanet.json")),
                Files.readString(out.resolve("sanet.json")));
        assertEquals(List.of(), hiddenLeftovers());

        // An empty --out folder is fine, and --json reports the new folder.
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Captured j =
                SanetCommandTest.run(
                        "weights",
                        "import",
                        "--model",
                        target.toString(),
                        "--weights",
                        file.toString(),
                        "--out",
                        empty.toString(),
                        "--json");
        assertEquals(0, j.status, j.err);
        JsonObject jo = JsonParser.parseString(j.out).getAsJsonObject();
        assertEquals(
                empty.toAbsolutePath().normalize().toString(), jo.get("modelDir").getAsString());
        assertEquals(tensors, jo.get("tensors").getAsInt());
        assertTrue(Files.isRegularFile(empty.resolve("sanet-0000.params")));
    }

    @Test
    void wrongShapesExitTwoNamingTheTensorAndLeaveNothingBehind() throws Exception {
        Path file = tmp.resolve("four.safetensors");
        assertEquals(
                0,
                SanetCommandTest.run(
                                "weights",
                                "export",
                                "--model",
                                fourClasses.toString(),
                                "--out",
                                file.toString())
                        .status);
        Path out = tmp.resolve("never");
        Captured c =
                SanetCommandTest.run(
                        "weights",
                        "import",
                        "--model",
                        target.toString(),
                        "--weights",
                        file.toString(),
                        "--out",
                        out.toString());
        assertEquals(SanetCommand.EXIT_USAGE, c.status, c.err);
        assertEquals(1, c.err.strip().lines().count(), c.err);
        assertTrue(c.err.contains("dense.classifier.weight"), c.err);
        assertTrue(c.err.contains("(4, 16, 1, 1)") && c.err.contains("(3, 16, 1, 1)"), c.err);
        assertTrue(c.err.contains(file.toString()), c.err);
        assertFalse(Files.exists(out));
        assertEquals(List.of(), hiddenLeftovers());
    }

    @Test
    void userMistakesExitTwoWithOneLineNamingThePath() throws Exception {
        Path missing = tmp.resolve("missing.safetensors");
        Captured c =
                SanetCommandTest.run(
                        "weights",
                        "import",
                        "--model",
                        target.toString(),
                        "--weights",
                        missing.toString(),
                        "--out",
                        tmp.resolve("x").toString());
        assertUserMistake(c, missing.toString());

        Path damaged = Files.writeString(tmp.resolve("damaged.safetensors"), "not safetensors");
        c =
                SanetCommandTest.run(
                        "weights",
                        "import",
                        "--model",
                        target.toString(),
                        "--weights",
                        damaged.toString(),
                        "--out",
                        tmp.resolve("y").toString());
        assertUserMistake(c, damaged.toString());
        assertFalse(Files.exists(tmp.resolve("y")));

        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "mine");
        c =
                SanetCommandTest.run(
                        "weights",
                        "import",
                        "--model",
                        target.toString(),
                        "--weights",
                        damaged.toString(),
                        "--out",
                        full.toString());
        assertUserMistake(c, full.toString());
        assertEquals("mine", Files.readString(full.resolve("keep.txt")));

        Path noModel = tmp.resolve("no-model");
        c =
                SanetCommandTest.run(
                        "weights",
                        "export",
                        "--model",
                        noModel.toString(),
                        "--out",
                        tmp.resolve("z.safetensors").toString());
        assertUserMistake(c, noModel.toString());
        assertEquals(List.of(), hiddenLeftovers());
    }

    private static void assertUserMistake(Captured c, String named) {
        assertEquals(SanetCommand.EXIT_USAGE, c.status, c.err);
        assertEquals(1, c.err.strip().lines().count(), c.err);
        assertTrue(c.err.contains(named), c.err);
    }

    /** Temporary files or folders that a command forgot. */
    private static List<Path> hiddenLeftovers() throws Exception {
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
