package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sanet.core.io.Npy;
import dev.sanet.core.io.WeightsFile;
import dev.sanet.core.nn.ResNetV1s;
import dev.sanet.core.nn.Stem;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sanet weights inspect} and {@code sanet weights compare-backbone}, on a small
 * torchvision-style backbone written here (sanet's stable names of a 7x7-stem ResNet18 are
 * torchvision's) with reference outputs computed on MXNet.
 */
class PretrainedCommandsTest {

    @TempDir static Path dir;

    @BeforeAll
    static void writeReference() throws Exception {
        Shape in = new Shape(1, 3, 40, 56);
        try (NDManager nd = NDManager.newBaseManager()) {
            ResNetV1s net = ResNetV1s.builder().depth(18).stem(Stem.STANDARD).width(8).build();
            net.initialize(nd, DataType.FLOAT32, in);
            WeightsFile.export(
                    net, dir.resolve(CompareBackboneCommand.WEIGHTS), Map.of("producer", "test"));
            Random r = new Random(4);
            float[] x = new float[(int) in.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            Npy.writeFloat32(dir.resolve("input.npy"), in, x);
            NDList out =
                    net.forward(new ParameterStore(nd, false), new NDList(nd.create(x, in)), false);
            for (int s = 0; s < 4; s++) {
                Npy.write(dir.resolve("layer" + (s + 1) + ".npy"), out.get(s));
            }
        }
    }

    @Test
    void inspectSaysWhichOptionsFitTheFile() {
        Captured c =
                SanetCommandTest.run(
                        "weights",
                        "inspect",
                        "--weights",
                        dir.resolve(CompareBackboneCommand.WEIGHTS).toString(),
                        "--json");
        assertEquals(0, c.status, c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertEquals("torchvision", o.get("format").getAsString());
        assertEquals(18, o.get("depth").getAsInt());
        assertEquals("standard", o.get("stem").getAsString());
        assertEquals(
                "--backbone resnet18 --stem standard --base-width 8",
                o.get("options").getAsString());
        Captured bad =
                SanetCommandTest.run(
                        "weights",
                        "inspect",
                        "--weights",
                        dir.resolve(CompareBackboneCommand.WEIGHTS).toString(),
                        "--format",
                        "gluon-cv");
        assertEquals(SanetCommand.EXIT_USAGE, bad.status);
        assertTrue(bad.err.contains("--format: unknown pretrained format 'gluon-cv'"), bad.err);
    }

    @Test
    void compareBackboneMeetsTheReferenceOnBothEngines() {
        Captured c =
                SanetCommandTest.run(
                        "weights",
                        "compare-backbone",
                        "--dir",
                        dir.toString(),
                        // Stage 4 reaches about 300 here, where one float32 ulp is 3e-5: 1e-4
                        // absolute is four ulps, which PyTorch's summation order (it depends on
                        // the threads and kernels a run picked) can exceed. 1e-3 is 3e-6 relative.
                        "--tolerance",
                        "1e-3",
                        "--json");
        assertEquals(0, c.status, c.out + c.err);
        JsonObject o = JsonParser.parseString(c.out).getAsJsonObject();
        assertTrue(o.get("pass").getAsBoolean());
        JsonObject d = o.getAsJsonObject("maxAbsDifference");
        for (String engine : new String[] {"MXNet", "PyTorch"}) {
            for (int s = 1; s <= 4; s++) {
                double ref = o.getAsJsonObject("maxAbsReference").get("layer" + s).getAsDouble();
                // Within 1e-5 of the stage's largest activation: float32 agreement.
                assertTrue(
                        d.getAsJsonObject(engine).get("layer" + s).getAsDouble() <= 1e-5 * ref,
                        c.out);
            }
        }
    }

    @Test
    void compareBackboneFailsAboveTheToleranceAndNamesMissingFiles(@TempDir Path other)
            throws Exception {
        for (String f :
                new String[] {
                    CompareBackboneCommand.WEIGHTS,
                    "input.npy",
                    "layer1.npy",
                    "layer2.npy",
                    "layer3.npy"
                }) {
            Files.copy(dir.resolve(f), other.resolve(f));
        }
        Captured missing =
                SanetCommandTest.run("weights", "compare-backbone", "--dir", other.toString());
        assertEquals(SanetCommand.EXIT_USAGE, missing.status);
        assertTrue(missing.err.contains("layer4.npy"), missing.err);
        assertTrue(missing.err.contains("scripts/torchvision_compare.py"), missing.err);
        Npy.Array l4 = Npy.read(dir.resolve("layer4.npy"));
        float[] v = l4.values().clone();
        v[7] += 0.5f;
        Npy.writeFloat32(other.resolve("layer4.npy"), l4.shape(), v);
        Captured off =
                SanetCommandTest.run(
                        "weights",
                        "compare-backbone",
                        "--dir",
                        other.toString(),
                        "--engines",
                        "mxnet");
        assertEquals(SanetCommand.EXIT_INTERNAL, off.status, off.err);
        assertTrue(off.out.contains("FAIL"), off.out);
    }

    @Test
    void aPretrainedMismatchGivesTheCommandsFlagsAndTheJavaCall() throws Exception {
        Path weights = dir.resolve(CompareBackboneCommand.WEIGHTS);
        Path out = dir.resolve("mismatch-run");
        Captured c =
                PretrainCommandTest.trainFrom(
                        weights,
                        dir.resolve("mismatch-voc"),
                        out,
                        "--backbone",
                        "resnet18",
                        "--stem",
                        "deep32",
                        "--base-width",
                        "8");
        assertEquals(SanetCommand.EXIT_USAGE, c.status, c.err);
        assertEquals(1, c.err.strip().lines().filter(l -> l.startsWith("sanet:")).count(), c.err);
        assertTrue(c.err.contains("--pretrained " + weights), c.err);
        assertTrue(
                c.err.contains("pass --backbone resnet18 --stem standard --base-width 8"), c.err);
        assertTrue(c.err.contains("ResNetV1s.builder().depth(18).stem(Stem.STANDARD)"), c.err);
        assertTrue(c.err.contains(".outputStride(8).build()"), c.err);
        // Stopped before the first epoch: no checkpoint, and the folder's claim was released.
        assertTrue(!Files.exists(out.resolve("checkpoints/epoch-0001")), c.err);
        assertTrue(!Files.exists(out.resolve(dev.sanet.core.io.OutputLock.FILE)));
    }
}
