package dev.sanet.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import dev.sanet.core.io.ParameterNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PretrainedWeights}: for each family a file with that family's names and shapes is written
 * here (seeded values), imported into the matching backbone, and every tensor is found, value for
 * value, in the parameter it belongs to; a missing and a wrongly shaped tensor are named.
 */
class PretrainedWeightsTest {

    private static final int WIDTH = 8;

    /** One family's file and the backbone it fits. */
    record Case(
            String name,
            PretrainedFormat format,
            PretrainedFiles.Style style,
            int depth,
            Stem stem,
            boolean avgDown,
            boolean mxnet) {

        @Override
        public String toString() {
            return name;
        }

        PretrainedFiles.Weights weights(long seed) {
            return PretrainedFiles.resnet(
                    style,
                    ResNetLayout.blocksOf(depth).stream().mapToInt(i -> i).toArray(),
                    depth >= 50,
                    stem.firstChannels(WIDTH),
                    stem.outChannels(WIDTH),
                    WIDTH,
                    avgDown,
                    10,
                    seed);
        }

        Path write(Path dir, PretrainedFiles.Weights w) throws IOException {
            Path file = dir.resolve(name + (mxnet ? ".params" : ".safetensors"));
            if (mxnet) {
                PretrainedFiles.writeParams(file, w);
            } else {
                PretrainedFiles.writeSafetensors(file, w);
            }
            return file;
        }

        ResNetV1s backbone(NDManager nd) {
            ResNetV1s net =
                    ResNetV1s.builder()
                            .depth(depth)
                            .stem(stem)
                            .avgDown(avgDown)
                            .width(WIDTH)
                            .outputStride(8)
                            .build();
            net.setInitializer(new ConstantInitializer(0f), p -> true);
            net.initialize(nd, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            return net;
        }

        /**
         * The stable name a family's tensor belongs to, by the family's documented conventions:
         * Gluon's gamma/beta are weight/bias, mmcv's stem.0..7 are conv1.0..6 and bn1, and mmdet's
         * stride-1 average-pool shortcuts lack the pool (conv at 0, not 1).
         */
        String stableName(String key) {
            String k = key;
            if (style.gluonBatchNorm()) {
                k = k.replaceAll("\\.gamma$", ".weight").replaceAll("\\.beta$", ".bias");
            }
            if (style.stem().equals("mmcv")) {
                k = k.replaceAll("^stem\\.7\\.", "bn1.").replaceAll("^stem\\.", "conv1.");
            }
            if (avgDown && !style.poolAtStrideOne() && k.startsWith("layer1.0.downsample.")) {
                k =
                        k.replace("downsample.1.", "downsample.2.")
                                .replace("downsample.0.", "downsample.1.");
            }
            return k;
        }
    }

    static Stream<Case> families() {
        return Stream.of(
                new Case(
                        "torchvision resnet18",
                        PretrainedFormat.TORCHVISION,
                        PretrainedFiles.TORCHVISION,
                        18,
                        Stem.STANDARD,
                        false,
                        false),
                new Case(
                        "torchvision resnet50",
                        PretrainedFormat.TORCHVISION,
                        PretrainedFiles.TORCHVISION,
                        50,
                        Stem.STANDARD,
                        false,
                        false),
                new Case(
                        "timm resnet50d",
                        PretrainedFormat.TIMM,
                        PretrainedFiles.TIMM,
                        50,
                        Stem.DEEP_32,
                        true,
                        false),
                new Case(
                        "timm resnet34d",
                        PretrainedFormat.TIMM,
                        PretrainedFiles.TIMM,
                        34,
                        Stem.DEEP_32,
                        true,
                        false),
                new Case(
                        "mmcv resnet50_v1c",
                        PretrainedFormat.MMCV,
                        PretrainedFiles.MMSEG,
                        50,
                        Stem.DEEP_32,
                        false,
                        false),
                new Case(
                        "mmdet resnet50_v1d",
                        PretrainedFormat.MMCV,
                        PretrainedFiles.MMDET,
                        50,
                        Stem.DEEP_32,
                        true,
                        false),
                new Case(
                        "encoding resnet50s",
                        PretrainedFormat.ENCODING,
                        PretrainedFiles.ENCODING,
                        50,
                        Stem.DEEP_64,
                        false,
                        false),
                new Case(
                        "gluoncv resnet50_v1s",
                        PretrainedFormat.GLUONCV,
                        PretrainedFiles.GLUON,
                        50,
                        Stem.DEEP_64,
                        false,
                        true),
                new Case(
                        "gluoncv resnet50_v1e",
                        PretrainedFormat.GLUONCV,
                        PretrainedFiles.GLUON,
                        50,
                        Stem.DEEP_64,
                        true,
                        true),
                new Case(
                        "gluoncv resnet18_v1b",
                        PretrainedFormat.GLUONCV,
                        PretrainedFiles.GLUON_V1B,
                        18,
                        Stem.STANDARD,
                        false,
                        true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void everyTensorLandsInItsParameter(Case c, @TempDir Path dir) throws IOException {
        PretrainedFiles.Weights w = c.weights(11);
        Path file = c.write(dir, w);
        try (NDManager nd = NDManager.newBaseManager()) {
            ResNetV1s net = c.backbone(nd);
            Map<String, Parameter> params = ParameterNames.of(net);

            PretrainedWeights.Report r = PretrainedWeights.load(net, file, c.format());

            Set<String> landed = new HashSet<>();
            for (Map.Entry<String, float[]> e : w.values.entrySet()) {
                if (e.getKey().startsWith("fc.")) {
                    continue;
                }
                String name = c.stableName(e.getKey());
                Parameter p = params.get(name);
                assertTrue(p != null, c + ": " + e.getKey() + " -> " + name + " is no parameter");
                assertArrayEquals(e.getValue(), p.getArray().toFloatArray(), c + " " + e.getKey());
                assertTrue(landed.add(name), c + ": two tensors on " + name);
            }
            assertEquals(params.keySet(), landed, c + ": parameters without a tensor");
            assertEquals(params.size(), r.tensors());
            assertEquals(c.format(), r.format());
            assertFalse(r.detected());
            assertEquals(net.layout(), r.layout());
            List<String> skipped = new ArrayList<>(List.of("fc.weight", "fc.bias"));
            skipped.addAll(w.counters.keySet());
            assertEquals(Set.copyOf(skipped), Set.copyOf(r.ignored()), c.toString());
            assertTrue(r.summary().contains(file.toString()), r.summary());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void theFormatAndTheVariantAreRecognisedFromTheNames(Case c, @TempDir Path dir)
            throws IOException {
        Path file = c.write(dir, c.weights(5));
        PretrainedWeights.Report r = PretrainedWeights.inspect(file, null);
        assertTrue(r.detected());
        // timm's names are PyTorch-Encoding's, so an Encoding file reads as timm's.
        PretrainedFormat expected =
                c.format() == PretrainedFormat.ENCODING ? PretrainedFormat.TIMM : c.format();
        assertEquals(expected, r.format(), c.toString());
        assertEquals(
                ResNetLayout.of(c.depth(), c.stem(), WIDTH, c.avgDown()), r.layout(), c.toString());
        // The layout builds the backbone that takes the file.
        try (NDManager nd = NDManager.newBaseManager()) {
            ResNetV1s net = ResNetV1s.builder().layout(r.layout()).outputStride(16).build();
            net.initialize(nd, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            assertEquals(r.tensors(), PretrainedWeights.load(net, file, null).tensors());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void aMissingTensorIsNamedAndNothingIsCopied(Case c, @TempDir Path dir) throws IOException {
        PretrainedFiles.Weights w = c.weights(3);
        w.remove("layer2.0.bn2.running_var");
        Path file = c.write(dir, w);
        try (NDManager nd = NDManager.newBaseManager()) {
            ResNetV1s net = c.backbone(nd);
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> PretrainedWeights.load(net, file, c.format()));
            assertTrue(e.getMessage().contains("layer2.0.bn2.running_var"), e.getMessage());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertUntouched(net);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void aWronglyShapedTensorIsNamedWithBothShapes(Case c, @TempDir Path dir) throws IOException {
        PretrainedFiles.Weights w = c.weights(3);
        int planes = 4 * WIDTH;
        w.reshape("layer3.1.conv2.weight", planes, planes, 1, 1);
        Path file = c.write(dir, w);
        try (NDManager nd = NDManager.newBaseManager()) {
            ResNetV1s net = c.backbone(nd);
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> PretrainedWeights.load(net, file, c.format()));
            String m = e.getMessage();
            assertTrue(m.contains("layer3.1.conv2.weight"), m);
            assertTrue(m.contains("(32, 32, 1, 1)") && m.contains("(32, 32, 3, 3)"), m);
            assertTrue(m.contains(file.toString()), m);
            assertUntouched(net);
        }
    }

    /** The files are read in Java, so the PyTorch engine imports them as MXNet does. */
    @Test
    void importsOnPytorch(@TempDir Path dir) throws IOException {
        for (Case c : families().filter(c -> c.depth() == 18).toList()) {
            PretrainedFiles.Weights w = c.weights(17);
            Path file = c.write(dir, w);
            try (NDManager nd =
                    NDManager.newBaseManager(ai.djl.Device.cpu(), dev.sanet.core.Engines.PYTORCH)) {
                ResNetV1s net = c.backbone(nd);
                assertEquals(
                        "PyTorch",
                        net.getParameters()
                                .get(0)
                                .getValue()
                                .getArray()
                                .getManager()
                                .getEngine()
                                .getEngineName());
                PretrainedWeights.load(net, file, null);
                Map<String, Parameter> params = ParameterNames.of(net);
                for (Map.Entry<String, float[]> e : w.values.entrySet()) {
                    if (!e.getKey().startsWith("fc.")) {
                        assertArrayEquals(
                                e.getValue(),
                                params.get(c.stableName(e.getKey())).getArray().toFloatArray(),
                                c + " " + e.getKey());
                    }
                }
            }
        }
    }

    @Test
    void aTorchvisionFileIntoTheDeepStemSaysWhichBackboneFits(@TempDir Path dir)
            throws IOException {
        Case tv = families().findFirst().orElseThrow();
        Path file = tv.write(dir, tv.weights(1));
        try (NDManager nd = NDManager.newBaseManager()) {
            ResNetV1s deep = ResNetV1s.builder().depth(18).width(WIDTH).build();
            deep.setInitializer(new ConstantInitializer(0f), p -> true);
            deep.initialize(nd, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> PretrainedWeights.load(deep, file, null));
            String m = e.getMessage();
            assertTrue(m.contains("the standard 7x7 stem (3->8)"), m);
            assertTrue(m.contains("the deep 8-8-16 stem"), m);
            assertTrue(
                    m.contains(
                            "ResNetV1s.builder().depth(18).stem(Stem.STANDARD).avgDown(false)"
                                    + ".width(8).outputStride(8).build()"),
                    m);
            assertUntouched(deep);
        }
    }

    @Test
    void avgDownWidthAndDepthAreChecked(@TempDir Path dir) throws IOException {
        Case timm = families().filter(c -> c.name().equals("timm resnet50d")).findFirst().get();
        Path file = timm.write(dir, timm.weights(1));
        try (NDManager nd = NDManager.newBaseManager()) {
            for (ResNetV1s.Builder other :
                    List.of(
                            ResNetV1s.builder().depth(50).stem(Stem.DEEP_32).width(WIDTH),
                            ResNetV1s.builder()
                                    .depth(50)
                                    .stem(Stem.DEEP_32)
                                    .avgDown(true)
                                    .width(16),
                            ResNetV1s.builder()
                                    .depth(101)
                                    .stem(Stem.DEEP_32)
                                    .avgDown(true)
                                    .width(8))) {
                ResNetV1s net = other.build();
                net.initialize(nd, DataType.FLOAT32, new Shape(1, 3, 32, 32));
                IllegalArgumentException e =
                        assertThrows(
                                IllegalArgumentException.class,
                                () -> PretrainedWeights.load(net, file, PretrainedFormat.TIMM));
                String m = e.getMessage();
                assertTrue(
                        m.contains(
                                "hold a ResNet50 (3, 4, 6, 3 bottleneck blocks) with the deep 4-4-8"
                                        + " stem, base width 8 and average-pool projection"
                                        + " shortcuts (avg_down)"),
                        m);
                assertTrue(m.contains(".stem(Stem.DEEP_32).avgDown(true).width(8)"), m);
            }
        }
    }

    @Test
    void aFormatThatDoesNotFitTheNamesIsRefused(@TempDir Path dir) throws IOException {
        Case encoding =
                families().filter(c -> c.format() == PretrainedFormat.ENCODING).findFirst().get();
        Path file = encoding.write(dir, encoding.weights(1));
        for (PretrainedFormat f :
                List.of(
                        PretrainedFormat.TORCHVISION,
                        PretrainedFormat.MMCV,
                        PretrainedFormat.GLUONCV)) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> PretrainedWeights.inspect(file, f));
            assertTrue(
                    e.getMessage().contains("do not have " + f.cliName() + " names"),
                    e.getMessage());
        }
        Case gluon = families().filter(c -> c.mxnet()).findFirst().get();
        Path params = gluon.write(dir, gluon.weights(1));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> PretrainedWeights.inspect(params, PretrainedFormat.TIMM));
        assertTrue(e.getMessage().contains("choose the gluoncv format"), e.getMessage());
    }

    @Test
    void anUnknownTensorIsNamedAndAWrapperPrefixIsDropped(@TempDir Path dir) throws IOException {
        Case tv = families().findFirst().orElseThrow();
        PretrainedFiles.Weights w = tv.weights(2).prefixed("module.");
        Path wrapped = dir.resolve("wrapped.safetensors");
        PretrainedFiles.writeSafetensors(wrapped, w);
        PretrainedFiles.Weights extra = tv.weights(2);
        extra.reshape("decode_head.conv.weight", 3, 3, 1, 1);
        Path withHead = dir.resolve("head.safetensors");
        PretrainedFiles.writeSafetensors(withHead, extra);
        try (NDManager nd = NDManager.newBaseManager()) {
            ResNetV1s net = tv.backbone(nd);
            PretrainedWeights.Report r = PretrainedWeights.load(net, wrapped, null);
            assertEquals(PretrainedFormat.TORCHVISION, r.format());
            assertTrue(r.ignored().contains("module.fc.weight"), r.ignored().toString());
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> PretrainedWeights.load(net, withHead, null));
            assertTrue(e.getMessage().contains("'decode_head.conv.weight'"), e.getMessage());
            assertTrue(e.getMessage().contains("matches no parameter"), e.getMessage());
        }
    }

    @Test
    void filesThatAreNotWeightsAreRefusedWithTheFix(@TempDir Path dir) throws IOException {
        Path pth = dir.resolve("resnet50.pth");
        Files.write(pth, new byte[] {0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0});
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> PretrainedWeights.inspect(pth, null));
        assertTrue(e.getMessage().contains("safetensors.torch.save_file"), e.getMessage());
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not weights at all");
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> PretrainedWeights.inspect(text, null));
        assertTrue(e.getMessage().contains("neither safetensors nor"), e.getMessage());
        Path none = dir.resolve("none.safetensors");
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> PretrainedWeights.inspect(none, null));
        assertTrue(e.getMessage().contains(none.toString()), e.getMessage());
    }

    @Test
    void tieredStemsAreNamedAsUnsupported(@TempDir Path dir) throws IOException {
        Case timm = families().filter(c -> c.name().equals("timm resnet50d")).findFirst().get();
        PretrainedFiles.Weights w = timm.weights(1);
        w.reshape("conv1.0.weight", 3, 3, 3, 3); // timm's resnet*t: 24-32-64 at width 64
        Path file = timm.write(dir, w);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> PretrainedWeights.inspect(file, null));
        assertTrue(e.getMessage().contains("conv1.0.weight (3, 3, 3, 3)"), e.getMessage());
        assertTrue(e.getMessage().contains("tiered"), e.getMessage());
    }

    /** The backbone still holds its constant-zero initial values. */
    private static void assertUntouched(ResNetV1s net) {
        for (Map.Entry<String, Parameter> e : ParameterNames.of(net).entrySet()) {
            for (float v : e.getValue().getArray().toFloatArray()) {
                assertEquals(0f, v, e.getKey());
            }
        }
    }
}
