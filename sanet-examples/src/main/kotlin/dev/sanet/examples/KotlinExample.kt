package dev.sanet.examples

import ai.djl.modality.cv.ImageFactory
import ai.djl.modality.cv.output.CategoryMask
import com.google.gson.JsonObject
import dev.sanet.core.Backbone
import dev.sanet.core.SANet
import dev.sanet.core.SANetModel
import dev.sanet.core.data.Resolution
import dev.sanet.core.io.Palette
import dev.sanet.core.training.EpochRecord
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
import java.util.Locale
import kotlin.system.exitProcess

/**
 * sanet from Kotlin: builds a SANet with the fluent API, trains it briefly on the synthetic task
 * and segments one new image.
 *
 * Run it like the Java examples, with `sanet.jar` and `target/lib` on the class path (see
 * docs/getting-started.md): `dev.sanet.examples.KotlinExample [OUT] [--images N] [--size S]
 * [--epochs E] [--width W]`.
 *
 * It writes `OUT/data` (the synthetic VOC tree), `OUT/run` (checkpoints, metrics, curve),
 * `OUT/model` and `OUT/prediction.png`; the default `OUT` is `example-run/kotlin`. sanet's packages
 * are JSpecify `@NullMarked`, so Kotlin sees their types as non-null and their `@Nullable` ones
 * (such as [dev.sanet.core.training.TrainingResult.last]) as nullable.
 */
object KotlinExample {

    /**
     * What the example produced.
     *
     * @property modelDir the saved model directory
     * @property epochs epochs trained
     * @property pixAcc validation pixel accuracy after the last epoch, between 0 and 1
     * @property mIoU validation mean IoU after the last epoch, between 0 and 1
     * @property prediction the colour PNG of the segmented image
     * @property width the segmented image's width
     * @property height the segmented image's height
     * @property classPixels predicted pixels per class name, every class in class-id order
     */
    data class Result(
        val modelDir: Path,
        val epochs: Int,
        val pixAcc: Double,
        val mIoU: Double,
        val prediction: Path,
        val width: Int,
        val height: Int,
        val classPixels: Map<String, Long>,
    )

    private val usage =
        """
        Usage: KotlinExample [OUT] [options]
          OUT               output folder (default example-run/kotlin)
          --images N        synthetic images, train and val together (default 200)
          --size S          image side in pixels (default 64)
          --epochs E        epochs (default 3)
          --width W         backbone base width, a multiple of 8 (default 8)
        """
            .trimIndent()

    /** Runs the example from the command line; a bad argument prints one line and exits with 2. */
    @JvmStatic
    fun main(args: Array<String>) {
        if ("--help" in args || "-h" in args) {
            println(usage)
            return
        }
        try {
            runExample(*args)
        } catch (e: IllegalArgumentException) {
            System.err.println("${e.message} (--help lists the options)")
            exitProcess(2)
        }
    }

    /**
     * Writes the data, trains, saves the model and segments one new image.
     *
     * @param args `[OUT] [--images N] [--size S] [--epochs E] [--width W]`
     * @throws IllegalArgumentException naming the bad argument and its value
     */
    @JvmStatic
    fun runExample(vararg args: String): Result {
        val options = parse(args)
        val out = Path.of(options["out"] ?: "example-run/kotlin")
        val images = options.int("--images", default = 200, range = 4..100_000)
        val size = options.int("--size", default = 64, range = 16..1024)
        val epochs = options.int("--epochs", default = 3, range = 1..10_000)
        val width = options.int("--width", default = 8, range = 8..256)
        require(width % 8 == 0) { "KotlinExample: --width $width: expected a multiple of 8" }

        // The synthetic shape-and-texture task, written as a VOC tree (80% train, 20% val).
        val task =
            SyntheticTask.builder()
                .optSize(size, size)
                .optTextureScale(1.5)
                .optDistractors(0.05)
                .build()
        val dataDir = out.resolve("data")
        SyntheticWriter.write(SyntheticWriter.Format.VOC, dataDir, images, task)

        // The network, with the fluent builder.
        val definition =
            SANet.builder()
                .backbone(Backbone.RESNET18)
                .width(width)
                .numClasses(task.numClasses())
                .heads(4)
                .alpha(0.2)
                .beta(0.8)
                .build()

        val modelDir = out.resolve("model")
        val last = trainAndSave(definition, dataDir, out.resolve("run"), modelDir, size, epochs)

        // Load the saved model and segment a new image (stream 1: not in the written tree).
        val image = task.generate(1, 0).image()
        val prediction = out.resolve("prediction.png")
        val classPixels =
            SANetModel.load(modelDir).use { model ->
                model.newPredictor().use { predictor ->
                    val mask: CategoryMask =
                        predictor.predict(ImageFactory.getInstance().fromImage(image))
                    val classes: Array<IntArray> = mask.mask
                    MaskImages.writePng(MaskImages.colorize(classes, Palette.voc()), prediction)
                    val counts = classes.flatMap { it.asIterable() }.groupingBy { it }.eachCount()
                    model.classNames().withIndex().associate { (k, name) ->
                        name to (counts[k] ?: 0).toLong()
                    }
                }
            }

        val result =
            Result(
                modelDir = modelDir,
                epochs = last.epoch(),
                pixAcc = last.pixAcc(),
                mIoU = last.mIoU(),
                prediction = prediction,
                width = image.width,
                height = image.height,
                classPixels = classPixels,
            )
        println(
            "KotlinExample: %d epochs, validation pixAcc %.1f%%, mIoU %.1f%%; %s: %s"
                .format(
                    Locale.ROOT,
                    result.epochs,
                    100 * result.pixAcc,
                    100 * result.mIoU,
                    result.prediction,
                    result.classPixels.filterValues { it > 0 },
                )
        )
        return result
    }

