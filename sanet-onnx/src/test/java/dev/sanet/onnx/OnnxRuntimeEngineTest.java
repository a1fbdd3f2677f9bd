package dev.sanet.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.DeferredTranslatorFactory;
import ai.djl.util.PairList;
import dev.sanet.core.Backbone;
import dev.sanet.core.Engines;
import dev.sanet.core.ModelFileException;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.FixedSizeNetwork;
import dev.sanet.core.inference.ImagePredictor;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.inference.Segmentation;
import dev.sanet.onnx.runtime.OnnxFolder;
import dev.sanet.onnx.runtime.OnnxRuntimeEngine;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime as an inference engine through the one prediction route: a model folder (exported in
 * memory), an exported file and an exported folder give the masks MXNet gives, under the prediction
 * protocol (one pass, or a sliding window for images larger than the crop) and under multi-scale
 * with flip; plain DJL loads an exported folder; training is refused.
 */
class OnnxRuntimeEngineTest {

    @TempDir static Path tmp;
    static Path modelDir;
    static Path exported;
    static Path fixed;
    static Path oblong;
    static List<Path> images;

    @BeforeAll
    static void writeModelAndImages() throws IOException {
        SANet def =
                SANet.builder()
                        .backbone(Backbone.RESNET18)
                        .width(8)
                        .numClasses(3)
                        .prediction(Prediction.MASK)
                        .build();
        modelDir = tmp.resolve("model");
        exported = tmp.resolve("exported");
        try (SANetModel m = TestModels.model(def, Engines.MXNET, 11)) {
            m.save(modelDir);
            OnnxFolder.write(m, OnnxExport.builder().build(), exported);
            // Fixed to the crop (64 x 64) as a folder, and to another size as a file.
            fixed = tmp.resolve("fixed");
            OnnxFolder.write(m, OnnxExport.builder().size(64, 64).build(), fixed);
            oblong = tmp.resolve("oblong.onnx");
            OnnxExport.builder().size(48, 80).build().write(m, oblong);
        }
        images = new ArrayList<>();
        Random r = new Random(3);
        // The crop is 64: the 90x70 image runs as a sliding window.
        int[][] sizes = {{48, 40}, {61, 37}, {90, 70}};
        for (int i = 0; i < sizes.length; i++) {
            BufferedImage img =
                    new BufferedImage(sizes[i][0], sizes[i][1], BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int smooth = ((x * 5) & 0xff) << 16 | ((y * 7) & 0xff) << 8 | 0x40;
                    img.setRGB(x, y, (x + y) % 3 == 0 ? r.nextInt(1 << 24) : smooth);
                }
            }
            Path f = tmp.resolve("img" + i + ".png");
            ImageIO.write(img, "png", f.toFile());
            images.add(f);
        }
    }

    private static List<int[][]> masks(Path path, String engine, boolean multiScale)
            throws IOException {
        return masks(path, engine, multiScale, false);
    }

    static List<int[][]> masks(Path path, String engine, boolean multiScale, boolean ownSize)
            throws IOException {
        List<int[][]> out = new ArrayList<>();
        try (SANetModel model = SANetModel.load(path, engine)) {
            assertEquals(Engines.canonical(engine), model.engine());
            Protocol p =
                    multiScale
                            ? model.protocol(List.of(0.75, 1.0), true)
                            : ownSize
                                    // Base size 0: each image at its own size, as plain DJL runs.
                                    ? Protocol.builder().cropSize(model.cropSize()).build()
                                    : model.predictionProtocol();
            var predictor = model.newImagePredictor(p, false);
            for (Path f : images) {
                Segmentation s = predictor.predict(f);
                out.add(s.classes());
            }
        }
        return out;
    }

    /** The share of pixels on which two sets of masks agree. */
    static double agreement(List<int[][]> a, List<int[][]> b) {
        long same = 0;
        long all = 0;
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).length, b.get(i).length);
            for (int y = 0; y < a.get(i).length; y++) {
                for (int x = 0; x < a.get(i)[y].length; x++) {
                    all++;
                    same += a.get(i)[y][x] == b.get(i)[y][x] ? 1 : 0;
                }
            }
        }
        return (double) same / all;
    }

    static int classesSeen(List<int[][]> masks) {
        boolean[] seen = new boolean[3];
        for (int[][] m : masks) {
            for (int[] row : m) {
                for (int c : row) {
                    seen[c] = true;
                }
            }
        }
        int n = 0;
        for (boolean s : seen) {
            n += s ? 1 : 0;
        }
        return n;
    }

    @Test
    void aModelFolderOnOnnxRuntimeGivesMxNetsMasks() throws IOException {
        List<int[][]> mx = masks(modelDir, "mxnet", false);
        assertTrue(classesSeen(mx) >= 2, "the random model predicts more than one class");
        List<int[][]> ort = masks(modelDir, "onnxruntime", false);
        double agree = agreement(mx, ort);
        assertTrue(agree >= 0.999, "agreement " + agree);
    }

    @Test
    void multiScaleAndFlipRunOnTheGraphToo() throws IOException {
        double agree = agreement(masks(modelDir, "mxnet", true), masks(modelDir, "ort", true));
        assertTrue(agree >= 0.999, "agreement " + agree);
    }

    @Test
    void anExportedFileAndItsFolderLoadWithTheirMetadata() throws IOException {
        List<int[][]> mx = masks(modelDir, "mxnet", false);
        for (Path p : List.of(exported, exported.resolve("sanet.onnx"))) {
            try (SANetModel m = SANetModel.load(p, "onnxruntime")) {
                assertEquals(List.of("class0", "class1", "class2"), m.classNames());
                assertEquals(Prediction.MASK, m.definition().prediction());
                assertEquals(64, m.cropSize());
            }
            double agree = agreement(mx, masks(p, "onnxruntime", false));
            assertTrue(agree >= 0.999, p + ": agreement " + agree);
        }
    }

    @Test
    void aFolderWithoutAModelSaysWhatItExpects() {
        ModelFileException e =
                assertThrows(
                        ModelFileException.class,
                        () -> SANetModel.load(tmp.resolve("none"), "onnxruntime"));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void coreReadsTheMetadataUnderTheKeyTheExportWrites() {
        // sanet-core cannot see this module: its Criteria translator names the key itself.
        assertEquals(
                OnnxMetadata.METADATA, dev.sanet.core.zoo.SANetTranslatorFactory.EMBEDDED_METADATA);
    }

    /** The masks of DJL's own predictor on a folder loaded through plain {@code Criteria}. */
    static List<int[][]> criteriaMasks(Path dir, Map<String, Object> arguments) throws Exception {
        List<int[][]> out = new ArrayList<>();
        Criteria.Builder<Image, CategoryMask> b =
                Criteria.builder()
                        .setTypes(Image.class, CategoryMask.class)
                        .optModelPath(dir)
                        .optEngine("OnnxRuntime")
                        .optTranslatorFactory(new DeferredTranslatorFactory())
                        .optDevice(Device.cpu());
        arguments.forEach(b::optArgument);
        try (ZooModel<Image, CategoryMask> model = b.build().loadModel();
                Predictor<Image, CategoryMask> predictor = model.newPredictor()) {
            for (Path f : images) {
                CategoryMask m = predictor.predict(ImageFactory.getInstance().fromFile(f));
                assertEquals(List.of("class0", "class1", "class2"), m.getClasses());
                out.add(m.getMask());
            }
        }
        return out;
    }

    @Test
    void plainDjlGivesTheLibrarysMasksAtTheModelsBaseSize() throws Exception {
        // No image is at the base size 96: the route scales each to it (the two larger ones then
        // run as a sliding window of the crop 64), as SANetModel's predictor does.
        List<int[][]> library = masks(exported, "onnxruntime", false);
        List<int[][]> djl = criteriaMasks(exported, Map.of());
        double agree = agreement(library, djl);
        double mx = agreement(masks(modelDir, "mxnet", false), djl);
        // Each image at its own size instead: what the translator gave before it ran the route.
        double own = agreement(masks(exported, "onnxruntime", false, true), library);
        System.out.printf(
                "Criteria on ONNX Runtime vs the library's route: %.6f of the pixels (vs MXNet"
                        + " %.6f; the image's own size vs the base size %.6f)%n",
                agree, mx, own);
        assertTrue(agree >= 0.999, "agreement " + agree);
        assertTrue(mx >= 0.999, "agreement with MXNet " + mx);
        assertTrue(own < 0.99, "the base size changes the masks: " + own);
    }

    @Test
    void plainDjlTakesTheProtocolArguments() throws Exception {
        List<int[][]> own = masks(exported, "onnxruntime", false, true);
        List<int[][]> djl = criteriaMasks(exported, Map.of("baseSize", 0));
        double agree = agreement(own, djl);
        assertTrue(agree >= 0.999, "agreement " + agree);
    }

    @Test
    void aGraphFixedToTheCropGivesTheSymbolicGraphsMasks() throws Exception {
        // Every image is larger than the crop at the base size, so the route runs windows of
        // 64 x 64 on the symbolic graph too: the same computation.
        List<int[][]> mx = masks(modelDir, "mxnet", false);
        double library = agreement(mx, masks(fixed, "onnxruntime", false));
        double djl = agreement(mx, criteriaMasks(fixed, Map.of()));
        System.out.printf(
                "graph fixed to 64x64 vs MXNet: library route %.6f, Criteria %.6f%n", library, djl);
        assertTrue(library >= 0.999, "agreement " + library);
        assertTrue(djl >= 0.999, "Criteria agreement " + djl);
    }

    @Test
    void aGraphOfAnotherFixedSizeRunsEveryImageInWindowsOfItsSize() throws Exception {
        try (SANetModel m = SANetModel.load(oblong, "onnxruntime");
                SANetModel any = SANetModel.load(exported, "onnxruntime")) {
            FixedSizeNetwork net = (FixedSizeNetwork) m.model().getBlock();
            assertArrayEquals(new int[] {48, 80}, net.fixedSize());
            assertNull(((FixedSizeNetwork) any.model().getBlock()).fixedSize());
        }
        // At the base size (windows of 48 x 80 over each image scaled to 96) and at each image's
        // own
        // size (smaller than the graph: padded to one window): what the route gives on MXNet when
        // the network there says it is fixed to 48 x 80.
        for (boolean own : new boolean[] {false, true}) {
            List<int[][]> got = masks(oblong, "onnxruntime", false, own);
            List<int[][]> mx = new ArrayList<>();
            try (SANetModel m = SANetModel.load(modelDir, "mxnet")) {
                Protocol p =
                        own
                                ? Protocol.builder().cropSize(m.cropSize()).build()
                                : m.predictionProtocol();
                var predictor =
                        ImagePredictor.builder(
                                        m.model().getNDManager(),
                                        new FixedView(m.model().getBlock(), 48, 80),
                                        m.definition()::predictionLogits,
                                        m.classNames())
                                .optProtocol(p)
                                .optPreparation(m.preparation())
                                .build();
                for (Path f : images) {
                    mx.add(predictor.predict(f).classes());
                }
            }
            double agree = agreement(mx, got);
            System.out.printf(
                    "graph fixed to 48x80 (%s) vs MXNet fed 48x80 windows: %.6f%n",
                    own ? "own size" : "base size", agree);
            assertTrue(agree >= 0.999, "agreement " + agree);
        }
    }

    /** A network on a training engine that says it takes one size only, as a fixed graph does. */
    private static final class FixedView extends AbstractBlock implements FixedSizeNetwork {
        private final Block network;
        private final int height;
        private final int width;

        FixedView(Block network, int height, int width) {
            this.network = network;
            this.height = height;
            this.width = width;
        }

        @Override
        public int[] fixedSize() {
            return new int[] {height, width};
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps,
                NDList inputs,
                boolean training,
                @Nullable PairList<String, Object> params) {
            Shape s = inputs.singletonOrThrow().getShape();
            assertEquals(height, s.get(2));
            assertEquals(width, s.get(3));
            return network.forward(ps, inputs, training, params);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return network.getOutputShapes(inputShapes);
        }
    }

    @Test
    void theGraphRefusesToTrain() throws IOException {
        try (SANetModel m = SANetModel.load(exported, "onnxruntime");
                NDManager nd = m.model().getNDManager().newSubManager()) {
            UnsupportedOperationException e =
                    assertThrows(
                            UnsupportedOperationException.class,
                            () ->
                                    m.model()
                                            .getBlock()
                                            .forward(
                                                    new ParameterStore(nd, false),
                                                    new NDList(nd.zeros(new Shape(1, 3, 8, 8))),
                                                    true));
            assertTrue(e.getMessage().contains("inference only"), e.getMessage());
        }
    }

    @Test
    void transferFreesTheSourceBeforeLoadingAndScoresAsOfDoes() throws IOException {
        float[] kept;
        SANetModel source = SANetModel.load(modelDir, "mxnet");
        try (SANetModel a =
                OnnxRuntimeEngine.of(source, OnnxExport.builder().build(), Device.cpu())) {
            assertTrue(source.model().getNDManager().isOpen(), "of leaves the source open");
            kept = scores(a);
        }
        try (SANetModel b =
                OnnxRuntimeEngine.transfer(source, OnnxExport.builder().build(), Device.cpu())) {
            assertFalse(source.model().getNDManager().isOpen(), "transfer closes the source");
            float[] moved = scores(b);
            assertEquals(kept.length, moved.length);
            for (int i = 0; i < kept.length; i++) {
                assertEquals(kept[i], moved[i], 1e-6f, "score " + i);
            }
        }
    }

    /** The graph's scores for one fixed input through the model's block. */
    private static float[] scores(SANetModel m) {
        try (NDManager nd = m.model().getNDManager().newSubManager()) {
            nd.getEngine().setRandomSeed(5);
            NDArray x = nd.randomNormal(new ai.djl.ndarray.types.Shape(1, 3, 40, 36));
            return m.model()
                    .getBlock()
                    .forward(new ParameterStore(nd, false), new NDList(x), false)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }
}
