package dev.sanet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsFileTest {

    private static final SANet TINY =
            SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(3).build();

    /** A tiny SANet initialised from an engine seed. */
    private static Block block(NDManager nd, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        Block b = TINY.newBlock();
        b.initialize(nd, DataType.FLOAT32, new Shape(1, 3, 64, 64));
        return b;
    }

    /**
     * Gives every batch norm random statistics, scale and shift: fresh ones are all 0 or 1 in every
     * network, so an import that skipped them would go unnoticed.
     */
    private static void randomizeBatchNorms(Block b, long seed) {
        Random r = new Random(seed);
        for (Parameter p : ParameterNames.of(b).values()) {
            if (ParameterNames.isBatchNorm(p)) {
                float[] v = new float[Math.toIntExact(p.getArray().size())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = 0.5f + r.nextFloat();
                }
                p.getArray().set(v);
            }
        }
    }

    private static float[][] forward(Block b, NDArray x) {
        NDList out = b.forward(new ParameterStore(x.getManager(), false), new NDList(x), false);
        float[][] r = new float[out.size()][];
        for (int i = 0; i < out.size(); i++) {
            r[i] = out.get(i).toFloatArray();
        }
        return r;
    }

    private static Map<String, float[]> snapshot(Block b) {
        Map<String, float[]> s = new LinkedHashMap<>();
        ParameterNames.of(b).forEach((k, p) -> s.put(k, p.getArray().toFloatArray()));
        return s;
    }

    @Test
    void exportThenImportGivesIdenticalOutputs(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tiny.safetensors");
        try (Model model = Model.newInstance("sanet");
                NDManager nd = NDManager.newBaseManager()) {
            model.setBlock(block(model.getNDManager(), 1));
            randomizeBatchNorms(model.getBlock(), 1);
            NDArray x = nd.randomNormal(new Shape(1, 3, 40, 56));
            float[][] want = forward(model.getBlock(), x);
            SANetModel source =
                    SANetModel.of(
                            TINY,
                            model,
                            List.of("bg", "cat", "dog"),
                            new int[] {0, 0x800000, 0x008000},
                            64,
                            64,
                            new JsonObject());
            WeightsFile.Report out = source.exportWeights(file);

            Block target = block(nd, 2);
            assertFalse(
                    java.util.Arrays.equals(want[1], forward(target, x)[1]),
                    "the target starts out different");
            Map<String, Parameter> params = ParameterNames.of(target);
            WeightsFile.Report in = WeightsFile.importInto(target, file);

            assertEquals(params.size(), out.tensors());
            assertEquals(params.size(), in.tensors());
            long values = params.values().stream().mapToLong(p -> p.getArray().size()).sum();
            assertEquals(values, out.parameters());
            assertEquals(values, in.parameters());
            assertEquals(List.of(), in.ignored());
            float[][] got = forward(target, x);
            assertEquals(want.length, got.length);
            for (int i = 0; i < want.length; i++) {
                assertArrayEquals(want[i], got[i], 0f, "output " + i);
            }
            try (Safetensors st = Safetensors.open(file)) {
                Map<String, String> meta = st.metadata();
                assertEquals("sanet-weights", meta.get("format"));
                assertEquals("1", meta.get("formatVersion"));
                assertEquals(
                        TINY,
                        SANet.fromJson(
                                JsonParser.parseString(meta.get("architecture"))
                                        .getAsJsonObject()));
                assertEquals("[\"bg\",\"cat\",\"dog\"]", meta.get("classes"));
                assertEquals(params.keySet(), st.tensors().keySet());
            }
        }
    }

    @Test
    void unknownMissingAndMisshapenTensorsAreNamedAndNothingIsCopied(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("source.safetensors");
        try (NDManager nd = NDManager.newBaseManager()) {
            Block source = block(nd, 1);
            WeightsFile.export(source, file, Map.of("format", "disguised", "note", "kept"));
            Map<String, float[]> values = new LinkedHashMap<>();
            Map<String, Shape> shapes = new LinkedHashMap<>();
            try (Safetensors st = Safetensors.open(file)) {
                assertEquals(
                        Map.of("format", "sanet-weights", "formatVersion", "1", "note", "kept"),
                        st.metadata());
                for (Safetensors.Tensor t : st.tensors().values()) {
                    values.put(t.name(), st.readFloats(t.name()));
                    shapes.put(t.name(), t.shape());
                }
            }
            Block target = block(nd, 2);
            Map<String, float[]> before = snapshot(target);

            Map<String, Shape> unknown = new LinkedHashMap<>(shapes);
            unknown.put("extra.weight", new Shape(2));
            Map<String, float[]> unknownValues = new LinkedHashMap<>(values);
            unknownValues.put("extra.weight", new float[2]);
            assertImportFails(
                    dir, target, "unknown", unknown, unknownValues, "'extra.weight'", "(2)");

            Map<String, Shape> missing = new LinkedHashMap<>(shapes);
            missing.remove("mask.bias");
            assertImportFails(dir, target, "missing", missing, values, "'mask.bias'", "(3)");

            Map<String, Shape> wrong = new LinkedHashMap<>(shapes);
            wrong.put("cat.weight", new Shape(3, 13));
            Map<String, float[]> wrongValues = new LinkedHashMap<>(values);
            wrongValues.put("cat.weight", new float[39]);
            assertImportFails(
                    dir, target, "wrong", wrong, wrongValues, "'cat.weight'", "(3, 13)", "(3, 12)");

            Map<String, float[]> after = snapshot(target);
            assertEquals(before.keySet(), after.keySet());
            for (String k : before.keySet()) {
                assertArrayEquals(before.get(k), after.get(k), k + " changed by a failed import");
            }
        }
    }

    private static void assertImportFails(
            Path dir,
            Block target,
            String name,
            Map<String, Shape> shapes,
            Map<String, float[]> values,
            String... expected)
            throws IOException {
        Path file = dir.resolve(name + ".safetensors");
        Safetensors.write(file, shapes, values::get, Map.of());
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> WeightsFile.importInto(target, file),
                        name);
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String s : expected) {
            assertTrue(e.getMessage().contains(s), name + ": " + e.getMessage());
        }
    }

    @Test
    void pytorchStyleFilesImportWithCountersIgnoredAndHalvesWidened(@TempDir Path dir)
            throws IOException {
        try (NDManager nd = NDManager.newBaseManager()) {
            SequentialBlock b =
                    new SequentialBlock()
                            .add(
                                    Conv2d.builder()
                                            .setFilters(2)
                                            .setKernelShape(new Shape(1, 1))
                                            .optBias(false)
                                            .build())
                            .add(BatchNorm.builder().build());
            b.initialize(nd, DataType.FLOAT32, new Shape(1, 1, 2, 2));
            // What safetensors.torch.save_file(nn.Sequential(conv, bn).half().state_dict()) holds.
            ByteBuffer data = ByteBuffer.allocate(2 * 2 * 5 + 8).order(ByteOrder.LITTLE_ENDIAN);
            int[][] halves = {
                {0x3C00, 0xC000}, // 0.weight: 1, -2
                {0x3800, 0x4000}, // 1.weight: 0.5, 2
                {0x0000, 0x3C00}, // 1.bias: 0, 1
                {0x4200, 0x4400}, // 1.running_mean: 3, 4
                {0x4500, 0x4600}, // 1.running_var: 5, 6
            };
            for (int[] t : halves) {
                data.putShort((short) t[0]).putShort((short) t[1]);
            }
            data.putLong(100);
            String header =
                    "{\"0.weight\":{\"dtype\":\"F16\",\"shape\":[2,1,1,1],\"data_offsets\":[0,4]},"
                            + "\"1.weight\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[4,8]},"
                            + "\"1.bias\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[8,12]},"
                            + "\"1.running_mean\":{\"dtype\":\"F16\",\"shape\":[2],"
                            + "\"data_offsets\":[12,16]},"
                            + "\"1.running_var\":{\"dtype\":\"F16\",\"shape\":[2],"
                            + "\"data_offsets\":[16,20]},"
                            + "\"1.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],"
                            + "\"data_offsets\":[20,28]}}";
            Path file = dir.resolve("torch.safetensors");
            SafetensorsTest.writeRaw(file, header, data.array());

            WeightsFile.Report r = WeightsFile.importInto(b, file);

            assertEquals(List.of("1.num_batches_tracked"), r.ignored());
            Map<String, Parameter> p = ParameterNames.of(b);
            assertArrayEquals(new float[] {1, -2}, p.get("0.weight").getArray().toFloatArray());
            assertArrayEquals(new float[] {0.5f, 2}, p.get("1.weight").getArray().toFloatArray());
            assertArrayEquals(new float[] {5, 6}, p.get("1.running_var").getArray().toFloatArray());
        }
    }

    @Test
    void anUninitialisedBlockIsRefused(@TempDir Path dir) {
        Block b = TINY.newBlock();
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () -> WeightsFile.export(b, dir.resolve("x.safetensors"), Map.of()));
        assertTrue(e.getMessage().contains("initialize"), e.getMessage());
    }
}
