package dev.sanet.core.training;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import com.google.gson.JsonObject;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetBlock;
import dev.sanet.core.inference.Evaluation;
import dev.sanet.core.inference.Segmenter;
import dev.sanet.core.metrics.ConfusionMatrix;
import dev.sanet.core.metrics.SegmentationScores;
import dev.sanet.core.nn.EfficientNet;
import dev.sanet.core.nn.EfficientNetWeights;
import dev.sanet.core.nn.PretrainedWeights;
import dev.sanet.core.nn.ResNetV1s;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a segmentation network with a {@link TrainingConfig}: the SANet recipe
 * (docs/paper-reading.md section 4), validation every epoch over the whole split (one confusion
 * matrix), checkpoints every epoch written atomically with the optimizer's state, exact resume, a
 * time cap, NaN and infinite-loss detection and a checkpoint on interrupt (Ctrl-C).
 *
 * <p>The loop is {@code TrainingLoop}, shared with {@link Pretraining}; this class adds what is
 * segmentation's: the network, validation, the checkpoint's settings and the reports. Each concern
 * is its own class in this package: {@code BatchStep} (forward and backward over devices or
 * micro-batches), {@code ResumableOptimizer} (SGD or Adam whose state the checkpoints hold), {@link
 * PolySchedule}, {@link Checkpoint} and {@code RunState} (checkpointing and resume), {@code
 * TrainingReports} ({@code metrics.csv}, {@code metrics.json}, {@code curve.png}), {@code
 * TimeBudget} (the time cap), {@link TrainingDivergedException} (divergence), {@code StopSignal}
 * (interrupts), {@code RunSeeds} (reproducibility: every random source derives from {@link
 * Recipe#seed()}) and {@link TrainingProgress}.
 *
 * <p>Built on DJL's {@link Trainer}. Each step runs inside the batch's own sub-manager, closed
 * after the step, so nothing but parameters and optimizer state outlives it. A trainer is
 * single-use and owns its {@link Model}: close it. {@link Training#run} trains and then writes the
 * model directory in one call.
 */
public final class SANetTrainer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SANetTrainer.class);

    private final TrainingConfig config;
    private final Model model;
    private final Block block;
    private final @Nullable Block backbone;
    private final StopSignal stop = new StopSignal();
    private @Nullable ConfusionMatrix lastConfusion;

    /**
     * Creates a trainer and its model: a fresh block of the configuration's definition, or the
     * configuration's block, on its first device and engine.
     *
     * @param config the configuration
     */
    public SANetTrainer(TrainingConfig config) {
        this.config = config;
        SANet definition = config.network().definition();
        if (definition != null) {
            SANetBlock b = definition.newBlock();
            this.block = b;
            this.backbone = b.backbone();
        } else {
            this.block = Objects.requireNonNull(config.network().block(), "block");
            this.backbone = config.network().backbone();
        }
        this.model = Model.newInstance("sanet", config.devices().get(0), config.engine());
        model.setBlock(block);
    }

    /**
     * The configuration.
     *
     * @return the configuration this trainer runs
     */
    public TrainingConfig config() {
        return config;
    }

    /**
     * The model being trained (block and parameters); valid until {@link #close()}.
     *
     * @return the DJL model
     */
    public Model model() {
        return model;
    }

    /**
     * The validation confusion matrix of the last epoch.
     *
     * @return the matrix, or null before any validation
     */
    public @Nullable ConfusionMatrix lastConfusion() {
        return lastConfusion;
    }

    /**
     * Asks a running {@link #fit} to stop after the current step, writing a partial checkpoint
     * (what an interrupt does); asked between an epoch's last step and its checkpoint (during
     * validation, or from {@link TrainingProgress#onEpoch}), the run ends with that epoch's
     * checkpoint instead. Safe from any thread.
     */
    public void requestStop() {
        stop.request();
    }

    /**
     * Trains for the configured epochs (or what the time budget allows), validating after each;
     * with {@link TrainingConfig#resume()} it continues from the newest checkpoint.
     *
     * @param train the training split; its sampler's batch size must equal the recipe's
     * @param validation the validation split (batch size 1 for original-size images), or null
     * @return what the run did
     * @throws IOException when the data or the outputs cannot be read or written
     * @throws TrainingDivergedException when the loss becomes NaN or infinite
     * @throws IncompatibleCheckpointException when resuming a checkpoint of another architecture or
     *     dataset
     */
    public TrainingSummary fit(RandomAccessDataset train, @Nullable Dataset validation)
            throws IOException {
        long start = System.nanoTime();
        TrainingLoop loop =
                new TrainingLoop(
                        new TrainingLoop.Settings(
                                model,
                                block,
                                backbone,
                                config.engine(),
                                config.devices(),
                                config.recipe(),
                                config.network().loss(),
                                config.network().loss(),
                                config.microBatches(),
                                config.validateEvery(),
                                config.maxSeconds(),
                                config.outputDir(),
                                config.keepCheckpoints(),
                                config.resume(),
                                false,
                                1,
                                config.progress()),
                        new Segmentation(validation),
                        stop);
        Shape input = loop.initialize();
        Path pretrained = config.network().pretrained();
        if (pretrained != null && backbone instanceof ResNetV1s bb) {
            PretrainedWeights.Report r =
                    PretrainedWeights.load(bb, pretrained, config.network().pretrainedFormat());
            LOG.info("Loaded pretrained backbone: {}", r.summary());
        } else if (pretrained != null && backbone instanceof EfficientNet en) {
            EfficientNetWeights.Report r =
                    EfficientNetWeights.load(en, pretrained, config.network().pretrainedFormat());
            LOG.info("Loaded pretrained backbone: {}", r.summary());
        }
        RunState run = loop.run(train, input, true, start);
        return run.summary((System.nanoTime() - start) / 1e9, config.outputDir());
    }

    /** Segmentation's part of the loop: validation, the checkpoint's settings, the reports. */
    private final class Segmentation implements LoopTask {

        private final @Nullable Dataset validation;

        Segmentation(@Nullable Dataset validation) {
            this.validation = validation;
        }

        @Override
        public void checkResumable(Checkpoint cp) {
            ResumeCheck.check(cp, config);
        }

        @Override
        public EpochRecord finishEpoch(EpochRecord trained, boolean validationDue)
                throws IOException {
            if (!validationDue || validation == null) {
                return trained;
            }
            if (!(validation instanceof RandomAccessDataset data)) {
                throw new IllegalArgumentException(
                        "validation data must be a RandomAccessDataset of (image, label) records,"
                                + " got "
                                + validation.getClass().getName());
            }
            int epoch = trained.epoch();
            ConfusionMatrix cm =
                    Evaluation.of(
                                    Segmenter.builder(block, config.network().prediction()).build(),
                                    config.network().classNames().size())
                            .evaluate(
                                    data,
                                    model.getNDManager(),
                                    (done, total) ->
                                            config.progress().onValidation(epoch, done, total))
                            .confusion();
            lastConfusion = cm;
            SegmentationScores sc = cm.scores();
            return new EpochRecord(
                    epoch,
                    trained.iteration(),
                    trained.learningRate(),
                    trained.loss(),
                    trained.terms(),
                    sc.pixelAccuracy(),
                    sc.meanIoU(),
                    sc.meanIoUAllClasses(),
                    sc.perClass(config.network().classNames()),
                    trained.seconds());
        }

        @Override
        public JsonObject checkpointState(List<EpochRecord> history) {
            return RunState.checkpointState(config, history);
        }

        @Override
        public List<EpochRecord> readHistory(JsonObject state) {
            return RunState.readHistory(state);
        }

        @Override
        public void writeReports(Path outputDir, List<EpochRecord> history) throws IOException {
            TrainingReports.write(outputDir, history, config.title());
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
