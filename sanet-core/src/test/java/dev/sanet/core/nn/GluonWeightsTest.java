package dev.sanet.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import dev.sanet.core.Backbone;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests {@link GluonWeights}; its MXNet-format writer is shared with the trainer test. */
@SuppressWarnings("deprecation") // the deprecated reader stays tested until it is removed
public class GluonWeightsTest {

    /** A small backbone whose parameters start at 0, so that loaded values are visible. */
    private static ResNetV1s initialized(NDManager nd) {
        ResNetV1s net = Backbone.RESNET18.newBackbone(8, 8);
        net.setInitializer(new ConstantInitializer(0f), p -> true);
        net.initialize(nd, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        return net;
    }

    @Test
    void loadsEveryBackboneKeyAndIgnoresTheClassifier(@TempDir Path dir) throws IOException {
        try (NDManager nd = NDManager.newBaseManager()) {
            ResNetV1s net = initialized(nd);
            Map<String, float[]> values = new LinkedHashMap<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            Random rnd = new Random(7);
            for (Map.Entry<String, Parameter> e : net.gluonParameters().entrySet()) {
                Shape s = e.getValue().getArray().getShape();
                float[] v = new float[Math.toIntExact(s.size())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = rnd.nextFloat() - 0.5f;
                }
                values.put(e.getKey(), v);
                shapes.put(e.getKey(), s.getShape());
            }
            values.put("fc.weight", new float[] {1, 2, 3, 4, 5, 6});
            shapes.put("fc.weight", new long[] {2, 3});
            Path file = dir.resolve("resnet18_v1s.params");
            writeMxnetParams(file, values, shapes);

            GluonWeights.Report r = GluonWeights.load(net, file, nd);

            assertEquals(net.gluonParameters().size(), r.loaded());
            assertEquals(java.util.List.of("fc.weight"), r.ignored());
            for (Map.Entry<String, Parameter> e : net.gluonParameters().entrySet()) {
                assertArrayEquals(
                        values.get(e.getKey()), e.getValue().getArray().toFloatArray(), e.getKey());
            }
        }
    }

    @Test
    void aShapeMismatchNamesTheKeyAndBothShapes(@TempDir Path dir) throws IOException {
        try (NDManager nd = NDManager.newBaseManager()) {
            ResNetV1s net = initialized(nd);
            Map<String, float[]> values = new LinkedHashMap<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : net.gluonParameters().entrySet()) {
                long[] s = e.getValue().getArray().getShape().getShape().clone();
                if (e.getKey().equals("conv1.0.weight")) {
                    s[0] = 2 * s[0];
                }
                values.put(e.getKey(), new float[Math.toIntExact(new Shape(s).size())]);
                shapes.put(e.getKey(), s);
            }
            Path file = dir.resolve("wide.params");
            writeMxnetParams(file, values, shapes);
            IllegalArgumentException ex =
                    assertThrows(
                            IllegalArgumentException.class, () -> GluonWeights.load(net, file, nd));
            assertTrue(ex.getMessage().contains("conv1.0.weight"), ex.getMessage());
            assertTrue(ex.getMessage().contains("(16, 3, 3, 3)"), ex.getMessage());
            // Nothing was copied before the check failed.
            assertEquals(0f, net.gluonParameters().get("bn1.gamma").getArray().getFloat(0));
        }
    }

    @Test
    void missingKeysAndMissingFilesAreNamed(@TempDir Path dir) throws IOException {
        try (NDManager nd = NDManager.newBaseManager()) {
            ResNetV1s net = initialized(nd);
            Path file = dir.resolve("classifier-only.params");
            writeMxnetParams(
                    file, Map.of("fc.bias", new float[] {1, 2}), Map.of("fc.bias", new long[] {2}));
            IllegalArgumentException ex =
                    assertThrows(
                            IllegalArgumentException.class, () -> GluonWeights.load(net, file, nd));
            assertTrue(ex.getMessage().contains("conv1.0.weight"), ex.getMessage());
            Path none = dir.resolve("none.params");
            IllegalArgumentException ex2 =
                    assertThrows(
                            IllegalArgumentException.class, () -> GluonWeights.load(net, none, nd));
            assertTrue(ex2.getMessage().contains(none.toString()), ex2.getMessage());
        }
    }

    /**
     * Writes MXNet's NDArray list format (what Gluon's {@code save_parameters} produces): list
     * magic 0x112, a reserved word, the arrays (V2 magic, dense storage, shape, CPU context,
     * float32, data), then the names; all little-endian.
     */
    public static void writeMxnetParams(
            Path file, Map<String, float[]> values, Map<String, long[]> shapes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(le(16).putLong(0x112).putLong(0).array());
        out.write(le(8).putLong(values.size()).array());
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            long[] shape = shapes.get(e.getKey());
            ByteBuffer b = le(4 + 4 + 4 + 8 * shape.length + 4 + 4 + 4 + 4 * e.getValue().length);
            b.putInt(0xF993fac9).putInt(0).putInt(shape.length);
            for (long d : shape) {
                b.putLong(d);
            }
            b.putInt(1).putInt(0).putInt(0);
            for (float f : e.getValue()) {
                b.putFloat(f);
            }
            out.write(b.array());
        }
        out.write(le(8).putLong(values.size()).array());
        for (String name : values.keySet()) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            out.write(le(8).putLong(bytes.length).array());
            out.write(bytes);
        }
        Files.write(file, out.toByteArray());
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
