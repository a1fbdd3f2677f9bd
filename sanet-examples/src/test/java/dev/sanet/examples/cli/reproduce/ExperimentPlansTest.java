package dev.sanet.examples.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sanet.core.Backbone;
import dev.sanet.core.Prediction;
import dev.sanet.core.Variant;
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
