package dev.sanet.core;

import static dev.sanet.core.Backbone.RESNET101;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.sanet.core.nn.Pooling;
import dev.sanet.core.nn.ResNetV1s;
import dev.sanet.core.nn.Stem;
import dev.sanet.core.settings.SettingException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SANetTest {

    @Test
    void designCardCallCompilesAndKeepsItsValues() {
        SANet model = SANet.builder().backbone(RESNET101).heads(4).alpha(0.2).beta(0.8).build();
        assertEquals(RESNET101, model.backbone());
        assertEquals(4, model.heads());
        assertEquals(0.2, model.alpha());
        assertEquals(0.8, model.beta());
    }

    @Test
    void defaultsAreThePapersSettings() {
        SANet m = SANet.builder().build();
        assertEquals(Backbone.RESNET101, m.backbone());
        assertEquals(Stem.DEEP_64, m.stem());
        assertFalse(m.avgDown());
        assertEquals(21, m.numClasses());
        assertEquals(4, m.heads());
        assertEquals(0.2, m.alpha());
        assertEquals(0.8, m.beta());
        assertEquals(Variant.SANET, m.variant());
        assertEquals(8, m.outputStride());
        assertEquals(1, m.headKernel());
        assertEquals(Pooling.AVG, m.pooling());
        assertEquals(8, m.poolRatio());
        assertEquals(Prediction.DENSE, m.prediction());
        assertEquals(64, m.width());
        assertEquals(0.1, m.dropout());
        assertTrue(m.hasAttentionOutputs());
    }

    @Test
    void toBuilderRoundTripsAndDerivesCopies() {
        SANet a =
                SANet.builder()
                        .backbone(Backbone.RESNET18)
                        .numClasses(5)
                        .heads(2)
                        .alpha(0.1)
                        .beta(1.0)
                        .outputStride(16)
                        .headKernel(3)
                        .pooling(Pooling.MAX)
                        .poolRatio(4)
                        .prediction(Prediction.SUM)
                        .width(16)
                        .dropout(0.0)
                        .build();
        SANet b = a.toBuilder().build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotSame(a, b);
        SANet c = a.toBuilder().numClasses(6).build();
        assertEquals(6, c.numClasses());
        assertEquals(5, a.numClasses());
        assertFalse(a.equals(c));
        assertEquals(
                "SANet{variant=sanet, backbone=resnet18, stem=deep64, avgDown=false, numClasses=5,"
                        + " heads=2, alpha=0.1, beta=1.0, outputStride=16, headKernel=3, pooling=MAX, poolRatio=4,"
                        + " prediction=SUM, width=16, dropout=0.0}",
                a.toString());
    }

    @Test
    void jsonKeepsTheBackboneVariantAndReadsModelsSavedWithoutIt() {
        SANet a =
                SANet.builder()
                        .backbone(Backbone.RESNET152)
                        .stem(Stem.STANDARD)
                        .avgDown(true)
                        .width(16)
                        .build();
        JsonObject json = a.toJson();
        assertEquals("STANDARD", json.get("stem").getAsString());
        assertTrue(json.get("avgDown").getAsBoolean());
        assertEquals(a, SANet.fromJson(json));
        assertFalse(a.equals(a.toBuilder().stem(Stem.DEEP_32).build()));
        assertFalse(a.equals(a.toBuilder().avgDown(false).build()));
        // A sanet.json written before the variants existed: the deep 64-64-128 stem, strided
        // shortcuts, as every model had then.
        json.remove("stem");
        json.remove("avgDown");
        SANet old = SANet.fromJson(json);
        assertEquals(Stem.DEEP_64, old.stem());
        assertFalse(old.avgDown());
        assertEquals(a.toBuilder().stem(Stem.DEEP_64).avgDown(false).build(), old);
        ResNetV1s net = (ResNetV1s) a.newBackbone();
        assertEquals(Stem.STANDARD, net.stem());
        assertTrue(net.avgDown());
        assertEquals(16, net.width());
        assertEquals(java.util.List.of(3, 8, 36, 3), net.layout().blocks());
    }

    @Test
    void baselinesHaveNoHeads() {
        SANet fcn = SANet.builder().variant(Variant.FCN).heads(4).build();
        assertEquals(0, fcn.heads());
        assertFalse(fcn.hasAttentionOutputs());
        assertEquals(0, SANet.builder().variant(Variant.FCN_SE).build().heads());
        assertFalse(SANet.builder().heads(0).build().hasAttentionOutputs());
        assertTrue(SANet.builder().heads(1).build().hasAttentionOutputs());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "numClasses | numClasses must be >= 1, got 0",
                "heads | heads must be in 0..4, got 5",
                "headsNegative | heads must be in 0..4, got -1",
                "alpha | alpha must be in 0..100, got -0.5",
                "beta | beta must be in 0..100, got NaN",
                "outputStride | outputStride must be 8 or 16, got 32",
                "headKernel | headKernel must be 1 or 3, got 2",
                "poolRatio | poolRatio must be in 1..64, got 0",
                "width | width must be a multiple of 8 in 8..256, got 12",
                "dropout | dropout must be in [0, 1), got 1.0",
            })
    void buildRejectsBadValuesNamingValueAndRange(String setting, String message) {
        UnaryOperator<SANet.Builder> bad =
                switch (setting) {
                    case "numClasses" -> b -> b.numClasses(0);
                    case "heads" -> b -> b.heads(5);
                    case "headsNegative" -> b -> b.heads(-1);
                    case "alpha" -> b -> b.alpha(-0.5);
                    case "beta" -> b -> b.beta(Double.NaN);
                    case "outputStride" -> b -> b.outputStride(32);
                    case "headKernel" -> b -> b.headKernel(2);
                    case "poolRatio" -> b -> b.poolRatio(0);
                    case "width" -> b -> b.width(12);
                    case "dropout" -> b -> b.dropout(1.0);
                    default -> throw new AssertionError(setting);
                };
        SettingException e =
                assertThrows(SettingException.class, () -> bad.apply(SANet.builder()).build());
        assertEquals(message, e.getMessage());
        // The setting's name, as its builder method spells it, for callers mapping it to a flag.
        assertEquals(setting.replace("Negative", ""), e.setting());
    }

    @Test
    void namesParseForTheCommandLine() {
        assertEquals(Backbone.RESNET50, Backbone.fromName("resnet50"));
        assertEquals(Backbone.RESNET101, Backbone.fromName("RESNET101"));
        assertEquals("resnet101_v1s", Backbone.RESNET101.gluonName());
        assertEquals(Variant.FCN_SE, Variant.fromName("fcn-se"));
        assertEquals(Variant.FCN_SE, Variant.fromName("FCN_SE"));
        assertEquals(Backbone.RESNET152, Backbone.fromName("resnet152"));
        assertEquals(152, Backbone.RESNET152.depth());
        assertEquals("resnet50_v1d", Backbone.RESNET50.gluonName(Stem.DEEP_32, true));
        assertEquals("resnet18_v1b", Backbone.RESNET18.gluonName(Stem.STANDARD, false));
        assertEquals(Backbone.EFFICIENTNET_B7, Backbone.fromName("efficientnet-b7"));
        assertEquals(Backbone.EFFICIENTNET_B3, Backbone.fromName("EFFICIENTNET_B3"));
        assertEquals(Stem.STANDARD, Stem.fromName("7x7"));
        assertEquals(Stem.DEEP_32, Stem.fromName("deep32"));
        assertEquals(Stem.DEEP_64, Stem.fromName("DEEP_64"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Backbone.fromName("resnet200"));
        assertEquals(
                "unknown backbone 'resnet200': use one of resnet18, resnet34, resnet50, resnet101,"
                        + " resnet152, efficientnet-b0, efficientnet-b1, efficientnet-b2,"
                        + " efficientnet-b3, efficientnet-b4, efficientnet-b5, efficientnet-b6,"
                        + " efficientnet-b7",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Stem.fromName("deep48"));
        assertEquals("unknown stem 'deep48': use one of standard, deep32, deep64", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Variant.fromName("deeplab"));
    }

    @Test
    void stageChannelsScaleWithWidth() {
        assertEquals(
                "[256, 512, 1024, 2048]",
                java.util.Arrays.toString(Backbone.RESNET50.stageChannels(64)));
        assertEquals(
                "[16, 32, 64, 128]",
                java.util.Arrays.toString(Backbone.RESNET18.stageChannels(16)));
    }

    @Test
    void newBlockIsFreshEachTime() {
        SANet m = SANet.builder().backbone(Backbone.RESNET18).width(8).build();
        SANetBlock a = m.newBlock();
        SANetBlock b = m.newBlock();
        assertNotSame(a, b);
        assertSame(m, a.definition());
        assertFalse(a.isInitialized());
    }

    @Test
    void predictionLogitsFollowsTheSetting() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray mask = nd.ones(new ai.djl.ndarray.types.Shape(1, 2, 3, 3));
            NDArray dense = mask.mul(2);
            NDArray cat = nd.zeros(new ai.djl.ndarray.types.Shape(1, 2));
            NDList three = new NDList(mask, dense, cat);
            SANet.Builder b = SANet.builder();
            assertSame(mask, b.prediction(Prediction.MASK).build().predictionLogits(three));
            assertSame(dense, b.prediction(Prediction.DENSE).build().predictionLogits(three));
            NDArray sum = b.prediction(Prediction.SUM).build().predictionLogits(three);
            assertEquals(3f, sum.getFloat(0, 1, 2, 2));
            // Only dense: always dense, whatever the setting.
            assertSame(
                    dense,
                    b.prediction(Prediction.MASK).build().predictionLogits(new NDList(dense)));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> b.build().predictionLogits(new NDList(mask, dense)));
        }
    }
}
