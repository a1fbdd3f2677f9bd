package dev.sanet.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.dataset.ArrayDataset;
import dev.sanet.core.data.Resolution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer on a toy per-pixel task a two-layer 1x1-conv network can learn. */
class SANetTrainerTest {
    private static NDManager manager;
    private static ArrayDataset train;
    private static ArrayDataset val;

    @BeforeAll
    static void data() {
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(7);
        train = dataset(32, 4);
        val = dataset(8, 1);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Pixels with a positive first channel are class 1, the rest class 0; a border is void. */
    private static ArrayDataset dataset(int n, int batch) {
        NDArray x = manager.randomNormal(new Shape(n, 3, 8, 8));
        NDArray y = x.get(":, 0, :, :").gt(0).toType(ai.djl.ndarray.types.DataType.INT32, false);
        y.set(new ai.djl.ndarray.index.NDIndex(":, 0, :"), 255);
        return new ArrayDataset.Builder()
                .setData(x)
                .optLabels(y)
                .setSampling(batch, false, true)
                .build();
    }

    private static Block backbone;

    private static Block network() {
        backbone =
                new SequentialBlock()
                        .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(8).build())
                        .add(Activation::relu);
        return new SequentialBlock()
                .add(backbone)
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(2).build());
    }

    private static TrainingConfig.Builder recipe(int epochs) {
        return recipe(epochs, 0.05);
    }

    private static TrainingConfig.Builder recipe(int epochs, double learningRate) {
        Block net = network();
        return TrainingConfig.builder(
                        TrainingNetwork.builder(net, backbone)
                                .classes(List.of("zero", "one"))
                                .build())
                .recipe(
                        Recipe.segmentation().toBuilder()
                                .resolution(new Resolution(8, 8))
                                .batchSize(4)
                                .epochs(epochs)
                                .learningRate(learningRate)
                                .build());
    }

    /** Records the learning rate of every step. */
    static final class Rates implements TrainingProgress {
        final List<Double> rates = new ArrayList<>();

        @Override
        public void onStep(
                int epoch, int epochs, long step, long steps, Map<String, Double> t, double lr) {
            rates.add(lr);
        }
    }

    @Test
    void learnsTheToyTaskAndWritesReports(@TempDir Path out) throws Exception {
        try (SANetTrainer t = new SANetTrainer(recipe(4).outputDir(out).build())) {
            TrainingSummary s = t.fit(train, val);
            assertEquals(0, s.startEpoch());
            assertEquals(4, s.epochs());
            assertEquals(32, s.iterations());
            EpochRecord last = s.last();
            assertTrue(last.mIoU() > 0.8, "mIoU " + last.mIoU());
            assertTrue(s.history().get(0).loss() > last.loss());
            assertTrue(Files.size(out.resolve("curve.png")) > 1000);
            assertEquals(5, Files.readAllLines(out.resolve("metrics.csv")).size());
            assertTrue(Files.isRegularFile(out.resolve("checkpoints/epoch-0004/parameters.bin")));
            assertTrue(
                    Files.isRegularFile(
                            out.resolve("checkpoints/epoch-0004/optimizer.safetensors")),
                    "the checkpoint holds the optimizer's state");
            try (Stream<Path> files = Files.list(out.resolve("checkpoints"))) {
                assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(".")));
            }
        }
    }

    @Test
    void validateEveryValidatesTheDueEpochsAndTheLast(@TempDir Path out) throws Exception {
        try (SANetTrainer t = new SANetTrainer(recipe(5).validateEvery(2).outputDir(out).build())) {
            List<EpochRecord> h = t.fit(train, val).history();
            assertEquals(5, h.size());
            for (int e : new int[] {1, 3}) {
                assertTrue(Double.isNaN(h.get(e - 1).mIoU()), "epoch " + e + " not validated");
            }
            for (int e : new int[] {2, 4, 5}) {
                assertTrue(h.get(e - 1).mIoU() > 0, "epoch " + e + " validated");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> recipe(1).validateEvery(0).build(), "0");
    }

    @Test
    void resumeContinuesWithTheSameScheduleAsAnUninterruptedRun(@TempDir Path out)
            throws Exception {
        Rates straight = new Rates();
        try (SANetTrainer t = new SANetTrainer(recipe(2).progress(straight).build())) {
            t.fit(train, null);
        }
        // Interrupt a two-epoch run after its first step, then resume it.
        Rates firstOfTwo = new Rates();
        try (SANetTrainer t =
                new SANetTrainer(recipe(2).outputDir(out).progress(firstOfTwo).build())) {
            t.requestStop(); // stops after the first step of epoch 1
            TrainingSummary s = t.fit(train, null);
            assertTrue(s.interrupted());
            assertEquals(1, s.iterations());
        }
        Rates resumed = new Rates();
        try (SANetTrainer t =
                new SANetTrainer(recipe(2).outputDir(out).resume(true).progress(resumed).build())) {
            TrainingSummary s = t.fit(train, null);
            assertEquals(0, s.startEpoch());
            assertEquals(2, s.epochs());
            assertEquals(16, s.iterations());
        }
        List<Double> combined = new ArrayList<>(firstOfTwo.rates);
        combined.addAll(resumed.rates);
        assertEquals(straight.rates.size(), combined.size());
        for (int i = 0; i < combined.size(); i++) {
            assertEquals(straight.rates.get(i), combined.get(i), 1e-12, "step " + i);
        }
    }

    @Test
    void epochResumeReportsStartEpoch(@TempDir Path out) throws Exception {
        try (SANetTrainer t = new SANetTrainer(recipe(1).outputDir(out).build())) {
            assertEquals(1, t.fit(train, val).epochs());
        }
        try (SANetTrainer t = new SANetTrainer(recipe(2).outputDir(out).resume(true).build())) {
            TrainingSummary s = t.fit(train, val);
            assertEquals(1, s.startEpoch());
            assertEquals(2, s.epochs());
            assertEquals(2, s.history().size());
        }
    }

    @Test
    void divergenceStopsWithAClearMessageAndKeepsTheLastGoodCheckpoint(@TempDir Path out)
            throws Exception {
        try (SANetTrainer t = new SANetTrainer(recipe(1).outputDir(out).build())) {
            t.fit(train, null);
        }
        try (SANetTrainer t =
                new SANetTrainer(recipe(3, 1e30).outputDir(out).resume(true).build())) {
            TrainingDivergedException e =
                    assertThrows(TrainingDivergedException.class, () -> t.fit(train, null));
            assertTrue(e.getMessage().contains("epoch-0001"), e.getMessage());
        }
        try (Stream<Path> dirs = Files.list(out.resolve("checkpoints"))) {
            assertEquals(List.of("epoch-0001"), dirs.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void builderNamesTheBadValue() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> recipe(0).build());
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }

    @Test
    void pretrainedBackboneWeightsAreLoadedBeforeTraining(@TempDir Path out) throws Exception {
        dev.sanet.core.SANet def =
                dev.sanet.core.SANet.builder()
                        .backbone(dev.sanet.core.Backbone.RESNET18)
                        .width(8)
                        .numClasses(2)
                        .build();
        // The keys and shapes of this backbone, each filled with a constant per key.
        java.util.Map<String, float[]> values = new java.util.LinkedHashMap<>();
        java.util.Map<String, long[]> shapes = new java.util.LinkedHashMap<>();
        try (NDManager nd = NDManager.newBaseManager()) {
            dev.sanet.core.SANetBlock probe = def.newBlock();
            probe.initialize(nd, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 3, 32, 32));
            int k = 0;
            for (var e :
                    ((dev.sanet.core.nn.ResNetV1s) probe.backbone()).gluonParameters().entrySet()) {
                Shape s = e.getValue().getArray().getShape();
                float[] v = new float[Math.toIntExact(s.size())];
                java.util.Arrays.fill(v, 0.01f * (1 + k++ % 7));
                values.put(e.getKey(), v);
                shapes.put(e.getKey(), s.getShape());
            }
        }
        Path file = out.resolve("resnet18_v1s.params");
        dev.sanet.core.nn.GluonWeightsTest.writeMxnetParams(file, values, shapes);
        NDArray x = manager.randomNormal(new Shape(4, 3, 32, 32));
        NDArray y = x.get(":, 0, :, :").gt(0).toType(ai.djl.ndarray.types.DataType.INT32, false);
        ArrayDataset data =
                new ArrayDataset.Builder()
                        .setData(x)
                        .optLabels(y)
                        .setSampling(4, false, true)
                        .build();
        try (SANetTrainer t =
                new SANetTrainer(
                        TrainingConfig.builder(
                                        TrainingNetwork.builder(def)
                                                .classes(List.of("zero", "one"))
                                                .pretrained(file)
                                                .build())
                                .recipe(
                                        Recipe.segmentation().toBuilder()
                                                .resolution(new Resolution(32, 32))
                                                .batchSize(4)
                                                .epochs(1)
                                                .learningRate(1e-12)
                                                .build())
                                .build())) {
            t.fit(data, null);
            var conv =
                    t.model().getBlock() instanceof dev.sanet.core.SANetBlock b
                            ? ((dev.sanet.core.nn.ResNetV1s) b.backbone())
                                    .gluonParameters()
                                    .get("layer1.0.conv1.weight")
                            : null;
            assertTrue(conv != null);
            float[] got = conv.getArray().toFloatArray();
            float want = values.get("layer1.0.conv1.weight")[0];
            for (float g : got) {
                assertEquals(want, g, 1e-6);
            }
        }
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                TrainingNetwork.builder(network(), backbone)
                                        .classes(List.of("zero", "one"))
                                        .pretrained(file)
                                        .build());
        assertTrue(e.getMessage().contains("SANet definition"), e.getMessage());
    }
}
