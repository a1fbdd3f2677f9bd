package dev.sanet.core.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import com.google.gson.JsonObject;
import dev.sanet.core.Backbone;
import dev.sanet.core.Engines;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.metrics.ConfusionMatrix;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Evaluation} on a tiny SANet equals the hand loops it replaces, on both engines: the plain
 * forward pass of training's validation for the single-scale protocol, and the {@link Segmenter}
 * run per image for a multi-scale, flipped, windowed one.
 */
class EvaluationTest {
    private static final int K = 3;
    private static final SANet TINY =
            SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(K).build();

    /** Image sizes (H, W): odd, portrait and landscape. */
    private static final int[][] SIZES = {{20, 24}, {13, 21}, {24, 14}};

    /**
     * Scales 0.5 and 1.25 of 24 with a 20 window: at 0.5 one pass per image, at 1.25 (a long side
     * of 30) two windows along the long side; each with its flip.
     */
    private static final Protocol MULTI =
            Protocol.builder().scales(0.5, 1.25).flip(true).baseSize(24).cropSize(20).build();

    /**
     * Records of a random normalised image {@code (3, H, W)} and random labels {@code (H, W)} with
     * ids 0..K-1, 255 and 7 (both outside [0, K), so not counted), generated from the index.
     */
    static final class Images extends RandomAccessDataset {
        private final int count;
        private final @Nullable NDManager foreign;

        /**
         * @param count the first {@code count} sizes of {@link #SIZES}
         * @param foreign when not null, records are made on this manager (another engine) instead
         *     of the one asked for
         */
        Images(int count, @Nullable NDManager foreign) {
            super(new Builder().setSampling(1, false));
            this.count = count;
            this.foreign = foreign;
        }

        static int[] labels(long index) {
            int h = SIZES[(int) index][0];
            int w = SIZES[(int) index][1];
            Random r = new Random(100 + index);
            int[] ids = {0, 1, 2, 2, 1, 255, 7};
            int[] out = new int[h * w];
            for (int i = 0; i < out.length; i++) {
                out[i] = ids[r.nextInt(ids.length)];
            }
            return out;
        }

        @Override
        public Record get(NDManager manager, long index) {
            NDManager on = foreign == null ? manager : foreign;
            int h = SIZES[(int) index][0];
            int w = SIZES[(int) index][1];
            Random r = new Random(index);
            float[] image = new float[3 * h * w];
            for (int i = 0; i < image.length; i++) {
                image[i] = (float) r.nextGaussian();
            }
            return new Record(
                    new NDList(on.create(image, new Shape(3, h, w))),
                    new NDList(on.create(labels(index), new Shape(h, w))));
        }

        @Override
        protected long availableSize() {
            return count;
        }

        @Override
        public void prepare(@Nullable Progress progress) {}

        static final class Builder extends RandomAccessDataset.BaseBuilder<Builder> {
            @Override
            protected Builder self() {
                return this;
            }
        }
    }

    private static Model tinyModel(String engine) {
        Model model = Model.newInstance("sanet", Device.cpu(), engine);
        model.setBlock(TINY.newBlock());
        model.getBlock()
                .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
        return model;
    }

    private static Evaluation evaluation(Model model, Protocol protocol) {
        return Evaluation.of(
                Segmenter.builder(model.getBlock(), TINY::predictionLogits)
                        .optProtocol(protocol)
                        .build(),
                K);
    }

