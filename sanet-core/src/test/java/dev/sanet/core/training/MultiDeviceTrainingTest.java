package dev.sanet.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.util.Pair;
import dev.sanet.core.Backbone;
import dev.sanet.core.Engines;
import dev.sanet.core.SANet;
import dev.sanet.core.data.Resolution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The split-and-merge arithmetic of data-parallel training (split a batch into shares, one forward
 * and backward per share with its loss weighted by its share, sum the gradients) gives the update
 * of the whole batch. DJL maps every CPU id to the one device {@code cpu()}, so two CPU "devices"
 * cannot be had here; the same arithmetic runs as micro-batches on one device. Each half of the
 * batch holds the same two images, so the per-share batch-norm statistics equal the whole batch's
 * and the comparison is exact up to float rounding.
 */
class MultiDeviceTrainingTest {

    private static final SANet DEF =
            SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(3).dropout(0).build();

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void twoSharesGiveTheSameLossAndUpdateAsTheWholeBatch(String engine) throws Exception {
        Result whole = train(engine, 0.1, 1);
        Result shares = train(engine, 0.1, 2);
        Result other = train(engine, 0.2, 1);
        assertEquals(whole.loss, shares.loss, 1e-5 * Math.max(1, whole.loss), "loss");
        assertEquals(whole.params.size(), shares.params.size());
        int moved = 0;
        for (int i = 0; i < whole.params.size(); i++) {
            float[] a = whole.params.get(i);
            float[] b = shares.params.get(i);
            for (int j = 0; j < a.length; j++) {
                assertEquals(a[j], b[j], 1e-5 * Math.max(1, Math.abs(a[j])), whole.names.get(i));
            }
            if (!java.util.Arrays.equals(a, other.params.get(i))) {
                moved++;
            }
        }
        // The step really moves the parameters (another rate gives others), so equal parameters
        // after it mean equal gradients.
        assertTrue(moved > 30, "parameters changed by the step: " + moved);
    }

    @Test
    void microBatchesMustDivideTheBatchAndNeedOneDevice() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                TrainingConfig.builder(
                                                TrainingNetwork.builder(DEF)
                                                        .classes(List.of("a", "b", "c"))
                                                        .build())
                                        .recipe(
                                                Recipe.segmentation().toBuilder()
                                                        .batchSize(4)
                                                        .build())
                                        .microBatches(3)
                                        .build());
        assertTrue(e.getMessage().contains("3"), e.getMessage());
    }

    private record Result(double loss, List<String> names, List<float[]> params) {}

    private static Result train(String engine, double lr, int microBatches) throws Exception {
        // The arrays live on the trainer's engine: a batch is stacked by that engine.
        try (NDManager nd = NDManager.newBaseManager(Device.cpu(), engine)) {
            nd.getEngine().setRandomSeed(5);
            NDArray ab = nd.randomNormal(new Shape(2, 3, 32, 32));
            NDArray x = NDArrays.concat(new NDList(ab, ab), 0);
            NDArray lab = nd.randomInteger(0, 3, new Shape(2, 32, 32), DataType.INT32);
            NDArray y = NDArrays.concat(new NDList(lab, lab), 0);
            ArrayDataset data =
                    new ArrayDataset.Builder()
                            .setData(x)
                            .optLabels(y)
                            .setSampling(4, false, true)
                            .build();
            Capture capture = new Capture();
            try (SANetTrainer t =
                    new SANetTrainer(
                            TrainingConfig.builder(
                                            TrainingNetwork.builder(DEF)
                                                    .classes(List.of("a", "b", "c"))
                                                    .build())
                                    .engine(engine)
                                    .recipe(
                                            Recipe.segmentation().toBuilder()
                                                    .resolution(new Resolution(32, 32))
                                                    .batchSize(4)
                                                    .epochs(1)
                                                    .learningRate(lr)
                                                    .momentum(0)
                                                    .weightDecay(0)
                                                    .headMultiplier(1)
                                                    .seed(9)
                                                    .build())
                                    .microBatches(microBatches)
                                    .progress(capture)
                                    .build())) {
                TrainingSummary s = t.fit(data, null);
                assertEquals(1, s.iterations());
                List<String> names = new ArrayList<>();
                List<float[]> params = new ArrayList<>();
                for (Pair<String, Parameter> p : t.model().getBlock().getParameters()) {
                    // Running statistics are updated once per share, so they are not compared.
                    if (p.getValue().requiresGradient()) {
                        names.add(p.getKey());
                        params.add(p.getValue().getArray().toFloatArray());
                    }
                }
                return new Result(capture.loss, names, params);
            }
        }
    }

    /** Keeps the loss of the (only) step. */
    private static final class Capture implements TrainingProgress {
        double loss = Double.NaN;

        @Override
        public void onStep(
                int epoch,
                int epochs,
                long step,
                long steps,
                Map<String, Double> terms,
                double lr) {
            loss = terms.get("loss");
        }
    }
}
