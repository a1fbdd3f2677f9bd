package dev.sanet.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.sanet.core.io.ParameterNames;
import dev.sanet.core.settings.SettingException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EfficientNetTest {

    private static long trainable(Block b) {
        long n = 0;
        for (var p : b.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    @Test
    void mbconvHasTheHandComputedShapesAndParameters() {
        // 16 -> 24, expansion 6 (96 wide), 3x3 depthwise with stride 2, SE squeeze 16 / 4 = 4:
        // conv_pw 16*96 + bn1 2*96 + conv_dw 96*9 + bn2 2*96 + se (96*4 + 4) + (4*96 + 96)
        // + conv_pwl 96*24 + bn3 2*24 = 6004 trainable, 2*96 + 2*96 + 2*24 = 432 statistics.
        MBConvBlock b = new MBConvBlock(new MBConvConfig(16, 24, 6, 3, 2, 1, 0), 1e-3f, false);
        try (NDManager nd = NDManager.newBaseManager()) {
            b.initialize(nd, DataType.FLOAT32, new Shape(2, 16, 15, 16));
            assertEquals(6004, trainable(b));
            assertEquals(
                    6436,
                    b.getParameters().stream()
                            .mapToLong(p -> p.getValue().getArray().size())
                            .sum());
            NDArray y =
                    b.forward(
                                    new ParameterStore(nd, false),
                                    new NDList(nd.randomNormal(new Shape(2, 16, 15, 16))),
                                    false)
                            .singletonOrThrow();
            assertEquals(new Shape(2, 24, 8, 8), y.getShape());
            assertEquals(
                    new Shape(2, 24, 8, 8),
                    b.getOutputShapes(new Shape[] {new Shape(2, 16, 15, 16)})[0]);
            Map<String, Parameter> names = ParameterNames.of(b);
            assertEquals(
                    List.of(
                            "conv_pw.weight",
                            "bn1.weight",
                            "bn1.bias",
                            "bn1.running_mean",
                            "bn1.running_var",
                            "conv_dw.weight",
                            "bn2.weight",
                            "bn2.bias",
                            "bn2.running_mean",
                            "bn2.running_var",
                            "se.conv_reduce.weight",
                            "se.conv_reduce.bias",
                            "se.conv_expand.weight",
                            "se.conv_expand.bias",
                            "conv_pwl.weight",
                            "bn3.weight",
                            "bn3.bias",
                            "bn3.running_mean",
                            "bn3.running_var"),
                    List.copyOf(names.keySet()));
            assertEquals(new Shape(96, 1, 3, 3), names.get("conv_dw.weight").getShape());
            assertEquals(new Shape(4, 96, 1, 1), names.get("se.conv_reduce.weight").getShape());
        }
    }

    @Test
    void firstStageBlockHasNoExpansionAndTimmsDepthwiseSeparableNames() {
        // 32 -> 16, no expansion: conv_dw 32*9 + bn1 64 + se (32*8 + 8) + (8*32 + 32) + conv_pw
        // 32*16 + bn2 32 = 1448.
        MBConvBlock b = new MBConvBlock(new MBConvConfig(32, 16, 1, 3, 1, 1, 0), 1e-3f, false);
        try (NDManager nd = NDManager.newBaseManager()) {
            b.initialize(nd, DataType.FLOAT32, new Shape(1, 32, 8, 8));
            assertEquals(1448, trainable(b));
            assertEquals(
                    "[conv_dw.weight, bn1.weight, se.conv_reduce.weight, se.conv_expand.weight,"
                            + " conv_pw.weight, bn2.weight]",
                    ParameterNames.of(b).keySet().stream()
                            .filter(k -> k.endsWith("weight"))
                            .toList()
                            .toString());
        }
    }

    @ParameterizedTest
    @CsvSource({
        // scale, trainable backbone parameters (torchvision's features[:8]), tap channels
        "B0, 3595388, '[24, 40, 112, 320]'",
        "B3, 10103336, '[32, 48, 136, 384]'",
        "B7, 62143440, '[48, 80, 224, 640]'"
    })
    void backboneMatchesTorchvisionsParameterCountAndTaps(String scale, long params, String taps) {
        EfficientNet net =
                EfficientNet.builder()
                        .scale(EfficientNetScale.valueOf(scale))
                        .outputStride(32)
                        .build();
        try (NDManager nd = NDManager.newBaseManager()) {
            net.initialize(nd, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            assertEquals(params, trainable(net));
            assertEquals(taps, java.util.Arrays.toString(net.stageChannels()));
        }
    }

    @Test
    void compoundScalingRoundsWidthsToEightsAndDepthsUp() {
        assertArrayEquals(
                new int[] {4, 7, 7, 10, 10, 13, 4}, EfficientNetScale.B7.blocksPerStage());
        assertArrayEquals(new int[] {1, 2, 2, 3, 3, 4, 1}, EfficientNetScale.B0.blocksPerStage());
        assertEquals(64, EfficientNetScale.B7.stemChannels());
        assertEquals(40, EfficientNetScale.B3.stemChannels());
        assertEquals(2560, EfficientNetScale.B7.headChannels());
        assertEquals(1408, EfficientNetScale.B2.headChannels());
        // 16 x 1.1 = 17.6 rounds to 16, within 10%; 40 x 1.1 = 44 rounds half up to 48.
        assertEquals(16, EfficientNetScale.B2.channels(16));
        assertEquals(48, EfficientNetScale.B2.channels(40));
    }

    /** Stride 2 blocks marked "s", each block's dilation, stages separated. */
    private static String plan(EfficientNetScale scale, int os) {
        StringBuilder sb = new StringBuilder();
        for (List<MBConvConfig> stage : scale.blocks(os, 0.2)) {
            sb.append(sb.length() == 0 ? "" : " | ");
            for (int j = 0; j < stage.size(); j++) {
                MBConvConfig c = stage.get(j);
                sb.append(j == 0 ? "" : " ")
                        .append(c.stride() == 2 ? "s" : "")
                        .append(c.dilation());
            }
        }
        return sb.toString();
    }

    @Test
    void dilationsOfEveryBlockFollowTheResNetRule() {
        assertEquals(
                "1 | s1 1 | s1 1 | s1 1 1 | 1 1 1 | s1 1 1 1 | 1", plan(EfficientNetScale.B0, 32));
        assertEquals(
                "1 | s1 1 | s1 1 | s1 1 1 | 1 1 1 | 1 2 2 2 | 2", plan(EfficientNetScale.B0, 16));
        assertEquals(
                "1 | s1 1 | s1 1 | 1 2 2 | 2 2 2 | 2 4 4 4 | 4", plan(EfficientNetScale.B0, 8));
        assertEquals(
                "1 1 1 1 | s1 1 1 1 1 1 1 | s1 1 1 1 1 1 1 | 1 2 2 2 2 2 2 2 2 2"
                        + " | 2 2 2 2 2 2 2 2 2 2 | 2 4 4 4 4 4 4 4 4 4 4 4 4 | 4 4 4 4",
                plan(EfficientNetScale.B7, 8));
        // The built blocks carry the plan.
        EfficientNet net = EfficientNet.builder().outputStride(8).build();
        MBConvBlock first6 = (MBConvBlock) net.stage(6).getChildren().get(0).getValue();
        MBConvBlock second6 = (MBConvBlock) net.stage(6).getChildren().get(1).getValue();
        assertEquals(new Shape(2, 2), first6.depthwise().getDilation());
        assertEquals(new Shape(1, 1), first6.depthwise().getStride());
        assertEquals(new Shape(4, 4), second6.depthwise().getDilation());
    }

    @Test
    void dropRatesRampLinearlyFromZero() {
        List<List<MBConvConfig>> b = EfficientNetScale.B0.blocks(8, 0.2);
        assertEquals(0, b.get(0).get(0).dropRate());
        assertEquals(0.2 * 15 / 16, b.get(6).get(0).dropRate(), 1e-12);
        assertEquals(0.2 * 3 / 16, b.get(2).get(0).dropRate(), 1e-12);
    }

    @Test
    void tapsHaveTheOutputStridesShapes() {
        try (NDManager nd = NDManager.newBaseManager()) {
            for (int os : new int[] {8, 16, 32}) {
                EfficientNet net = EfficientNet.builder().outputStride(os).build();
                Shape in = new Shape(1, 3, 65, 64);
                net.initialize(nd, DataType.FLOAT32, in);
                NDList out =
                        net.forward(
                                new ParameterStore(nd, false),
                                new NDList(nd.randomNormal(in)),
                                false);
                Shape[] expected = net.getOutputShapes(new Shape[] {in});
                long h3 = os == 8 ? 9 : 5;
                long h4 = os == 32 ? 3 : h3;
                assertEquals(new Shape(1, 24, 17, 16), out.get(0).getShape());
                assertEquals(new Shape(1, 40, 9, 8), out.get(1).getShape());
                assertEquals(new Shape(1, 112, h3, os == 8 ? 8 : 4), out.get(2).getShape());
                assertEquals(
                        new Shape(1, 320, h4, os == 32 ? 2 : os == 16 ? 4 : 8),
                        out.get(3).getShape());
                for (int i = 0; i < 4; i++) {
                    assertEquals(expected[i], out.get(i).getShape(), "os " + os + " tap " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        // size, kernel, stride, before, after
        "224, 3, 2, 0, 1",
        "225, 3, 2, 1, 1",
        "56, 5, 2, 1, 2",
        "57, 5, 2, 2, 2",
        "7, 3, 1, 1, 1",
        "8, 5, 1, 2, 2"
    })
    void tensorflowSamePaddingPutsTheOddZeroAtTheEnd(
            int size, int k, int s, int before, int after) {
        assertArrayEquals(new int[] {before, after}, SamePadding.of(size, k, s, 1));
    }

    @Test
    void tensorflowSamePaddingPadsBottomAndRightOfEvenMaps() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray even = SamePadding.pad(nd.ones(new Shape(1, 1, 4, 6)), 3, 2, 1);
            assertEquals(new Shape(1, 1, 5, 7), even.getShape());
            assertEquals(24f, even.sum().getFloat());
            assertEquals(0f, even.get(":, :, 4, :").sum().getFloat());
            assertEquals(0f, even.get(":, :, :, 6").sum().getFloat());
            assertEquals(6f, even.get(":, :, 0, :").sum().getFloat());
            NDArray odd = SamePadding.pad(nd.ones(new Shape(1, 1, 5, 5)), 3, 2, 1);
            assertEquals(new Shape(1, 1, 7, 7), odd.getShape());
            assertEquals(0f, odd.get(":, :, 0, :").sum().getFloat());
        }
    }

    @Test
    void tensorflowBackboneKeepsShapesAndDiffersFromSymmetricPadding() {
        try (NDManager nd = NDManager.newBaseManager()) {
            Shape in = new Shape(1, 3, 64, 64);
            EfficientNet tf = EfficientNet.builder().convention(EfficientNetConvention.TF).build();
            EfficientNet tv =
                    EfficientNet.builder().convention(EfficientNetConvention.TIMM).build();
            tf.initialize(nd, DataType.FLOAT32, in);
            tv.initialize(nd, DataType.FLOAT32, in);
            // The same weights (timm's epsilon differs, so compare TF with itself otherwise).
            Map<String, Parameter> a = ParameterNames.of(tf);
            Map<String, Parameter> b = ParameterNames.of(tv);
            a.forEach((k, p) -> b.get(k).getArray().set(p.getArray().toFloatArray()));
            NDArray x = nd.randomNormal(in);
            NDList ya = tf.forward(new ParameterStore(nd, false), new NDList(x), false);
            NDList yb = tv.forward(new ParameterStore(nd, false), new NDList(x), false);
            for (int i = 0; i < 4; i++) {
                assertEquals(yb.get(i).getShape(), ya.get(i).getShape());
            }
            assertTrue(ya.get(0).sub(yb.get(0)).abs().max().getFloat() > 1e-3);
        }
    }

    @Test
    void conventionsCarryEachFamilysEpsilon() {
        assertEquals(1e-5f, EfficientNetConvention.TORCHVISION.epsilon(EfficientNetScale.B4));
        assertEquals(1e-3f, EfficientNetConvention.TORCHVISION.epsilon(EfficientNetScale.B5));
        assertEquals(1e-5f, EfficientNetConvention.TIMM.epsilon(EfficientNetScale.B7));
        assertEquals(1e-3f, EfficientNetConvention.TF.epsilon(EfficientNetScale.B0));
        assertTrue(EfficientNetConvention.TF.samePadding());
        assertEquals(EfficientNetConvention.TF, EfficientNetConvention.fromName("TF"));
        assertEquals(EfficientNetScale.B7, EfficientNetScale.fromName("efficientnet_b7"));
    }

    @Test
    void stochasticDepthIsOffInInference() {
        EfficientNet net = EfficientNet.builder().dropPathRate(0.9).build();
        try (NDManager nd = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 3, 32, 32);
            net.initialize(nd, DataType.FLOAT32, in);
            NDArray x = nd.randomNormal(in);
            NDArray a = net.forward(new ParameterStore(nd, false), new NDList(x), false).get(3);
            NDArray b = net.forward(new ParameterStore(nd, false), new NDList(x), false).get(3);
            assertEquals(0f, a.sub(b).abs().max().getFloat());
            // In training the branches of the residual blocks drop at random.
            NDArray c;
            NDArray d;
            try (var gc = nd.getEngine().newGradientCollector()) {
                c = net.forward(new ParameterStore(nd, false), new NDList(x), true).get(3);
                d = net.forward(new ParameterStore(nd, false), new NDList(x), true).get(3);
            }
            assertTrue(c.sub(d).abs().max().getFloat() > 1e-4);
        }
    }

    @Test
    void foldedBatchNormsKeepTheOutputs() {
        for (EfficientNetConvention c : EfficientNetConvention.values()) {
            EfficientNet net = EfficientNet.builder().convention(c).build();
            try (NDManager nd = NDManager.newBaseManager()) {
                Shape in = new Shape(1, 3, 34, 31);
                net.initialize(nd, DataType.FLOAT32, in);
                for (Parameter p : ParameterNames.of(net).values()) {
                    if (p.getName().equals("runningVar")) {
                        p.getArray().set(nd.randomUniform(0.5f, 2f, p.getShape()).toFloatArray());
                    }
                }
                NDArray x = nd.randomNormal(in);
                NDArray before =
                        net.forward(new ParameterStore(nd, false), new NDList(x), false).get(3);
                assertEquals(1 + 16 * 3 - 1, BatchNormFolding.fold(net));
                NDArray after =
                        net.forward(new ParameterStore(nd, false), new NDList(x), false).get(3);
                float scale = Math.max(1, before.abs().max().getFloat());
                assertTrue(before.sub(after).abs().max().getFloat() < 1e-4 * scale, c.toString());
            }
        }
    }

    @Test
    void builderNamesTheBadSetting() {
        SettingException e =
                assertThrows(
                        SettingException.class,
                        () -> EfficientNet.builder().outputStride(4).build());
        assertTrue(e.getMessage().contains("outputStride"), e.getMessage());
        e =
                assertThrows(
                        SettingException.class,
                        () -> EfficientNet.builder().dropPathRate(1).build());
        assertTrue(e.getMessage().contains("dropPathRate"), e.getMessage());
        assertThrows(SettingException.class, () -> new MBConvConfig(8, 8, 1, 4, 1, 1, 0));
    }
}
