package dev.sanet.core.training;

import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import com.google.gson.JsonObject;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.io.AtomicFolder;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * "Train, then write a model directory" as one call: what the {@code sanet} commands, the example
 * programs and the paper reproductions do.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder(
 *                 TrainingNetwork.builder(definition).classes(train.classNames()).build())
 *         .recipe(Recipe.segmentation().toBuilder().resolution(Resolution.PAPER).build())
 *         .outputDir(Path.of("runs/context59")).resume(true)
 *         .build();
 * TrainingResult r = Training.run(config, train, val);   // runs/context59/model
 * try (SANetModel model = SANetModel.load(r.modelDir())) { ... }
 * }</pre>
 */
public final class Training {

    private Training() {}

    /**
     * Trains with {@link SANetTrainer} and writes the model directory ({@link SANetModel#save})
     * into {@link TrainingConfig#modelDir()}: the parameters, the architecture, the class names and
     * colours, the base and crop sizes and a training summary (the configuration's metadata plus
     * {@code epochs}, {@code iterations}, {@code pixAcc}, {@code mIoU}, {@code mIoUAllClasses}).
     * The model directory is written atomically: into a temporary sibling folder that then replaces
     * it, so a failure leaves an earlier model intact. An interrupted run (see {@link
     * SANetTrainer#requestStop()}) still writes the model it has; the summary says it was
     * interrupted.
     *
     * @param config the configuration; it needs a SANet definition and a model folder ({@link
     *     TrainingConfig#modelDir()}, by default {@code outputDir/model})
     * @param train the training split; its sampler's batch size must equal the configuration's
     * @param validation the validation split (batch size 1 for original-size images), or null
     * @return the summary and the model folder
     * @throws IOException when the data, the run's outputs or the model cannot be read or written
     * @throws IllegalArgumentException when the configuration has no definition or no model folder
     * @throws TrainingDivergedException when the loss becomes NaN or infinite (no model is written)
     */
    public static TrainingResult run(
            TrainingConfig config, RandomAccessDataset train, @Nullable Dataset validation)
            throws IOException {
        SANet definition = config.network().definition();
        if (definition == null) {
            throw new IllegalArgumentException(
                    "Training.run writes a SANet model directory: the configuration needs a SANet"
                            + " definition, not a bare block (use SANetTrainer for a bare block)");
        }
        Path modelDir = config.modelDir();
        if (modelDir == null) {
            throw new IllegalArgumentException(
                    "Training.run needs a folder for the model: set modelDir or outputDir");
        }
        try (SANetTrainer trainer = new SANetTrainer(config)) {
            TrainingSummary s = trainer.fit(train, validation);
            JsonObject summary = config.metadata();
            summary.addProperty("epochs", s.epochs());
            summary.addProperty("iterations", s.iterations());
            EpochRecord last = s.last();
            if (last != null) {
                summary.addProperty("pixAcc", last.pixAcc());
                summary.addProperty("mIoU", last.mIoU());
                summary.addProperty("mIoUAllClasses", last.mIoUAllClasses());
            }
            // The wrapper shares the trainer's DJL model, which the trainer closes.
            SANetModel model =
                    SANetModel.of(
                            definition,
                            trainer.model(),
                            config.network().classNames(),
                            config.network().colors(),
                            config.recipe().resolution().baseSize(),
                            config.recipe().resolution().cropSize(),
                            summary);
            AtomicFolder.write(modelDir, model::save);
            return new TrainingResult(s, modelDir, model.engine());
        }
    }
}
