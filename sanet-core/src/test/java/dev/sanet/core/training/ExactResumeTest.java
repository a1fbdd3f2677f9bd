package dev.sanet.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.ArrayDataset;
import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.data.Resolution;
import dev.sanet.core.io.ParameterNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exact resume: with the same seed and data, two epochs straight and one epoch, a resume and one
 * more epoch end with the same parameters (every trainable one and every batch-norm statistic) and
 * the same metrics, on both engines, with SGD's momentum and with Adam's moments. The network has
 * dropout and the data is shuffled, so the optimizer state, the data order and the dropout masks
 * all have to come back.
 */
class ExactResumeTest {

    private static final SANet DEF =
            SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(3).build();

    @TempDir Path tmp;

    @ParameterizedTest
    @CsvSource({"MXNet, SGD", "MXNet, ADAM", "PyTorch, SGD", "PyTorch, ADAM"})
    void twoEpochsStraightEqualOneEpochResumeOneEpoch(String engine, OptimizerKind kind)
            throws Exception {
        Run straight = train(engine, kind, tmp.resolve("straight"), false, false);
        Run first = train(engine, kind, tmp.resolve("split"), false, true);
        assertTrue(first.summary.interrupted());
        assertEquals(1, first.summary.epochs());
        Path optimizerState = tmp.resolve("split/checkpoints/epoch-0001/" + Checkpoint.OPTIMIZER);
        assertTrue(Files.size(optimizerState) > 1000, "the checkpoint holds the optimizer state");
        Run resumed = train(engine, kind, tmp.resolve("split"), true, false);
        assertEquals(1, resumed.summary.startEpoch());
        assertEquals(2, resumed.summary.epochs());
        assertEquals(straight.summary.iterations(), resumed.summary.iterations());

        double maxDiff = maxDifference(straight.params, resumed.params);
        System.out.printf(
                Locale.ROOT,
                "ExactResumeTest %s %s: max parameter difference %.3g%n",
                engine,
                kind,
                maxDiff);
        assertTrue(maxDiff <= 1e-5, engine + " " + kind + ": max difference " + maxDiff);

        // Runs repeat bit for bit (ReproducibilityTest); a small tolerance keeps the test about
        // resuming rather than about the last bit of a float sum.
        for (int i = 0; i < 2; i++) {
            EpochRecord a = straight.summary.history().get(i);
            EpochRecord b = resumed.summary.history().get(i);
            assertEquals(a.loss(), b.loss(), 1e-6 * a.loss(), "loss of epoch " + (i + 1));
            assertEquals(a.terms().keySet(), b.terms().keySet());
            for (String term : a.terms().keySet()) {
                double x = a.terms().get(term);
                assertEquals(x, b.terms().get(term), 1e-6 * x, term + " of epoch " + (i + 1));
            }
            assertEquals(a.pixAcc(), b.pixAcc(), 1e-9, "pixAcc of epoch " + (i + 1));
            assertEquals(a.mIoU(), b.mIoU(), 1e-9, "mIoU of epoch " + (i + 1));
            assertEquals(a.learningRate(), b.learningRate(), 1e-12, "rate of epoch " + (i + 1));
        }
        // The second epoch really moved the parameters, so equality above is not vacuous.
        double moved = maxDifference(straight.params, first.params);
        assertTrue(moved > 1e-3, "epoch 2 changed the parameters by " + moved);
    }

    @ParameterizedTest
    @CsvSource({"MXNet, ADAM"})
    void anInterruptMidEpochResumesExactlyToo(String engine, OptimizerKind kind) throws Exception {
        Run straight = train(engine, kind, tmp.resolve("straight"), false, false, false);
        Run first = train(engine, kind, tmp.resolve("split"), false, false, true);
        assertTrue(first.summary.interrupted());
        assertEquals(1, first.summary.iterations(), "stopped after the first step");
        assertTrue(Files.isDirectory(tmp.resolve("split/checkpoints/epoch-0000-partial")));
        Run resumed = train(engine, kind, tmp.resolve("split"), true, false, false);
        double maxDiff = maxDifference(straight.params, resumed.params);
        System.out.printf(
                Locale.ROOT,
                "ExactResumeTest mid-epoch %s %s: max parameter difference %.3g%n",
                engine,
                kind,
                maxDiff);
        assertTrue(maxDiff <= 1e-5, engine + " " + kind + ": max difference " + maxDiff);
        assertEquals(straight.summary.last().mIoU(), resumed.summary.last().mIoU(), 1e-9, "mIoU");
    }

