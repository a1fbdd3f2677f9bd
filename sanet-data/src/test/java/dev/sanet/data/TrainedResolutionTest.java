package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.data.Resolution;
import dev.sanet.core.inference.ImagePredictor;
import dev.sanet.core.inference.Segmentation;
import dev.sanet.core.training.OptimizerKind;
import dev.sanet.core.training.Recipe;
import dev.sanet.core.training.Training;
import dev.sanet.core.training.TrainingConfig;
import dev.sanet.core.training.TrainingNetwork;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved model remembers the resolution it was trained at, and prediction at the defaults uses it:
 * a model trained on 64 px scenes segments the same scenes scaled up five times (320 px, what a
 * photo is to a model trained at a small size) about as well as the 64 px originals, because the
 * default protocol scales each image's long side to the model's base size.
 */
class TrainedResolutionTest {

    private static final int SIDE = 64;
    private static final int UP = 5;
    private static final int SCENES = 12;

    @TempDir Path tmp;

    @Test
    void aModelTrainedAt64PixelsSegmentsFiveTimesLargerScenesAtTheDefaults() throws Exception {
        Path modelDir = train();
        SyntheticTask task =
                SyntheticTask.builder()
                        .optSize(SIDE, SIDE)
                        .optObjects(3, 5)
                        .optDistractors(0.0)
                        .build();
        try (SANetModel model = SANetModel.load(modelDir)) {
            assertEquals(SIDE, model.predictionProtocol().baseSize());
            ImagePredictor predictor = model.newImagePredictor(model.predictionProtocol(), false);
            long[] small = new long[2];
            long[] large = new long[2];
            long[] own = new long[2];
            // What predict did before: each image at its own resolution (--base-size 0).
            ImagePredictor atOwnSize =
                    model.newImagePredictor(model.predictionProtocol().withSizes(0, SIDE), false);
            long background = 0;
            for (int i = 0; i < SCENES; i++) {
                LabeledImage scene = task.generate(1, i);
                count(predictor.predict(scene.image(), "small"), scene.label(), SIDE, 1, small);
                BufferedImage up = bilinear(scene.image(), SIDE * UP);
                Segmentation s = predictor.predict(up, "large");
                assertEquals(SIDE * UP, s.width());
                count(s, scene.label(), SIDE, UP, large);
                count(atOwnSize.predict(up, "own"), scene.label(), SIDE, UP, own);
                for (int label : scene.label()) {
                    background += label == 0 ? 1 : 0;
                }
            }
            double accSmall = (double) small[0] / small[1];
            double accLarge = (double) large[0] / large[1];
            double accOwn = (double) own[0] / own[1];
            double accBackground = (double) background / small[1];
            // The model must have learned the shapes, or equal accuracies would say nothing.
            assertTrue(
                    accSmall > accBackground + 0.05,
                    "64 px accuracy " + accSmall + " is no better than all-background");
            assertTrue(
                    accLarge >= 0.9 * accSmall,
                    "320 px accuracy " + accLarge + " below 90% of the 64 px " + accSmall);
            // And the default is what makes the difference: at its own resolution the large scene
            // comes out mostly background (measured: 67.0% against 74.1%, background 66.8%).
            assertTrue(
                    accLarge - accOwn > 0.5 * (accSmall - accBackground),
                    "at its own resolution " + accOwn + ", at the model's " + accLarge);
        }
    }

    /** Trains a small SANet at 64 px for a few epochs and returns its model folder. */
    private Path train() throws Exception {
        DatasetOptions options =
                DatasetOptions.builder()
                        .split("train")
                        .transform(Transform.TRAIN)
                        .threads(1)
                        .resolution(new Resolution(SIDE, SIDE))
                        .scaleRange(0.9, 1.1)
                        .seed(5)
                        .sampling(8, true, true)
                        .build();
        try (SyntheticDataset train =
                SyntheticDataset.builder()
                        .optImages(96)
                        .optImageSize(SIDE, SIDE)
                        .optObjects(3, 5)
                        .optDistractors(0.0)
                        .options(options)
                        .build()) {
            SANet def =
                    SANet.builder()
                            .backbone(Backbone.RESNET18)
                            .width(16)
                            .numClasses(train.numClasses())
                            .build();
            TrainingConfig config =
                    TrainingConfig.builder(
                                    TrainingNetwork.builder(def)
                                            .classes(train.classNames())
                                            .build())
                            .recipe(
                                    Recipe.segmentation().toBuilder()
                                            .resolution(new Resolution(SIDE, SIDE))
                                            .batchSize(8)
                                            .epochs(8)
                                            .optimizer(OptimizerKind.ADAM)
                                            .learningRate(0.005)
                                            .headMultiplier(1)
                                            .seed(1)
                                            .build())
                            .outputDir(tmp.resolve("run"))
                            .build();
            return Training.run(config, train, null).modelDir();
        }
    }

    /** Adds the correct and the labelled pixels of a prediction of a scene scaled by {@code up}. */
    private static void count(Segmentation s, int[] label, int side, int up, long[] totals) {
        int[][] classes = s.classes();
        for (int y = 0; y < side * up; y++) {
            for (int x = 0; x < side * up; x++) {
                int truth = label[(y / up) * side + x / up];
                if (truth != 255) {
                    totals[1]++;
                    totals[0] += classes[y][x] == truth ? 1 : 0;
                }
            }
        }
    }

    private static BufferedImage bilinear(BufferedImage src, int side) {
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, side, side, null);
        g.dispose();
        return out;
    }
}
