package dev.sanet.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.sanet.core.nn.Pooling;
import dev.sanet.core.nn.SegmentationBackbone;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Output shapes, names and gradients of whole networks, on narrow widths to stay fast on CPU. */
class SANetBlockTest {
    private static final int K = 3;

    @BeforeAll
    static void seed() {
        Engine.getInstance().setRandomSeed(1234);
    }

    static Stream<Arguments> networks() {
        List<Arguments> a = new ArrayList<>();
        int[][] sizes = {{64, 64}, {65, 97}};
        for (Backbone b : Backbone.values()) {
            if (b.isEfficientNet()) {
                continue; // EfficientNetTest and EfficientNetTrainingTest cover those
            }
            for (Variant v : Variant.values()) {
                for (int[] s : sizes) {
                    a.add(Arguments.of(b, v, 4, s[0], s[1]));
                }
            }
        }
        // Fewer heads, on the cheapest backbone.
        for (int heads = 0; heads <= 3; heads++) {
            a.add(Arguments.of(Backbone.RESNET18, Variant.SANET, heads, 65, 97));
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} {1} heads={2} {3}x{4}")
    @MethodSource("networks")
    void outputsHaveTheInputSize(Backbone backbone, Variant variant, int heads, int h, int w) {
        SANet def =
                SANet.builder()
                        .backbone(backbone)
                        .variant(variant)
                        .heads(heads)
                        .numClasses(K)
                        .width(8)
                        .build();
        Shape in = new Shape(1, 3, h, w);
        try (NDManager nd = NDManager.newBaseManager()) {
            SANetBlock block = def.newBlock();
            block.initialize(nd, DataType.FLOAT32, in);
            NDList out =
                    block.forward(
                            new ParameterStore(nd, false), new NDList(nd.randomNormal(in)), false);
            Shape pixels = new Shape(1, K, h, w);
            if (def.hasAttentionOutputs()) {
                assertEquals(3, out.size());
                assertEquals(pixels, out.get(0).getShape());
                assertEquals(pixels, out.get(1).getShape());
                assertEquals(new Shape(1, K), out.get(2).getShape());
                assertEquals(List.of("mask", "dense", "cat"), names(out));
            } else {
                assertEquals(1, out.size());
                assertEquals(pixels, out.get(0).getShape());
                assertEquals(List.of("dense"), names(out));
            }
            assertArrayEquals(
                    block.getOutputShapes(new Shape[] {in}), out.getShapes(), "declared shapes");
            assertTrue(Float.isFinite(out.get(0).sum().getFloat()));
        }
    }

    @Test
    @SuppressWarnings("try") // the collector only has to be open: batch norm trains inside it
    void optionsKeepTheShapesAndTrainingModeWorks() {
        SANet def =
                SANet.builder()
                        .backbone(Backbone.RESNET50)
                        .numClasses(K)
                        .width(8)
                        .outputStride(16)
                        .headKernel(3)
                        .pooling(Pooling.MAX)
                        .build();
        Shape in = new Shape(2, 3, 65, 97);
        try (NDManager nd = NDManager.newBaseManager()) {
            SANetBlock block = def.newBlock();
            block.initialize(nd, DataType.FLOAT32, in);
            Shape[] stages = block.backbone().getOutputShapes(new Shape[] {in});
            // Output stride 16: c1 at 1/4, c2 at 1/8, c3 and c4 at 1/16 (ceil arithmetic).
            assertEquals(new Shape(2, 32, 17, 25), stages[0]);
            assertEquals(new Shape(2, 64, 9, 13), stages[1]);
            assertEquals(new Shape(2, 128, 5, 7), stages[2]);
            assertEquals(new Shape(2, 256, 5, 7), stages[3]);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out =
                        block.forward(
                                new ParameterStore(nd, false),
                                new NDList(nd.randomNormal(in)),
                                true);
                assertArrayEquals(block.getOutputShapes(new Shape[] {in}), out.getShapes());
            }
        }
    }

    @Test
    void outputStrideEightKeepsStagesThreeAndFourAtOneEighth() {
        SANet def = SANet.builder().backbone(Backbone.RESNET18).numClasses(K).width(8).build();
        Shape[] stages =
                def.newBlock().backbone().getOutputShapes(new Shape[] {new Shape(1, 3, 65, 97)});
        assertEquals(new Shape(1, 8, 17, 25), stages[0]);
        assertEquals(new Shape(1, 16, 9, 13), stages[1]);
        assertEquals(new Shape(1, 32, 9, 13), stages[2]);
        assertEquals(new Shape(1, 64, 9, 13), stages[3]);
    }

