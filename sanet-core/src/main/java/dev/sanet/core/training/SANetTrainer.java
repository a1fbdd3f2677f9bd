package dev.sanet.core.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetBlock;
import dev.sanet.core.inference.Evaluation;
import dev.sanet.core.metrics.ConfusionMatrix;
import dev.sanet.core.metrics.SegmentationScores;
import dev.sanet.core.nn.BatchNorm2d;
import dev.sanet.core.nn.PretrainedWeights;
import dev.sanet.core.nn.ResNetV1s;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a segmentation network with a {@link TrainingConfig}: the SANet recipe (SANET_SPEC.md
 * section 4), validation every epoch over the whole split (one confusion matrix), checkpoints every
 * epoch written atomically with the optimizer's state, exact resume, a time cap, NaN and
 * infinite-loss detection and a checkpoint on interrupt (Ctrl-C).
 *
 * <p>The loop is small; each concern is its own class in this package: {@code BatchStep} (forward
 * and backward over devices or micro-batches), {@code ResumableOptimizer} (SGD or Adam whose state
 * the checkpoints hold), {@link PolySchedule}, {@link Checkpoint} and {@code RunState}
 * (checkpointing and resume), {@code TrainingReports} ({@code metrics.csv}, {@code metrics.json},
 * {@code curve.png}), {@code TimeBudget} (the time cap), {@link TrainingDivergedException}
 * (divergence), {@code StopSignal} (interrupts), {@code RunSeeds} (reproducibility: every random
 * source derives from {@link Recipe#seed()}) and {@link TrainingProgress}.
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
        SANet definition = config.definition();
        if (definition != null) {
            SANetBlock b = definition.newBlock();
            this.block = b;
            this.backbone = b.backbone();
        } else {
            this.block = Objects.requireNonNull(config.block(), "block");
            this.backbone = config.backbone();
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
     * @param train the training split; its sampler's batch size must equal the configuration's
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
        Recipe recipe = config.recipe();
        int batch = recipe.batchSize();
        Shape inputShape = new Shape(batch).addAll(config.sampleShape());
        initialize(inputShape);
        long stepsPerEpoch = Math.max(1, (train.size() + batch - 1) / batch);
        RateSchedule schedule =
                recipe.schedule()
                        .create(
                                recipe.learningRate(),
                                stepsPerEpoch * recipe.epochs(),
                                recipe.headMultiplier(),
                                headParameterIds(block, backbone));
        ResumableOptimizer optimizer =
                new ResumableOptimizer(
                        model.getNDManager(),
                        recipe.optimizer(),
                        schedule,
                        recipe.momentum(),
                        recipe.weightDecay());
        RunState run = resume(optimizer);
        BatchStep step = new BatchStep(config.loss(), config.microBatches());
        DefaultTrainingConfig tc =
                new DefaultTrainingConfig(config.loss())
                        .optDevices(config.devices().toArray(Device[]::new))
                        .optOptimizer(optimizer);
        StopSignal.Hook hook = stop.install();
        try (Trainer trainer = model.newTrainer(tc)) {
            trainer.initialize(inputShape);
            TimeBudget budget = new TimeBudget(config.maxSeconds(), recipe.epochs(), since(start));
            for (int epoch = run.epochsDone() + 1;
                    epoch <= budget.plannedEpochs() && !run.interrupted();
                    epoch++) {
                int planned = budget.plannedEpochs();
                EpochTotals totals =
                        trainEpoch(
                                trainer, train, epoch, planned, stepsPerEpoch, schedule, step, run);
                if (stop.requested()) {
                    checkpointInterrupted(run, optimizer, epoch, totals.steps());
                    break;
                }
                // A time budget may end the run after any epoch, so each is validated then.
                boolean due =
                        epoch % config.validateEvery() == 0
                                || epoch >= planned
                                || Double.isFinite(config.maxSeconds());
                EpochRecord rec =
                        validate(
                                trainer,
                                due ? validation : null,
                                epoch,
                                run.iteration(),
                                totals.learningRate(),
                                totals.meanLoss(),
                                totals.meanTerms(),
                                start);
                endEpoch(run, optimizer, rec);
                if (stop.requested()) {
                    // Asked during validation or by a listener: the epoch's checkpoint is written,
                    // so the run ends here rather than after one step of the next epoch.
                    run.interrupt();
                    break;
                }
                OptionalInt replanned = budget.afterEpoch(epoch, since(start));
                if (replanned.isPresent()) {
                    int plan = replanned.getAsInt();
                    schedule.setTotalIterations(Math.max(1, plan * stepsPerEpoch));
                    LOG.info(
                            "Time budget of {} s: after epoch {} the run now ends after epoch {}",
                            config.maxSeconds(),
                            epoch,
                            plan);
                }
            }
        } finally {
            hook.close();
        }
        return run.summary(since(start), config.outputDir());
    }

    /** Records a validated epoch: history, progress, its checkpoint and the reports. */
    private void endEpoch(RunState run, ResumableOptimizer optimizer, EpochRecord rec)
            throws IOException {
        run.add(rec);
        config.progress().onEpoch(rec);
        Path out = config.outputDir();
        if (out == null) {
            return;
        }
        JsonObject state = run.checkpointState(config);
        Checkpoint cp =
                Checkpoint.write(out, block, optimizer, rec.epoch(), run.iteration(), true, state);
        run.checkpointed(cp.dir());
        TrainingReports.write(out, run.history(), config.title());
    }

    /** One epoch of optimizer steps; stops early, after a step, when a stop was requested. */
    private EpochTotals trainEpoch(
            Trainer trainer,
            RandomAccessDataset train,
            int epoch,
            int epochs,
            long stepsPerEpoch,
            RateSchedule schedule,
            BatchStep step,
            RunState run)
            throws IOException {
        RunSeeds.epoch(config.engine(), train, config.recipe().seed(), epoch);
        EpochTotals totals = new EpochTotals(schedule.rate(run.iteration()));
        long skip = run.takeResumedSteps();
        for (Batch batch : iterate(trainer, train)) {
            try (batch) {
                if (skip > 0) {
                    // Resuming an interrupted epoch: its first steps are already done.
                    skip--;
                    totals.skipped();
                } else {
                    long it = run.iteration();
                    RunSeeds.step(config.engine(), config.recipe().seed(), it);
                    schedule.setIteration(Math.toIntExact(it));
                    double lr = schedule.rate(it);
                    Map<String, Double> terms = step.run(trainer, batch);
                    TrainingDivergedException.check(
                            terms.get("loss"),
                            epoch,
                            it,
                            run.lastCheckpoint(),
                            config.recipe().learningRate());
                    trainer.step();
                    // MXNet writes batch-norm statistics in the backward pass; bring them to the
                    // engine-neutral (PyTorch) convention now, outside autograd.
                    BatchNorm2d.settleAll(block);
                    run.stepped();
                    totals.add(terms, lr);
                    config.progress()
                            .onStep(epoch, epochs, totals.steps(), stepsPerEpoch, terms, lr);
                }
            }
            if (stop.requested()) {
                break;
            }
        }
        return totals;
    }

    /** Seeds the engine, initialises the parameters and imports pretrained backbone weights. */
    private void initialize(Shape inputShape) throws IOException {
        RunSeeds.initialization(config.engine(), config.recipe().seed());
        block.initialize(model.getNDManager(), DataType.FLOAT32, inputShape);
        Path pretrained = config.pretrained();
        if (pretrained != null && backbone instanceof ResNetV1s bb) {
            PretrainedWeights.Report r =
                    PretrainedWeights.load(bb, pretrained, config.pretrainedFormat());
            LOG.info("Loaded pretrained backbone: {}", r.summary());
        }
    }

    /**
     * The run's starting point: the newest checkpoint's parameters, optimizer state and progress
     * when resuming from one, else a fresh run.
     */
    private RunState resume(ResumableOptimizer optimizer) throws IOException {
        Path out = config.outputDir();
        if (out != null) {
            // Temporary folders of a write that a kill or full disk interrupted: never used.
            Checkpoint.removeStale(out.resolve("checkpoints"));
            Checkpoint.removeStale(out);
        }
        if (!config.resume() || out == null) {
            return RunState.fresh();
        }
        Optional<Checkpoint> found = Checkpoint.newest(out);
        if (found.isEmpty()) {
            LOG.info("No checkpoint under {}; starting a fresh run", out);
            return RunState.fresh();
        }
        Checkpoint cp = found.get();
        ResumeCheck.check(cp, config); // before anything of another network is loaded
        cp.loadInto(block, model.getNDManager());
        if (!cp.loadOptimizerInto(optimizer, block)) {
            LOG.warn(
                    "Checkpoint {} holds no {} state ({}); it restarts from zero",
                    cp.dir(),
                    optimizer.kind(),
                    Checkpoint.OPTIMIZER);
        }
        LOG.info("Resuming from {} (epoch {}, iteration {})", cp.dir(), cp.epoch(), cp.iteration());
        return RunState.of(cp);
    }

    /** Writes {@code epoch-NNNN-partial} after an interrupt, with the steps done of the epoch. */
    private void checkpointInterrupted(
            RunState run, ResumableOptimizer optimizer, int epoch, long stepsInEpoch)
            throws IOException {
        run.interrupt();
        Path out = config.outputDir();
        if (out == null) {
            return;
        }
        JsonObject state = run.checkpointState(config);
        state.addProperty("stepsInEpoch", stepsInEpoch);
        Checkpoint cp =
                Checkpoint.write(out, block, optimizer, epoch - 1, run.iteration(), false, state);
        run.checkpointed(cp.dir());
        LOG.info("Interrupted: checkpoint written to {}", cp.dir());
    }

    private EpochRecord validate(
            Trainer trainer,
            @Nullable Dataset validation,
            int epoch,
            long iteration,
            double lr,
            double meanLoss,
            Map<String, Double> means,
            long startNanos)
            throws IOException {
        if (validation == null) {
            return new EpochRecord(
                    epoch,
                    iteration,
                    lr,
                    meanLoss,
                    means,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    null,
                    since(startNanos));
        }
        if (!(validation instanceof RandomAccessDataset data)) {
            throw new IllegalArgumentException(
                    "validation data must be a RandomAccessDataset of (image, label) records, got "
                            + validation.getClass().getName());
        }
        ConfusionMatrix cm =
                Evaluation.builder(block, config.prediction(), config.classNames().size())
                        .build()
                        .evaluate(
                                data,
                                model.getNDManager(),
                                (done, total) -> config.progress().onValidation(epoch, done, total))
                        .confusion();
        lastConfusion = cm;
        SegmentationScores s = cm.scores();
        return new EpochRecord(
                epoch,
                iteration,
                lr,
                meanLoss,
                means,
                s.pixelAccuracy(),
                s.meanIoU(),
                s.meanIoUAllClasses(),
                s.perClass(config.classNames()),
                since(startNanos));
    }

    private static Iterable<Batch> iterate(Trainer trainer, Dataset data) throws IOException {
        try {
            return trainer.iterateDataset(data);
        } catch (TranslateException e) {
            throw new IOException("cannot read the dataset: " + e.getMessage(), e);
        }
    }

    private static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Every parameter outside the backbone, or none without a backbone (one rate for all). */
    private static Set<String> headParameterIds(Block block, @Nullable Block backbone) {
        if (backbone == null) {
            return Set.of();
        }
        Set<String> backboneIds = new HashSet<>();
        for (Pair<String, Parameter> p : backbone.getParameters()) {
            backboneIds.add(p.getValue().getId());
        }
        Set<String> head = new HashSet<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!backboneIds.contains(p.getValue().getId())) {
                head.add(p.getValue().getId());
            }
        }
        return head;
    }

    @Override
    public void close() {
        model.close();
    }
}
