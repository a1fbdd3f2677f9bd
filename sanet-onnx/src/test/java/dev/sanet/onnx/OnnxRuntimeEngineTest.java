package dev.sanet.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.DeferredTranslatorFactory;
import dev.sanet.core.Backbone;
import dev.sanet.core.Engines;
import dev.sanet.core.ModelFileException;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.inference.Segmentation;
import dev.sanet.onnx.runtime.OnnxFolder;
import dev.sanet.onnx.runtime.OnnxRuntimeEngine;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
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

    private static List<int[][]> masks(
            Path path, String engine, boolean multiScale, boolean ownSize) throws IOException {
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
    private static double agreement(List<int[][]> a, List<int[][]> b) {
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

    private static int classesSeen(List<int[][]> masks) {
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

    @Test
    void plainDjlLoadsAnExportedFolderOnOnnxRuntime() throws Exception {
        // One pass at the image's own size: the same as the route for images within the crop.
        List<int[][]> mx = masks(modelDir, "mxnet", false, true).subList(0, 2);
        List<int[][]> djl = new ArrayList<>();
        Criteria<Image, CategoryMask> c =
                Criteria.builder()
                        .setTypes(Image.class, CategoryMask.class)
                        .optModelPath(exported)
                        .optEngine("OnnxRuntime")
                        .optTranslatorFactory(new DeferredTranslatorFactory())
                        .optDevice(Device.cpu())
                        .build();
        try (ZooModel<Image, CategoryMask> model = c.loadModel();
                Predictor<Image, CategoryMask> predictor = model.newPredictor()) {
            for (Path f : images.subList(0, 2)) {
                CategoryMask m = predictor.predict(ImageFactory.getInstance().fromFile(f));
                assertEquals(List.of("class0", "class1", "class2"), m.getClasses());
                djl.add(m.getMask());
            }
        }
        double agree = agreement(mx, djl);
        assertTrue(agree >= 0.999, "agreement " + agree);
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
                                                    new NDList(
                                                            nd.zeros(
                                                                    new ai.djl.ndarray.types.Shape(
                                                                            1, 3, 8, 8))),
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