    private static double maxDifference(Map<String, float[]> x, Map<String, float[]> y) {
        assertEquals(x.keySet(), y.keySet());
        double max = 0;
        for (Map.Entry<String, float[]> e : x.entrySet()) {
            float[] a = e.getValue();
            float[] b = y.get(e.getKey());
            for (int i = 0; i < a.length; i++) {
                max = Math.max(max, Math.abs(a[i] - b[i]));
            }
        }
        return max;
    }

    private record Run(TrainingSummary summary, Map<String, float[]> params) {}

    /**
     * Trains a two-epoch run; {@code stopAfterFirst} ends it after epoch 1 (its checkpoint
     * written), as an interrupt between epochs does.
     */
    private static Run train(
            String engine, OptimizerKind kind, Path out, boolean resume, boolean stopAfterFirst)
            throws Exception {
        return train(engine, kind, out, resume, stopAfterFirst, false);
    }

    /** As above; {@code stopAtOnce} ends the run after its first step (a partial checkpoint). */
    private static Run train(
            String engine,
            OptimizerKind kind,
            Path out,
            boolean resume,
            boolean stopAfterFirst,
            boolean stopAtOnce)
            throws Exception {
        try (NDManager nd = NDManager.newBaseManager(Device.cpu(), engine)) {
            nd.getEngine().setRandomSeed(11);
            NDArray x = nd.randomNormal(new Shape(8, 3, 32, 32));
            NDArray y = nd.randomInteger(0, 3, new Shape(8, 32, 32), DataType.INT32);
            ArrayDataset train =
                    new ArrayDataset.Builder()
                            .setData(x)
                            .optLabels(y)
                            .setSampling(4, true, true) // shuffled: the order must come back
                            .build();
            ArrayDataset val =
                    new ArrayDataset.Builder()
                            .setData(x.get("0:2"))
                            .optLabels(y.get("0:2"))
                            .setSampling(1, false)
                            .build();
            AtomicReference<SANetTrainer> self = new AtomicReference<>();
            TrainingProgress stopper =
                    new TrainingProgress() {
                        @Override
                        public void onEpoch(EpochRecord record) {
                            if (stopAfterFirst && record.epoch() == 1) {
                                self.get().requestStop();
                            }
                        }
                    };
            TrainingConfig config =
                    TrainingConfig.builder(
                                    TrainingNetwork.builder(DEF)
                                            .classes(List.of("a", "b", "c"))
                                            .build())
                            .engine(engine)
                            .recipe(
                                    Recipe.segmentation().toBuilder()
                                            .resolution(new Resolution(32, 32))
                                            .batchSize(4)
                                            .epochs(2)
                                            .optimizer(kind)
                                            .learningRate(kind == OptimizerKind.SGD ? 0.02 : 0.002)
                                            .seed(123)
                                            .build())
                            .outputDir(out)
                            .resume(resume)
                            .progress(stopper)
                            .build();
            try (SANetTrainer t = new SANetTrainer(config)) {
                self.set(t);
                if (stopAtOnce) {
                    t.requestStop();
                }
                TrainingSummary s = t.fit(train, val);
                Map<String, float[]> params = new LinkedHashMap<>();
                for (Map.Entry<String, Parameter> p :
                        ParameterNames.of(t.model().getBlock()).entrySet()) {
                    params.put(p.getKey(), p.getValue().getArray().toFloatArray());
                }
                return new Run(s, params);
            }
        }
    }
}
