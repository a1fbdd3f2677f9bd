package example;

import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.CategoryMask;
import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.data.Resolution;
import dev.sanet.core.io.Palette;
import dev.sanet.core.training.OptimizerKind;
import dev.sanet.core.training.Recipe;
import dev.sanet.core.training.Training;
import dev.sanet.core.training.TrainingConfig;
import dev.sanet.core.training.TrainingNetwork;
import dev.sanet.data.DatasetOptions;
import dev.sanet.data.MaskImages;
import dev.sanet.data.SegmentationDataset;
import dev.sanet.data.SyntheticTask;
import dev.sanet.data.SyntheticWriter;
import dev.sanet.data.Transform;
import dev.sanet.data.VocDataset;
import java.nio.file.Path;

/**
 * A first sanet program: writes 200 synthetic 64x64 images (6 classes told apart by shape and
 * texture) in PASCAL VOC layout, trains SANet-ResNet18 at a quarter of the paper's width for 3
 * epochs, saves the model in {@code hello-model/} and segments one image into {@code hello.png}.
 * About 10 s on 2 cores; run it with {@code OMP_NUM_THREADS=2 mvn -B compile exec:java}.
 */
public final class Hello {

    private Hello() {}

    /**
     * Runs the program in the current folder.
     *
     * @param args none
     * @throws Exception if a file cannot be written or the engine fails
     */
    public static void main(String[] args) throws Exception {
        Path data = Path.of("hello-data");
        SyntheticWriter.write(
                SyntheticWriter.Format.VOC,
                data,
                200,
                SyntheticTask.builder().optSize(64, 64).build());
        SANet net = SANet.builder().backbone(Backbone.RESNET18).width(16).numClasses(6).build();
        Resolution size = new Resolution(64, 64);
        DatasetOptions options =
                DatasetOptions.builder()
                        .root(data)
                        .transform(Transform.TRAIN)
                        .resolution(size)
                        .sampling(8, true, true)
                        .build();
        try (SegmentationDataset train = VocDataset.builder().options(options).build()) {
            Recipe recipe =
                    Recipe.segmentation().toBuilder()
                            .resolution(size)
                            .batchSize(8)
                            .epochs(3)
                            .optimizer(OptimizerKind.ADAM)
                            .learningRate(0.005)
                            .build();
            TrainingConfig config =
                    TrainingConfig.builder(
                                    TrainingNetwork.builder(net)
                                            .classes(train.classNames())
                                            .build())
                            .recipe(recipe)
                            .modelDir(Path.of("hello-model"))
                            .build(); // every setting is checked here: a bad one throws, named
            Training.run(config, train, null); // null: no validation split
        }
        Path image = data.resolve("VOCdevkit/VOC2012/JPEGImages/2012_000001.jpg");
        try (SANetModel model = SANetModel.load(Path.of("hello-model"));
                Predictor<Image, CategoryMask> predictor = model.newPredictor()) {
            CategoryMask mask = predictor.predict(ImageFactory.getInstance().fromFile(image));
            MaskImages.writePng(
                    MaskImages.colorize(mask.getMask(), Palette.voc()), Path.of("hello.png"));
        }
        System.out.println("model in hello-model/, the mask of " + image + " in hello.png");
    }
}
