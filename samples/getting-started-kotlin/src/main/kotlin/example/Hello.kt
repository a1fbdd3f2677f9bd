// A first sanet program in Kotlin: writes 200 synthetic 64x64 images (6 classes told apart by
// shape and texture) in PASCAL VOC layout, trains SANet-ResNet18 at a quarter of the paper's width
// for 3 epochs, saves the model in hello-model/ and segments one image into hello.png. About 15 s
// on 2 cores; run it with `OMP_NUM_THREADS=2 mvn -B compile exec:java`.
package example

import ai.djl.modality.cv.ImageFactory
import dev.sanet.core.Backbone
import dev.sanet.core.SANet
import dev.sanet.core.SANetModel
import dev.sanet.core.data.Resolution
import dev.sanet.core.io.Palette
import dev.sanet.core.training.OptimizerKind
import dev.sanet.core.training.Recipe
import dev.sanet.core.training.Training
import dev.sanet.core.training.TrainingConfig
import dev.sanet.core.training.TrainingNetwork
import dev.sanet.data.DatasetOptions
import dev.sanet.data.MaskImages
import dev.sanet.data.SyntheticTask
import dev.sanet.data.SyntheticWriter
import dev.sanet.data.Transform
import dev.sanet.data.VocDataset
import java.nio.file.Path

fun main() {
    val data = Path.of("hello-data")
    SyntheticWriter.write(SyntheticWriter.Format.VOC, data, 200, SyntheticTask.builder().optSize(64, 64).build())
    val net = SANet.builder().backbone(Backbone.RESNET18).width(16).numClasses(6).build()
    val size = Resolution(64, 64)
    val options = DatasetOptions.builder().root(data).transform(Transform.TRAIN)
        .resolution(size).sampling(8, true, true).build()
    // sanet's packages are JSpecify @NullMarked: Kotlin sees their types as non-null, and every
    // closeable (datasets, model, predictor) goes through use {}.
    VocDataset.builder().options(options).build().use { train ->
        val recipe = Recipe.segmentation().toBuilder().resolution(size)
            .batchSize(8).epochs(3).optimizer(OptimizerKind.ADAM).learningRate(0.005).build()
        val network = TrainingNetwork.builder(net).classes(train.classNames()).build()
        val config = TrainingConfig.builder(network).recipe(recipe)
            .modelDir(Path.of("hello-model")).build() // every setting is checked here
        Training.run(config, train, null) // null: no validation split
    }
    val image = data.resolve("VOCdevkit/VOC2012/JPEGImages/2012_000001.jpg")
    SANetModel.load(Path.of("hello-model")).use { model ->
        model.newPredictor().use { predictor ->
            val mask = predictor.predict(ImageFactory.getInstance().fromFile(image))
            MaskImages.writePng(MaskImages.colorize(mask.mask, Palette.voc()), Path.of("hello.png"))
        }
    }
    println("model in hello-model/, the mask of $image in hello.png")
}