    private static void assertSameCounts(ConfusionMatrix expected, ConfusionMatrix got) {
        long[][] e = expected.toArray();
        long[][] g = got.toArray();
        for (int t = 0; t < K; t++) {
            assertArrayEquals(e[t], g[t], "row " + t);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void singleScaleEqualsThePlainForwardLoopOfValidation(String engine) throws IOException {
        try (Model model = tinyModel(engine)) {
            Images data = new Images(3, null);
            // The loop the trainer's validation ran: forward, prediction logits, argmax.
            ConfusionMatrix expected = new ConfusionMatrix(K);
            try (NDManager m = model.getNDManager().newSubManager()) {
                for (long i = 0; i < data.size(); i++) {
                    Record r = data.get(m, i);
                    NDList out =
                            model.getBlock()
                                    .forward(
                                            new ParameterStore(m, false),
                                            new NDList(r.getData().head().expandDims(0)),
                                            false);
                    NDArray classes = TINY.predictionLogits(out).argMax(1);
                    expected.add(r.getLabels().head().expandDims(0), classes);
                }
            }
            EvaluationResult result =
                    evaluation(model, Protocol.SINGLE_SCALE).evaluate(data, model.getNDManager());
            assertSameCounts(expected, result.confusion());
            assertEquals(3, result.images());
            assertEquals(Protocol.SINGLE_SCALE, result.protocol());
            long labelled = 0;
            for (long i = 0; i < SIZES.length; i++) {
                for (int id : Images.labels(i)) {
                    labelled += id >= 0 && id < K ? 1 : 0;
                }
            }
            assertEquals(labelled, result.scores().labelledPixels());
            assertEquals(expected.scores().meanIoU(), result.scores().meanIoU(), 0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void multiScaleFlipAndWindowEqualTheSegmenterPerImage(String engine) throws IOException {
        try (Model model = tinyModel(engine)) {
            Images data = new Images(2, null);
            Segmenter segmenter =
                    Segmenter.builder(model.getBlock(), TINY::predictionLogits)
                            .optProtocol(MULTI)
                            .build();
            ConfusionMatrix expected = new ConfusionMatrix(K);
            try (NDManager root = model.getNDManager().newSubManager()) {
                for (long i = 0; i < data.size(); i++) {
                    try (NDManager m = root.newSubManager()) {
                        Record r = data.get(m, i);
                        expected.add(r.getLabels().head(), segmenter.classes(r.getData().head()));
                    }
                }
            }
            List<long[]> calls = new ArrayList<>();
            EvaluationResult result =
                    evaluation(model, MULTI)
                            .evaluate(
                                    data,
                                    model.getNDManager(),
                                    (done, total) -> calls.add(new long[] {done, total}));
            assertSameCounts(expected, result.confusion());
            assertEquals(MULTI, result.protocol());
            // The listener sees every image, in order.
            assertEquals(2, calls.size());
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(new long[] {i + 1, 2}, calls.get(i));
            }
        }
    }

    private static long counted(ConfusionMatrix cm) {
        long n = 0;
        for (long[] row : cm.toArray()) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    @ParameterizedTest
    @ValueSource(strings = {Engines.MXNET, Engines.PYTORCH})
    void maxSideSegmentsLargeImagesSmallerAndCountsEveryLabelPixel(String engine)
            throws IOException {
        try (Model model = tinyModel(engine)) {
            Images data = new Images(3, null);
            ConfusionMatrix exact =
                    evaluation(model, Protocol.SINGLE_SCALE)
                            .evaluate(data, model.getNDManager())
                            .confusion();
            // A bound at or above every image's long side changes nothing.
            ConfusionMatrix loose =
                    Evaluation.of(
                                    Segmenter.builder(model.getBlock(), TINY::predictionLogits)
                                            .optProtocol(Protocol.builder().maxSide(24).build())
                                            .build(),
                                    K)
                            .evaluate(data, model.getNDManager())
                            .confusion();
            assertSameCounts(exact, loose);
            // A tighter one segments at half size, yet every label pixel is still counted once.
            ConfusionMatrix bounded =
                    Evaluation.of(
                                    Segmenter.builder(model.getBlock(), TINY::predictionLogits)
                                            .optProtocol(Protocol.builder().maxSide(12).build())
                                            .build(),
                                    K)
                            .evaluate(data, model.getNDManager())
                            .confusion();
            assertEquals(counted(exact), counted(bounded));
            assertTrue(counted(bounded) > 0);
        }
        assertThrows(IllegalArgumentException.class, () -> Protocol.builder().maxSide(5).build());
    }

    @Test
    void recordsOfAnotherEngineAreCopiedToTheNetworksEngine() throws IOException {
        try (Model model = tinyModel(Engines.PYTORCH);
                NDManager mxnet = NDManager.newBaseManager(Device.cpu(), Engines.MXNET)) {
            Evaluation e = evaluation(model, Protocol.SINGLE_SCALE);
            EvaluationResult own = e.evaluate(new Images(3, null), model.getNDManager());
            EvaluationResult copied = e.evaluate(new Images(3, mxnet), model.getNDManager());
            assertSameCounts(own.confusion(), copied.confusion());
        }
    }

    @Test
    void aManagerOfAnotherEngineIsRefused() {
        try (Model model = tinyModel(Engines.MXNET);
                NDManager torch = NDManager.newBaseManager(Device.cpu(), Engines.PYTORCH)) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    evaluation(model, Protocol.SINGLE_SCALE)
                                            .evaluate(new Images(3, null), torch));
            assertTrue(
                    e.getMessage().contains("MXNet") && e.getMessage().contains("PyTorch"),
                    e.getMessage());
        }
    }

    @Test
    void aClassCountOtherThanTheNetworksIsRefused() {
        try (Model model = tinyModel(Engines.MXNET)) {
            Evaluation four =
                    Evaluation.of(
                            Segmenter.builder(model.getBlock(), TINY::predictionLogits).build(), 4);
            IllegalStateException e =
                    assertThrows(
                            IllegalStateException.class,
                            () -> four.evaluate(new Images(3, null), model.getNDManager()));
            assertTrue(e.getMessage().contains("3 class scores"), e.getMessage());
            IllegalArgumentException zero =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    Evaluation.of(
                                            Segmenter.builder(
                                                            model.getBlock(),
                                                            TINY::predictionLogits)
                                                    .build(),
                                            0));
            assertTrue(zero.getMessage().contains("got 0"), zero.getMessage());
        }
    }

    @Test
    void theModelsConvenienceIsTheEvaluationWithItsSizesAndPadding() throws IOException {
        Model model = tinyModel(Engines.MXNET);
        try (SANetModel wrapped =
                SANetModel.of(
                        TINY,
                        model,
                        List.of("a", "b", "c"),
                        new int[] {0, 1, 2},
                        24,
                        20,
                        new JsonObject())) {
            assertEquals(MULTI, wrapped.protocol(List.of(0.5, 1.25), true));
            // One scale without flip keeps it short; the 20 window still pads with black.
            Protocol p = wrapped.protocol(List.of(1.0), false);
            Images data = new Images(3, null);
            EvaluationResult viaModel = wrapped.evaluate(data, p);
            EvaluationResult direct =
                    Evaluation.of(
                                    Segmenter.builder(model.getBlock(), TINY::predictionLogits)
                                            .optProtocol(p)
                                            .optPadValue(ImagePreparation.IMAGENET.black())
                                            .build(),
                                    K)
                            .evaluate(data, model.getNDManager());
            assertSameCounts(direct.confusion(), viaModel.confusion());
            assertEquals(3, viaModel.images());
        }
    }
}
