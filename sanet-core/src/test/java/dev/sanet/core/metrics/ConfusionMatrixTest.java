package dev.sanet.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sanet.core.Engines;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfusionMatrixTest {

    @Test
    void accumulatesAcrossBatchesAndIgnoresVoid() {
        try (NDManager m = NDManager.newBaseManager()) {
            ConfusionMatrix cm = new ConfusionMatrix(3);
            // batch 1: gt [0,0,1,255], pred [0,1,1,2]
            cm.add(
                    m.create(new int[] {0, 0, 1, 255}, new Shape(1, 2, 2)),
                    m.create(new int[] {0, 1, 1, 2}, new Shape(1, 2, 2)));
            // batch 2: gt [1,1,0], pred [1,0,0]
            cm.add(
                    m.create(new int[] {1, 1, 0}, new Shape(1, 1, 3)),
                    m.create(new int[] {1, 0, 0}, new Shape(1, 1, 3)));
            long[][] expected = {{2, 1, 0}, {1, 2, 0}, {0, 0, 0}};
            for (int t = 0; t < 3; t++) {
                assertArrayEquals(expected[t], cm.toArray()[t]);
            }
            SegmentationScores s = cm.scores();
            assertEquals(4.0 / 6.0, s.pixelAccuracy(), 1e-12);
            // IoU0 = 2 / (3 + 3 - 2) = 0.5; IoU1 = 2 / (3 + 3 - 2) = 0.5; class 2 absent
            assertEquals(0.5, s.iou()[0], 1e-12);
            assertEquals(0.5, s.iou()[1], 1e-12);
            assertTrue(Double.isNaN(s.iou()[2]));
            assertEquals(0.5, s.meanIoU(), 1e-12);
            assertEquals(1.0 / 3.0, s.meanIoUAllClasses(), 1e-12);
            Map<String, Double> per = s.perClass(List.of("a", "b", "c"));
            assertEquals(0.5, per.get("a"), 1e-12);
            assertNull(per.get("c"));
            assertTrue(per.containsKey("c"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void outOfRangePredictionsCountAsWrongOnEveryEngine(String engine) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), engine)) {
            ConfusionMatrix cm = new ConfusionMatrix(2);
            // gt [0, 0, 1, 1, 255, 7], pred [0, 77, 1, -3, 1, 0]: two labelled pixels predicted
            // outside 0..1 (wrong), two labels outside the classes (not counted).
            cm.add(
                    m.create(new int[] {0, 0, 1, 1, 255, 7}, new Shape(1, 2, 3)),
                    m.create(new int[] {0, 77, 1, -3, 1, 0}, new Shape(1, 2, 3)));
            assertEquals(2, cm.outOfRangePredictions());
            assertEquals(1, cm.get(0, 0));
            assertEquals(1, cm.get(1, 1));
            SegmentationScores s = cm.scores();
            assertEquals(4, s.labelledPixels());
            assertEquals(0.5, s.pixelAccuracy(), 1e-12);
            // Each class: 1 hit, 1 miss, no false positive: IoU 1/2.
            assertEquals(0.5, s.iou()[0], 1e-12);
            assertEquals(0.5, s.iou()[1], 1e-12);
        }
    }

    @Test
    void evaluatorArgmaxesLogitsAndReportsMeanIoU() {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationEvaluator ev = new SegmentationEvaluator("mIoU", 2, l -> l.get(0));
            ev.addAccumulator("v");
            // logits (1,2,1,3): argmax = [0, 1, 1]
            NDArray logits = m.create(new float[] {3, 0, 0, 1, 2, 5}, new Shape(1, 2, 1, 3));
            NDArray labels = m.create(new int[] {0, 0, 1}, new Shape(1, 1, 3));
            assertEquals(
                    2f / 3f, ev.evaluate(new NDList(labels), new NDList(logits)).getFloat(), 1e-6);
            ev.updateAccumulator("v", new NDList(labels), new NDList(logits));
            // IoU0 = 1/2, IoU1 = 1/2
            assertEquals(0.5f, ev.getAccumulator("v"), 1e-6);
            ev.resetAccumulator("v");
            assertEquals(0, ev.matrix("v").scores().labelledPixels());
        }
    }

    @Test
    void contextSixtyClassFigureIsFiftyNineTimesRatio() {
        assertEquals(52.1, SegmentationScores.context60From59(53.0), 0.02);
    }

    @Test
    void javaPixelsCountLikeArraysAndKeepOutOfRangePredictionsApart() {
        int[] labels = {0, 0, 1, 255, 1, 2, 1, -1, 2};
        int[] predictions = {0, 1, 1, 2, 9, 2, -3, 0, 0};
        ConfusionMatrix java = new ConfusionMatrix(3);
        java.addPixels(labels, predictions, -1);
        try (NDManager m = NDManager.newBaseManager()) {
            ConfusionMatrix nd = new ConfusionMatrix(3);
            nd.add(m.create(labels), m.create(predictions));
            for (int t = 0; t < 3; t++) {
                assertArrayEquals(nd.toArray()[t], java.toArray()[t]);
            }
            assertEquals(nd.outOfRangePredictions(), java.outOfRangePredictions());
        }
        // 9 and -3 were predicted for labelled pixels of class 1: labelled, never correct.
        assertEquals(2, java.outOfRangePredictions());
        // 255 is outside the classes and not the ignore label: skipped and counted (-1 is the
        // ignore argument here, so that pixel is ignored).
        assertEquals(1, java.outOfRangeLabels());
        assertEquals(7, java.scores().labelledPixels());
        assertEquals(3.0 / 7.0, java.scores().pixelAccuracy(), 1e-12);
        // An ignore value inside [0, K) drops that class's pixels.
        ConfusionMatrix noTwo = new ConfusionMatrix(3);
        noTwo.addPixels(labels, predictions, 2);
        assertEquals(5, noTwo.scores().labelledPixels());
        assertEquals(2, noTwo.outOfRangeLabels());
        ConfusionMatrix merged = noTwo.copy();
        merged.merge(java);
        assertEquals(3, merged.outOfRangeLabels());
        merged.reset();
        assertEquals(0, merged.outOfRangeLabels());
        assertEquals(0, noTwo.get(2, 2));
        IllegalArgumentException e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class,
                        () -> noTwo.addPixels(new int[2], new int[3], -1));
        assertTrue(e.getMessage().contains("2 labels and 3 predictions"), e.getMessage());
    }

    @Test
    void aCopyIsIndependent() {
        ConfusionMatrix cm = new ConfusionMatrix(2);
        cm.add(0, 0, 3);
        cm.add(1, 5, 2);
        ConfusionMatrix copy = cm.copy();
        cm.add(1, 1, 4);
        assertEquals(3, copy.get(0, 0));
        assertEquals(0, copy.get(1, 1));
        assertEquals(2, copy.outOfRangePredictions());
        assertEquals(4, cm.get(1, 1));
    }
}
