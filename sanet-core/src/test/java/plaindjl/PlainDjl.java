package plaindjl;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.DeferredTranslatorFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A plain DJL program: loads a model directory through {@link Criteria} (the engine, translator and
 * block come from the directory's {@code serving.properties}) and segments images. No sanet type
 * appears here; sanet-core only has to be on the class path.
 */
public final class PlainDjl {

    private PlainDjl() {}

    /**
     * The masks of some images.
     *
     * @param modelDir the model directory
     * @param engine the engine, or null for the one in serving.properties
     * @param arguments Criteria arguments (protocol: scales, flip, baseSize, crop)
     * @param images image files
     * @return {@code mask[y][x]} per image
     * @throws Exception when loading or predicting fails
     */
    public static List<int[][]> masks(
            Path modelDir,
            @Nullable String engine,
            Map<String, String> arguments,
            List<Path> images)
            throws Exception {
        Criteria.Builder<Image, CategoryMask> b =
                Criteria.builder()
                        .setTypes(Image.class, CategoryMask.class)
                        .optModelPath(modelDir)
                        // DJL 0.36 picks a typed translator before it reads serving.properties;
                        // this DJL factory defers to the one serving.properties names.
                        .optTranslatorFactory(new DeferredTranslatorFactory())
                        .optDevice(Device.cpu());
        if (engine != null) {
            b.optEngine(engine);
        }
        arguments.forEach(b::optArgument);
        List<int[][]> out = new ArrayList<>();
        try (ZooModel<Image, CategoryMask> model = b.build().loadModel();
                Predictor<Image, CategoryMask> predictor = model.newPredictor()) {
            for (Path p : images) {
                out.add(predictor.predict(ImageFactory.getInstance().fromFile(p)).getMask());
            }
        }
        return out;
    }

    /**
     * The class scores of one image, {@code [K][H][W]}.
     *
     * @param modelDir the model directory
     * @param image an image file
     * @return the scores
     * @throws Exception when loading or predicting fails
     */
    public static float[][][] scores(Path modelDir, Path image) throws Exception {
        Criteria<Image, float[][][]> c =
                Criteria.builder()
                        .setTypes(Image.class, float[][][].class)
                        .optModelPath(modelDir)
                        .optTranslatorFactory(new DeferredTranslatorFactory())
                        .build();
        try (ZooModel<Image, float[][][]> model = c.loadModel();
                Predictor<Image, float[][][]> predictor = model.newPredictor()) {
            return predictor.predict(ImageFactory.getInstance().fromFile(image));
        }
    }
}
