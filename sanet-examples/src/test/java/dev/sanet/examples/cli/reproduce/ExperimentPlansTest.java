package dev.sanet.examples.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import dev.sanet.core.Backbone;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANet;
import dev.sanet.core.Variant;
import dev.sanet.core.nn.EfficientNet;
import dev.sanet.core.nn.EfficientNetConvention;
import dev.sanet.core.training.OptimizerKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The experiments as data: rows, defaults and the paper's values, without training. */
class ExperimentPlansTest {

    private static final Networks NETWORKS = new Networks(8, 6);

    @Test
    void table1HasTheFourAblationRowsWithTheirPredictionsAndLosses() {
        List<Row> rows = new Table1Plan(Backbone.RESNET18).rows(NETWORKS);
        assertEquals(
                List.of("FCN18", "+SA heads", "+SA heads +Cat", "+SA heads +Cat +Den (SANet18)"),
                rows.stream().map(Row::name).toList());
        assertEquals(Variant.FCN, rows.get(0).def().variant());
        assertEquals(Prediction.MASK, rows.get(1).def().prediction());
        assertEquals(Prediction.MASK, rows.get(2).def().prediction());
        assertEquals(Prediction.DENSE, rows.get(3).def().prediction());
        assertEquals(6, rows.get(3).def().numClasses());
        assertEquals(8, rows.get(3).def().width());
        assertNull(rows.get(0).paper().get("deltaMIoU"));
        assertEquals(0.060, (Double) rows.get(3).paper().get("deltaMIoU"), 0.0);
        assertEquals(0.027, (Double) rows.get(3).paper().get("deltaPixAcc"), 0.0);
    }

    @Test
    void table3PairsEachRowWithThePapersValuesWhereItHasThem() {
        List<Row> rows =
                new Table3Plan(List.of(Backbone.RESNET50, Backbone.RESNET18)).rows(NETWORKS);
        assertEquals(
                List.of("FCN50", "FCN50-SE", "SANet50", "FCN18", "FCN18-SE", "SANet18"),
                rows.stream().map(Row::name).toList());
        assertEquals(Variant.FCN_SE, rows.get(1).def().variant());
        assertEquals(0.446, (Double) rows.get(1).paper().get("mIoU"), 0.0);
        assertEquals(0.789, (Double) rows.get(2).paper().get("pixAcc"), 0.0);
        assertNull(rows.get(5).paper().get("mIoU"), "the paper has no ResNet18 rows");
        assertThrows(IllegalArgumentException.class, () -> new Table3Plan(List.of()));
    }

    @Test
    void figure4TrainsTheSharedDefaultRunOnce() {
        List<Row> rows =
                new Figure4Plan(Backbone.RESNET18, List.of(0.0, 0.2), List.of(0.8, 1.0))
                        .rows(NETWORKS);
        assertEquals(
                List.of("alpha=0.0 beta=0.8", "alpha=0.2 beta=0.8", "alpha=0.2 beta=1.0"),
                rows.stream().map(Row::name).toList());
        assertEquals(1.0, rows.get(2).def().beta(), 0.0);
        assertEquals("alpha=0.2_beta=1.0", rows.get(2).folderName());
    }

