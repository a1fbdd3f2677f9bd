package dev.sanet.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.initializer.ConstantInitializer;
import dev.sanet.core.Backbone;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ResNetV1sTest {

    @Test
    void gluonKeysCoverEveryParameterOnceWithGluonShapes() {
        ResNetV1s net = Backbone.RESNET50.newBackbone(64, 8);
        net.setInitializer(new ConstantInitializer(0f), p -> true);
        try (NDManager nd = NDManager.newBaseManager()) {
            net.initialize(nd, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Map<String, Parameter> g = net.gluonParameters();
            // 15 stem keys, 15 per bottleneck (16 blocks), 5 per projection shortcut (4 stages).
            assertEquals(15 + 16 * 15 + 4 * 5, g.size());
            Set<Parameter> mapped = new HashSet<>(g.values());
            Set<Parameter> all = new HashSet<>(net.getParameters().values());
            assertEquals(all, mapped);
            assertEquals(new Shape(64, 3, 3, 3), g.get("conv1.0.weight").getShape());
            assertEquals(new Shape(64), g.get("conv1.1.running_var").getShape());
            assertEquals(new Shape(128, 64, 3, 3), g.get("conv1.6.weight").getShape());
            assertEquals(new Shape(128), g.get("bn1.gamma").getShape());
            assertEquals(new Shape(64, 128, 1, 1), g.get("layer1.0.conv1.weight").getShape());
            assertEquals(
                    new Shape(256, 128, 1, 1), g.get("layer1.0.downsample.0.weight").getShape());
            assertEquals(new Shape(512, 512, 3, 3), g.get("layer4.2.conv2.weight").getShape());
            assertEquals(new Shape(2048), g.get("layer4.2.bn3.running_mean").getShape());
            assertTrue(g.keySet().stream().noneMatch(k -> k.startsWith("fc.")));
        }
    }

    @Test
    void onlyFirstBlocksOfChangingStagesProject() {
        ResNetV1s net = Backbone.RESNET101.newBackbone(8, 8);
        int[] blocks = Backbone.RESNET101.blocksPerStage();
        for (int s = 1; s <= 4; s++) {
            var children = net.stage(s).getChildren();
            assertEquals(blocks[s - 1], children.size());
            for (int i = 0; i < children.size(); i++) {
                ResidualBlock b = (ResidualBlock) children.get(i).getValue();
                assertEquals(i == 0, b.hasDownsample(), "stage " + s + " block " + i);
            }
        }
    }

    @Test
    void dilationsFollowTheOutputStride() {
        // docs/paper-reading.md section 2.1: the first block of a dilated stage keeps the smaller
        // dilation, as PyTorch-Encoding, GluonCV and torchvision do.
        ResNetV1s os8 = Backbone.RESNET50.newBackbone(8, 8);
        assertEquals("[1, 1, 1 | 1, 1, 1, 1 | 1, 2, 2, 2, 2, 2 | 2, 4, 4]", dilations(os8));
        ResNetV1s os16 = Backbone.RESNET50.newBackbone(8, 16);
        assertEquals("[1, 1, 1 | 1, 1, 1, 1 | 1, 1, 1, 1, 1, 1 | 1, 2, 2]", dilations(os16));
        assertEquals(
                new Shape(1, 128, 8, 8),
                os16.getOutputShapes(new Shape[] {new Shape(1, 3, 128, 128)})[2]);
    }

    static Stream<Arguments> depthsAndStrides() {
        List<Arguments> a = new ArrayList<>();
        for (Backbone b : Backbone.values()) {
            if (b.isEfficientNet()) {
                continue; // EfficientNetTest and EfficientNetTrainingTest cover those
            }
            a.add(Arguments.of(b, 8));
            a.add(Arguments.of(b, 16));
            a.add(Arguments.of(b, 32));
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} output stride {1}")
    @MethodSource("depthsAndStrides")
    void everyBlockHasTheStrideAndDilationOfTheRule(Backbone backbone, int outputStride) {
        ResNetV1s net = backbone.newBackbone(8, outputStride);
        int[] blocks = backbone.blocksPerStage();
        int[] stageStride = {1, 2, outputStride == 8 ? 1 : 2, outputStride == 32 ? 2 : 1};
        int[] firstDilation = {1, 1, 1, outputStride == 8 ? 2 : 1};
        int[] laterDilation = {
            1, 1, outputStride == 8 ? 2 : 1, outputStride == 8 ? 4 : outputStride == 16 ? 2 : 1
        };
        for (int s = 1; s <= 4; s++) {
            var children = net.stage(s).getChildren();
            assertEquals(blocks[s - 1], children.size());
            for (int i = 0; i < children.size(); i++) {
                Conv2d conv = strided(children.get(i).getValue(), backbone);
                String where = backbone + " OS" + outputStride + " stage " + s + " block " + i;
                assertEquals(i == 0 ? stageStride[s - 1] : 1, conv.getStride().get(0), where);
                assertEquals(
                        i == 0 ? firstDilation[s - 1] : laterDilation[s - 1],
                        conv.getDilation().get(0),
                        where);
                // "Same" padding for the dilation keeps the spatial size at stride 1.
                assertEquals(conv.getDilation().get(0), conv.getPadding().get(0), where);
            }
        }
        Shape[] out = net.getOutputShapes(new Shape[] {new Shape(1, 3, 64, 64)});
        assertEquals(64 / outputStride, out[3].get(2));
    }

    /** torchvision's parameter counts without the classifier ({@code fc}), 7x7 stem. */
    @ParameterizedTest(name = "ResNet{0}")
    @CsvSource({"18, 11176512", "34, 21284672", "50, 23508032", "101, 42500160", "152, 58143808"})
    void theStandardStemHasTorchvisionsParameterCounts(int depth, long params) {
        ResNetV1s net = ResNetV1s.builder().depth(depth).stem(Stem.STANDARD).build();
        assertEquals(params, count(net));
        // The same network with timm's resnet*d stem and shortcuts: 19,232 more for the deep
        // 32-32-64 stem (ResNet50d: 25,576,264 with its 2,049,000-parameter classifier).
        if (depth == 50) {
            ResNetV1s d = ResNetV1s.builder().depth(50).stem(Stem.DEEP_32).avgDown(true).build();
            assertEquals(23_527_264L, count(d));
        }
    }

    private static long count(ResNetV1s net) {
        net.setInitializer(new ConstantInitializer(0f), p -> true);
        try (NDManager nd = NDManager.newBaseManager()) {
            net.initialize(nd, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            return dev.sanet.core.Complexity.countParameters(net);
        }
    }

    @Test
    void variantsHaveTheirFamiliesNamesAndShapes() {
        ResNetV1s tv = ResNetV1s.builder().depth(50).stem(Stem.STANDARD).build();
        ResNetV1s d = ResNetV1s.builder().depth(50).stem(Stem.DEEP_32).avgDown(true).build();
        try (NDManager nd = NDManager.newBaseManager()) {
            for (ResNetV1s net : List.of(tv, d)) {
                net.setInitializer(new ConstantInitializer(0f), p -> true);
                net.initialize(nd, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            }
            Map<String, Parameter> a = dev.sanet.core.io.ParameterNames.of(tv);
            assertEquals(new Shape(64, 3, 7, 7), a.get("conv1.weight").getShape());
            assertEquals(new Shape(64), a.get("bn1.running_var").getShape());
            assertEquals(new Shape(64, 64, 1, 1), a.get("layer1.0.conv1.weight").getShape());
            assertEquals(
                    new Shape(256, 64, 1, 1), a.get("layer1.0.downsample.0.weight").getShape());
            assertEquals(new Shape(256), a.get("layer1.0.downsample.1.bias").getShape());
            // 1 + 4 stem entries, 15 per bottleneck (16 blocks), 5 per shortcut (4 stages): the
            // 265 tensors of torchvision's state_dict without fc.* and num_batches_tracked.
            assertEquals(5 + 16 * 15 + 4 * 5, a.size());

            Map<String, Parameter> b = dev.sanet.core.io.ParameterNames.of(d);
            assertEquals(new Shape(32, 3, 3, 3), b.get("conv1.0.weight").getShape());
            assertEquals(new Shape(32), b.get("conv1.4.running_mean").getShape());
            assertEquals(new Shape(64, 32, 3, 3), b.get("conv1.6.weight").getShape());
            assertEquals(new Shape(64), b.get("bn1.weight").getShape());
            // The pool sits at position 0 of every shortcut, stage 1's included (timm, GluonCV).
            assertEquals(
                    new Shape(256, 64, 1, 1), b.get("layer1.0.downsample.1.weight").getShape());
            assertEquals(
                    new Shape(1024, 512, 1, 1), b.get("layer3.0.downsample.1.weight").getShape());
            assertEquals(new Shape(2048), b.get("layer4.0.downsample.2.running_var").getShape());
            assertTrue(b.keySet().stream().noneMatch(k -> k.contains("downsample.0.")));
            // Same output shapes, odd sizes included, whatever the variant.
            Shape odd = new Shape(1, 3, 65, 97);
            ResNetV1s s = ResNetV1s.builder().depth(50).build();
            assertEquals(
                    java.util.Arrays.toString(s.getOutputShapes(new Shape[] {odd})),
                    java.util.Arrays.toString(d.getOutputShapes(new Shape[] {odd})));
            assertEquals(
                    java.util.Arrays.toString(s.getOutputShapes(new Shape[] {odd})),
                    java.util.Arrays.toString(tv.getOutputShapes(new Shape[] {odd})));
        }
    }

    @Test
    void theAverageShortcutPoolAveragesTheCellsInsideTheBorder() {
        try (NDManager nd = NDManager.newBaseManager()) {
            ShortcutPool pool = new ShortcutPool(2);
            pool.initialize(nd, DataType.FLOAT32, new Shape(1, 1, 3, 3));
            ai.djl.ndarray.NDArray x =
                    nd.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new Shape(1, 1, 3, 3));
            ai.djl.ndarray.NDArray y =
                    pool.forward(
                                    new ai.djl.training.ParameterStore(nd, false),
                                    new ai.djl.ndarray.NDList(x),
                                    false)
                            .singletonOrThrow();
            // Ceil mode: 2x2 cells; the border windows average only the cells they cover.
            assertArrayEquals(new float[] {3, 4.5f, 7.5f, 9}, y.toFloatArray(), 1e-6f);
            assertEquals(
                    new Shape(1, 1, 2, 2), pool.getOutputShapes(new Shape[] {x.getShape()})[0]);
            ShortcutPool identity = new ShortcutPool(1);
            identity.initialize(nd, DataType.FLOAT32, x.getShape());
            assertSame(
                    x,
                    identity.forward(
                                    new ai.djl.training.ParameterStore(nd, false),
                                    new ai.djl.ndarray.NDList(x),
                                    false)
                            .singletonOrThrow());
        }
    }

    @Test
    void theBuilderNamesBadValues() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ResNetV1s.builder().depth(42).build());
        assertEquals("depth must be one of 18, 34, 50, 101, 152, got 42", e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ResNetV1s.builder().stem(Stem.DEEP_32).width(9).build());
        assertEquals(
                "width must be even with the deep32 stem, which halves it, got 9", e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ResNetV1s.builder().outputStride(4).build());
        assertEquals("outputStride must be 8, 16 or 32, got 4", e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ResNetV1s.builder().blocks(true, 3, 4, 6).build());
        assertEquals("blocks must be four counts >= 1, got [3, 4, 6]", e.getMessage());
        ResNetV1s custom = ResNetV1s.builder().blocks(true, 2, 2, 2, 2).width(8).build();
        assertEquals(26, custom.layout().depth());
        assertFalse(custom.layout().standardDepth());
        assertEquals(
                "ResNetV1s.builder().blocks(true, 2, 2, 2, 2).stem(Stem.DEEP_64).avgDown(false)"
                        + ".width(8)",
                custom.layout().builderCall());
    }

    /** The dilation of each block's 3x3 convolution (a bottleneck's conv2), stage by stage. */
    private static String dilations(ResNetV1s net) {
        StringBuilder sb = new StringBuilder("[");
        for (int s = 1; s <= 4; s++) {
            if (s > 1) {
                sb.append(" | ");
            }
            var blocks = net.stage(s).getChildren();
            for (int i = 0; i < blocks.size(); i++) {
                Conv2d conv = (Conv2d) blocks.get(i).getValue().getChildren().get("03conv2");
                sb.append(i > 0 ? ", " : "").append(conv.getDilation().get(0));
            }
        }
        return sb.append("]").toString();
    }

    /**
     * The convolution that carries a block's stride and dilation: conv2 of a bottleneck, conv1
     * else.
     */
    private static Conv2d strided(Block block, Backbone backbone) {
        return (Conv2d) block.getChildren().get(backbone.bottleneck() ? "03conv2" : "01conv1");
    }
}