    /** Trains on the train split, validates on val every epoch and saves the model directory. */
    private fun trainAndSave(
        definition: SANet,
        dataDir: Path,
        runDir: Path,
        modelDir: Path,
        size: Int,
        epochs: Int,
    ): EpochRecord {
        val batch = 4
        // Training: random scale in [0.75, 1.5] of the side, flip, crop to the side; shuffled.
        val trainOptions =
            DatasetOptions.builder()
                .root(dataDir)
                .split("train")
                .transform(Transform.TRAIN)
                .resolution(Resolution(size, size))
                .scaleRange(0.75, 1.5)
                .sampling(batch, true, true)
                .build()
        val trainSplit = VocDataset.builder().options(trainOptions)
        // Validation: every image at its original size, one at a time.
        val valSplit =
            VocDataset.builder().options(DatasetOptions.builder().root(dataDir).split("val").build())
        return trainSplit.build().use { train ->
            valSplit.build().use { validation ->
                // The recipe, immutable and checked; Training.run trains and then writes the model
                // directory (atomically) in one call.
                val config =
                    TrainingConfig.builder(TrainingNetwork.builder(definition).classes(train.classNames()).build())
                        .recipe(
                            Recipe.segmentation().toBuilder()
                                .resolution(Resolution(size, size))
                                .batchSize(batch)
                                .epochs(epochs)
                                .optimizer(OptimizerKind.ADAM)
                                .learningRate(0.005)
                                .headMultiplier(1.0)
                                .build(),
                        )
                        .outputDir(runDir)
                        .modelDir(modelDir)
                        .metadata(JsonObject().apply { addProperty("example", "KotlinExample") })
                        .build()
                val result = Training.run(config, train, validation)
                // last() is @Nullable in Java, so EpochRecord? here.
                checkNotNull(result.last()) { "no epoch ran" }
            }
        }
    }

    /** `OUT` under the key "out", each `--key value` under its key. */
    private fun parse(args: Array<out String>): Map<String, String> {
        val known = setOf("--images", "--size", "--epochs", "--width")
        val options = mutableMapOf<String, String>()
        var i = 0
        while (i < args.size) {
            val arg = args[i]
            when {
                arg in known -> {
                    require(i + 1 < args.size) { "KotlinExample: $arg needs a value" }
                    options[arg] = args[i + 1]
                    i += 2
                }
                arg.startsWith("--") ->
                    throw IllegalArgumentException(
                        "KotlinExample: unknown option $arg; expected one of ${known.sorted()}"
                    )
                "out" !in options -> {
                    options["out"] = arg
                    i++
                }
                else -> throw IllegalArgumentException("KotlinExample: unexpected argument '$arg'")
            }
        }
        return options
    }

    private fun Map<String, String>.int(key: String, default: Int, range: IntRange): Int {
        val text = this[key] ?: return default
        val value = text.trim().toIntOrNull()
        require(value != null && value in range) {
            "KotlinExample: $key $text: expected an integer in ${range.first}..${range.last}"
        }
        return value
    }
}