    @Test
    void experimentsCarryTheirDefaultsAndOutputs() {
        assertEquals(Experiment.TABLE4, Experiment.fromName("Table4"));
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> Experiment.fromName("table9"));
        assertTrue(unknown.getMessage().startsWith("unknown experiment 'table9'"));
        assertEquals(10, Experiment.TABLE1.syntheticEpochs());
        assertEquals(450, Experiment.TABLE2.syntheticSeconds(), 0.0);
        assertEquals(80, Experiment.TABLE4.realEpochs());
        assertEquals("voc-aug", Experiment.TABLE4.realDataset());
        assertEquals(
                List.of(
                        "figure4.json",
                        "figure4.md",
                        "figure4-runs",
                        "figure4-data",
                        "figure4.png"),
                Experiment.FIGURE4.outputs());
        assertEquals(List.of("table6.json", "table6.md"), Experiment.TABLE6.outputs());
        assertFalse(Experiment.TABLE6.trains());
    }

    @Test
    void setupResolvesEachModesDefaultsAndTheOverrides() {
        ReproduceOptions synthetic =
                ReproduceOptions.builder(Experiment.FIGURE4).syntheticTask(16, 40).build();
        Setup s = Setup.resolve(synthetic, Path.of("out/figure4-data"));
        assertEquals(5, s.epochs());
        assertEquals(40, s.crop());
        assertEquals(40, s.baseSize());
        assertEquals(16, s.width());
        assertEquals("voc", s.dataset());
        ReproduceOptions real =
                ReproduceOptions.builder(Experiment.TABLE2)
                        .data(Path.of("/data/pascal"))
                        .recipe(null, null, 4, null, null, null)
                        .build();
        Setup r = Setup.resolve(real, Path.of("unused"));
        assertEquals("context59", r.dataset());
        assertEquals(80, r.epochs());
        assertEquals(0.001 * 4 / 16, r.lr(), 0.0);
        assertEquals(10, r.headMultiplier(), 0.0);
        assertNull(r.json().get("secondsPerRow"), "no time cap in real mode");
        assertEquals(480, r.datasetOptions(true).resolution().orElseThrow().cropSize());
        assertEquals(4, r.datasetOptions(true).batchSize());
        assertTrue(r.datasetOptions(true).minScale().isEmpty(), "the paper's scale range");
        assertEquals(1, r.datasetOptions(false).batchSize());
    }

    @Test
    void table2OnAnEfficientNetHasItsOwnSyntheticSizeAndTheFlagsStillWin() {
        ReproduceOptions b7 =
                ReproduceOptions.builder(Experiment.TABLE2)
                        .backbones(Backbone.EFFICIENTNET_B7, Experiment.TABLE3_BACKBONES)
                        .build();
        SyntheticDefaults d = Experiment.EFFICIENTNET_TABLE2;
        assertEquals(d.images(), b7.images());
        assertEquals(d.imageSize(), b7.imageSize());
        Setup s = Setup.resolve(b7, Path.of("d"));
        assertEquals(d.batch(), s.batch());
        assertEquals(d.epochs(), s.epochs());
        assertEquals(d.seconds(), s.secondsPerRow(), 0.0);
        assertEquals(d.lr(), s.lr(), 0.0);
        assertEquals(List.of(Backbone.EFFICIENTNET_B7), s.backbones());
        ReproduceOptions flags =
                ReproduceOptions.builder(Experiment.TABLE2)
                        .backbones(Backbone.EFFICIENTNET_B7, Experiment.TABLE3_BACKBONES)
                        .syntheticTask(12, 32)
                        .recipe(3, null, 2, null, null, null)
                        .build();
        assertEquals(12, flags.images());
        assertEquals(32, flags.imageSize());
        assertEquals(2, Setup.resolve(flags, Path.of("d")).batch());
        // ResNet101, the paper's Table 2 row, and the other experiments keep theirs.
        ReproduceOptions r101 = ReproduceOptions.builder(Experiment.TABLE2).build();
        assertEquals(240, r101.images());
        assertEquals(64, r101.imageSize());
        assertEquals(8, Setup.resolve(r101, Path.of("d")).batch());
        assertEquals(25, Setup.resolve(r101, Path.of("d")).epochs());
        ReproduceOptions t1 =
                ReproduceOptions.builder(Experiment.TABLE1)
                        .backbones(Backbone.EFFICIENTNET_B0, Experiment.TABLE3_BACKBONES)
                        .build();
        assertEquals(240, t1.images());
    }

    @Test
    void realModeTable2BuildsTheDilatedEfficientNetB7WithThePapersRecipe() {
        ReproduceOptions o =
                ReproduceOptions.builder(Experiment.TABLE2)
                        .data(Path.of("/data/pascal"))
                        .backbones(Backbone.EFFICIENTNET_B7, Experiment.TABLE3_BACKBONES)
                        .efficientNetConvention(EfficientNetConvention.TF)
                        .build();
        Setup s = Setup.resolve(o, Path.of("unused"));
        assertEquals("context59", s.dataset());
        assertEquals(80, s.epochs());
        assertEquals(16, s.batch());
        assertEquals(0.001, s.lr(), 0.0);
        assertEquals(OptimizerKind.SGD, s.optimizer());
        assertEquals(10, s.headMultiplier(), 0.0);
        assertEquals(480, s.crop());
        assertEquals(520, s.baseSize());
        assertEquals("tf", s.json().get("efficientNetConvention"));
        assertFalse(s.json().containsKey("baseWidth"));
        String header = new ReportContext(o, s, System.nanoTime()).header("t").toString();
        assertTrue(
                header.contains(
                        "batch 16, crop 480, base 520, EfficientNet-B7 at full size (compound"
                                + " scaling: widths x2.0, depths x3.1; no base width), tf"
                                + " convention, backbone from random weights"),
                header);
        ReproduceOptions r101 =
                ReproduceOptions.builder(Experiment.TABLE2).data(Path.of("/data/pascal")).build();
        Setup rs = Setup.resolve(r101, Path.of("unused"));
        assertTrue(
                new ReportContext(r101, rs, 0)
                        .header("t")
                        .toString()
                        .contains("base 520, width 64,"));
        assertEquals(64, rs.json().get("baseWidth"));
        assertFalse(rs.json().containsKey("efficientNetConvention"));
        List<Row> rows =
                Reproduction.plan(o).rows(new Networks(s.width(), 59, s.efficientNetConvention()));
        assertEquals(1, rows.size());
        SANet def = rows.get(0).def();
        assertEquals("SANet-EfficientNet-B7", rows.get(0).name());
        assertEquals(Backbone.EFFICIENTNET_B7, def.backbone());
        assertEquals(EfficientNetConvention.TF, def.efficientNetConvention());
        assertEquals(8, def.outputStride());
        assertEquals(59, def.numClasses());
        EfficientNet backbone = (EfficientNet) def.newBackbone();
        assertEquals(8, backbone.outputStride());
        // The taps: the last blocks at reductions 4, 8, 16 and 32 of the undilated network, the
        // last two kept at 1/8 by dilation.
        assertArrayEquals(new int[] {48, 80, 224, 640}, backbone.stageChannels());
        Shape[] taps = backbone.getOutputShapes(new Shape[] {new Shape(1, 3, 64, 64)});
        long[][] expected = {{1, 48, 16, 16}, {1, 80, 8, 8}, {1, 224, 8, 8}, {1, 640, 8, 8}};
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(expected[i], taps[i].getShape(), "tap " + i);
        }
    }

    @Test
    void optionsRefuseTable6AndTwoDataSources() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ReproduceOptions.builder(Experiment.TABLE6).build());
        ReproduceOptions o = ReproduceOptions.builder(Experiment.TABLE1).build();
        assertTrue(o.synthetic());
        assertEquals("single scale", o.evaluation());
        assertEquals(
                "scales [0.5, 1.0] + flip",
                ReproduceOptions.builder(Experiment.TABLE1)
                        .evaluation(List.of(0.5, 1.0), true)
                        .build()
                        .evaluation());
    }
}
