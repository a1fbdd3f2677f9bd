package dev.sanet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.sanet.core.Backbone;
import dev.sanet.core.Engines;
import dev.sanet.core.SANet;
import dev.sanet.core.nn.GluonWeightsTest;
import dev.sanet.core.nn.PretrainedFormat;
import dev.sanet.core.nn.PretrainedWeights;
import dev.sanet.core.nn.ResNetV1s;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weights move between the engines: a safetensors export made on MXNet imports on PyTorch and
 * exports there to the same bytes, and GluonCV files import on PyTorch without MXNet's loader.
 */
class CrossEngineWeightsTest {

    private static final SANet TINY =
            SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(3).build();

    private static NDManager manager(String engine) {
        return NDManager.newBaseManager(Device.cpu(), Engines.get(engine).getEngineName());
    }

    @Test
    void safetensorsTravelFromMxnetToPytorchAndBack(@TempDir Path dir) throws IOException {
        Path fromMx = dir.resolve("mxnet.safetensors");
        Path fromPt = dir.resolve("pytorch.safetensors");
        try (NDManager mx = manager(Engines.MXNET);
                NDManager pt = manager(Engines.PYTORCH)) {
            Block a = TINY.newBlock();
            a.initialize(mx, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            WeightsFile.export(a, fromMx, Map.of("k", "v"));

            Block b = TINY.newBlock();
            b.initialize(pt, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            assertEquals(
                    Engines.PYTORCH,
                    b.getParameters()
                            .valueAt(0)
                            .getArray()
                            .getManager()
                            .getEngine()
                            .getEngineName());
            WeightsFile.importInto(b, fromMx);
            Map<String, Parameter> pa = ParameterNames.of(a);
            for (Map.Entry<String, Parameter> e : ParameterNames.of(b).entrySet()) {
                assertArrayEquals(
                        pa.get(e.getKey()).getArray().toFloatArray(),
                        e.getValue().getArray().toFloatArray(),
                        e.getKey());
            }
            WeightsFile.export(b, fromPt, Map.of("k", "v"));
        }
        assertArrayEquals(Files.readAllBytes(fromMx), Files.readAllBytes(fromPt));
    }

    @Test
    void gluonWeightsImportOnPytorch(@TempDir Path dir) throws IOException {
        try (NDManager pt = manager(Engines.PYTORCH)) {
            ResNetV1s net = Backbone.RESNET18.newBackbone(8, 8);
            net.initialize(pt, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Map<String, float[]> values = new LinkedHashMap<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            Random r = new Random(3);
            for (Map.Entry<String, Parameter> e : net.gluonParameters().entrySet()) {
                Shape s = e.getValue().getArray().getShape();
                float[] v = new float[Math.toIntExact(s.size())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = r.nextFloat();
                }
                values.put(e.getKey(), v);
                shapes.put(e.getKey(), s.getShape());
            }
            Path file = dir.resolve("resnet18_v1s.params");
            GluonWeightsTest.writeMxnetParams(file, values, shapes);

            PretrainedWeights.Report report = PretrainedWeights.load(net, file, null);

            assertEquals(PretrainedFormat.GLUONCV, report.format());
            assertEquals(values.size(), report.tensors());
            for (Map.Entry<String, Parameter> e : net.gluonParameters().entrySet()) {
                assertArrayEquals(
                        values.get(e.getKey()), e.getValue().getArray().toFloatArray(), e.getKey());
            }
        }
    }
}