    static Stream<Arguments> tinyNetworks() {
        return Stream.of(
                Arguments.of(Backbone.RESNET18, Variant.SANET),
                Arguments.of(Backbone.RESNET50, Variant.SANET),
                Arguments.of(Backbone.RESNET18, Variant.FCN_SE));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("tinyNetworks")
    void oneBackwardPassReachesEveryParameter(Backbone backbone, Variant variant) {
        SANet def =
                SANet.builder()
                        .backbone(backbone)
                        .variant(variant)
                        .numClasses(K)
                        .width(8)
                        .headKernel(3)
                        .build();
        // 96x96 gives the attention channels 2x2 maps on stages 2-4; with batch 2 no batch norm
        // sees a single value per channel (whose gradient would be exactly 0).
        Shape in = new Shape(2, 3, 96, 96);
        try (NDManager nd = NDManager.newBaseManager()) {
            SANetBlock block = def.newBlock();
            block.initialize(nd, DataType.FLOAT32, in);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out =
                        block.forward(
                                new ParameterStore(nd, false),
                                new NDList(nd.randomNormal(in)),
                                true);
                // A random projection of every output: a plain sum would give batch norm a constant
                // upstream gradient, which it maps to exactly zero.
                NDArray loss = null;
                for (NDArray o : out) {
                    NDArray term = o.mul(nd.randomNormal(o.getShape())).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                gc.backward(loss);
            }
            List<String> zero = new ArrayList<>();
            int checked = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (!p.getValue().requiresGradient()) {
                    continue;
                }
                checked++;
                NDArray g = p.getValue().getArray().getGradient();
                if (g.abs().sum().getFloat() == 0f) {
                    zero.add(p.getKey());
                }
            }
            assertTrue(checked > 20, "checked " + checked);
            assertEquals(List.of(), zero, "parameters without gradient");
        }
    }

    private static List<String> names(NDList out) {
        List<String> n = new ArrayList<>();
        for (NDArray a : out) {
            n.add(a.getName());
        }
        return n;
    }

    /**
     * A backbone of the caller's may hand back one array for several stages; inference, which frees
     * stage outputs early, must not free one it still reads.
     */
    @Test
    void aBackboneGivingOneArrayForEveryStageStillRunsInInference() {
        SANet def = SANet.builder().backbone(Backbone.RESNET18).numClasses(K).width(8).build();
        Shape in = new Shape(1, 3, 32, 32);
        try (NDManager nd = NDManager.newBaseManager()) {
            SANetBlock block = def.newBlock(new OneArrayBackbone());
            block.initialize(nd, DataType.FLOAT32, in);
            NDArray x = nd.randomNormal(in);
            NDList out = block.forward(new ParameterStore(nd, false), new NDList(x), false);
            assertEquals(3, out.size());
            assertEquals(new Shape(1, K, 32, 32), out.get(0).getShape());
            assertEquals(new Shape(1, K, 32, 32), out.get(1).getShape());
            assertEquals(new Shape(1, K), out.get(2).getShape());
            assertTrue(Float.isFinite(out.get(1).sum().getFloat()));
            assertFalse(x.isReleased(), "the caller's input");
        }
    }

    /** Four stages that are one array: a strided 1x1 convolution to 16 channels at 1/8. */
    private static final class OneArrayBackbone extends AbstractBlock
            implements SegmentationBackbone {
        private final Block conv;

        OneArrayBackbone() {
            conv =
                    addChildBlock(
                            "conv",
                            Conv2d.builder()
                                    .setKernelShape(new Shape(1, 1))
                                    .setFilters(16)
                                    .optStride(new Shape(8, 8))
                                    .build());
        }

        @Override
        public int[] stageChannels() {
            return new int[] {16, 16, 16, 16};
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps,
                NDList inputs,
                boolean training,
                @Nullable PairList<String, Object> params) {
            NDArray c = conv.forward(ps, inputs, training, params).singletonOrThrow();
            return new NDList(c, c, c, c);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape s = conv.getOutputShapes(inputShapes)[0];
            return new Shape[] {s, s, s, s};
        }

        @Override
        protected void initializeChildBlocks(
                NDManager manager, DataType dataType, Shape... inputShapes) {
            conv.initialize(manager, dataType, inputShapes);
        }
    }
}
