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
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import dev.sanet.core.io.OutputFolders;
import dev.sanet.core.nn.BatchNorm2d;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one training loop of segmentation training ({@link SANetTrainer}) and backbone pretraining
 * ({@link Pretraining}): it initialises the block from the run's seed, builds the schedule and the
 * optimizer from the {@link Recipe}, resumes from the newest checkpoint, runs the epochs' steps
 * ({@link BatchStep}, the optimizer step, batch-norm settling), checks for divergence, writes a
 * checkpoint after each epoch and a partial one on a stop request, re-plans under a time budget and
 * reports progress. What belongs to the task (the objective, validation, the checkpoint's settings,
 * the reports) comes from a {@link LoopTask}. Each step runs inside its batch's sub-manager, so
 * nothing but parameters and optimizer state outlives it.
 */
final class TrainingLoop {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

    /**
     * What the loop needs to know of a run.
     *
     * @param model the model holding the block, on the first device
     * @param block the network, uninitialised
     * @param backbone its child trained at the base rate (the rest at the head multiplier), or null
     *     for one rate
     * @param engine the engine's name
     * @param devices the devices a batch is split across
     * @param recipe the recipe
     * @param objective what each step differentiates
     * @param loss the DJL loss the trainer is configured with
     * @param microBatches micro-batches of a batch on one device
     * @param validateEvery validate after every n-th epoch (and the last, and under a budget)
     * @param maxSeconds the time budget, infinity for none
     * @param outputDir the run folder, or null to write nothing
     * @param keepCheckpoints how many of the newest checkpoints to keep, 0 for all
     * @param resume whether to continue from the newest checkpoint
     * @param weighByImages true for epoch means over images, false over steps
     * @param loaderThreads data-loader threads of the trainer, 1 for none
     * @param progress the listener
     */
    record Settings(
            Model model,
            Block block,
            @Nullable Block backbone,
            String engine,
            List<Device> devices,
            Recipe recipe,
            Objective objective,
            Loss loss,
            int microBatches,
            int validateEvery,
            double maxSeconds,
            @Nullable Path outputDir,
            int keepCheckpoints,
            boolean resume,
            boolean weighByImages,
            int loaderThreads,
            TrainingProgress progress) {}

    private final Settings s;
    private final LoopTask task;
    private final StopSignal stop;

    /**
     * Creates the loop.
     *
     * @param settings the run
     * @param task the task's part
     * @param stop the run's stop signal
     */
    TrainingLoop(Settings settings, LoopTask task, StopSignal stop) {
        this.s = settings;
        this.task = task;
        this.stop = stop;
    }

    /**
     * Seeds the engine and initialises the block's parameters for the recipe's batch and crop.
     *
     * @return the input shape of one batch
     */
    Shape initialize() {
        int crop = s.recipe().resolution().cropSize();
        Shape input = new Shape(s.recipe().batchSize(), 3, crop, crop);
        RunSeeds.initialization(s.engine(), s.recipe().seed());
        s.block().initialize(s.model().getNDManager(), DataType.FLOAT32, input);
        return input;
    }

    /**
     * Trains for the recipe's epochs (or what the time budget allows) from where the run stands.
     * Call {@link #initialize()} first.
     *
     * @param train the training data, batched with the recipe's batch size
     * @param input the input shape {@link #initialize()} returned
     * @param interrupts whether an interrupt (Ctrl-C) stops the run with a partial checkpoint
     * @param start {@link System#nanoTime()} when the run started: the time budget and the epochs'
     *     seconds count from it
     * @return where the run ended
     * @throws IOException when the data or the outputs cannot be read or written
     * @throws TrainingDivergedException when the loss becomes NaN or infinite
     */
    RunState run(RandomAccessDataset train, Shape input, boolean interrupts, long start)
            throws IOException {
        Recipe recipe = s.recipe();
        int batch = recipe.batchSize();
        long stepsPerEpoch = Math.max(1, (train.size() + batch - 1) / batch);
        RateSchedule schedule =
                recipe.schedule()
                        .create(
                                recipe.learningRate(),
                                stepsPerEpoch * recipe.epochs(),
                                recipe.headMultiplier(),
                                headParameterIds(s.block(), s.backbone()));
        ResumableOptimizer optimizer =
                new ResumableOptimizer(
                        s.model().getNDManager(),
                        recipe.optimizer(),
                        schedule,
                        recipe.momentum(),
                        recipe.weightDecay());
        RunState run = resume(optimizer);
        BatchStep step = new BatchStep(s.objective(), s.microBatches());
        DefaultTrainingConfig tc =
                new DefaultTrainingConfig(s.loss())
                        .optDevices(s.devices().toArray(Device[]::new))
                        .optOptimizer(optimizer);
        @Nullable ExecutorService loaders =
                s.loaderThreads() > 1
                        ? Executors.newFixedThreadPool(s.loaderThreads(), TrainingLoop::daemon)
                        : null;
        if (loaders != null) {
            tc.optExecutorService(loaders);
        }
        StopSignal.@Nullable Hook hook = interrupts ? stop.install() : null;
        try (Trainer trainer = s.model().newTrainer(tc)) {
            trainer.initialize(input);
            checkRoomForCheckpoint(run);
            TimeBudget budget = new TimeBudget(s.maxSeconds(), recipe.epochs(), since(start));
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
                        epoch % s.validateEvery() == 0
                                || epoch >= planned
                                || Double.isFinite(s.maxSeconds());
                EpochRecord trained =
                        new EpochRecord(
                                epoch,
                                run.iteration(),
                                totals.learningRate(),
                                totals.meanLoss(),
                                totals.meanTerms(),
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                null,
                                Double.NaN);
                EpochRecord rec = withSeconds(task.finishEpoch(trained, due), since(start));
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
                            s.maxSeconds(),
                            epoch,
                            plan);
                }
            }
        } finally {
            if (hook != null) {
                hook.close();
            }
            if (loaders != null) {
                loaders.shutdownNow();
            }
        }
        return run;
    }

    /** Records a finished epoch: history, progress, its checkpoint and the reports. */
    private void endEpoch(RunState run, ResumableOptimizer optimizer, EpochRecord rec)
            throws IOException {
        run.add(rec);
        s.progress().onEpoch(rec);
        Path out = s.outputDir();
        if (out == null) {
            return;
        }
        JsonObject state = task.checkpointState(run.history());
        Checkpoint cp =
                Checkpoint.write(
                        out, s.block(), optimizer, rec.epoch(), run.iteration(), true, state);
        run.checkpointed(cp.dir());
        Checkpoint.prune(out, s.keepCheckpoints(), cp.dir());
        task.writeReports(out, run.history());
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
        long seed = s.recipe().seed();
        RunSeeds.epoch(s.engine(), train, seed, epoch);
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
                    RunSeeds.step(s.engine(), seed, it);
                    schedule.setIteration(Math.toIntExact(it));
                    double lr = schedule.rate(it);
                    Map<String, Double> terms = step.run(trainer, batch);
                    TrainingDivergedException.check(
                            terms.get("loss"),
                            epoch,
                            it,
                            run.lastCheckpoint(),
                            s.recipe().learningRate());
                    trainer.step();
                    // MXNet writes batch-norm statistics in the backward pass; bring them to the
                    // engine-neutral (PyTorch) convention now, outside autograd.
                    BatchNorm2d.settleAll(s.block());
                    run.stepped();
                    totals.add(terms, lr, s.weighByImages() ? batch.getSize() : 1);
                    s.progress().onStep(epoch, epochs, totals.steps(), stepsPerEpoch, terms, lr);
                }
            }
            if (stop.requested()) {
                break;
            }
        }
        return totals;
    }

    /**
     * Refuses to start when the run folder's disk cannot hold one checkpoint, estimated from the
     * last checkpoint's size when resuming, else from the parameter count (float32 parameters and
     * up to two optimizer states of the same size: 3 x 4 bytes per value).
     */
    private void checkRoomForCheckpoint(RunState run) throws IOException {
        Path out = s.outputDir();
        if (out == null) {
            return;
        }
        long bytes = 0;
        Optional<Checkpoint> last =
                run.epochsDone() > 0 ? Checkpoint.newest(out) : Optional.empty();
        if (last.isPresent()) {
            try (Stream<Path> files = Files.list(last.get().dir())) {
                for (Path f : files.toList()) {
                    bytes += Files.size(f);
                }
            }
        } else {
            for (Pair<String, Parameter> p : s.block().getParameters()) {
                if (p.getValue().isInitialized()) {
                    bytes += p.getValue().getArray().size() * 4L * 3;
                }
            }
        }
        OutputFolders.checkFreeSpace(out, bytes, "one checkpoint");
    }

    /**
     * The run's starting point: the newest checkpoint's parameters, optimizer state and progress
     * when resuming from one, else a fresh run.
     */
    private RunState resume(ResumableOptimizer optimizer) throws IOException {
        Path out = s.outputDir();
        if (out != null) {
            // Temporary folders of a write that a kill or full disk interrupted: never used.
            Checkpoint.removeStale(out.resolve("checkpoints"));
            Checkpoint.removeStale(out);
        }
        if (!s.resume() || out == null) {
            return RunState.fresh();
        }
        Optional<Checkpoint> found = Checkpoint.newest(out);
        if (found.isEmpty()) {
            LOG.info("No checkpoint under {}; starting a fresh run", out);
            return RunState.fresh();
        }
        Checkpoint cp = found.get();
        task.checkResumable(cp); // before anything of another network is loaded
        cp.loadInto(s.block(), s.model().getNDManager());
        if (!cp.loadOptimizerInto(optimizer, s.block())) {
            LOG.warn(
                    "Checkpoint {} holds no {} state ({}); it restarts from zero",
                    cp.dir(),
                    optimizer.kind(),
                    Checkpoint.OPTIMIZER);
        }
        LOG.info("Resuming from {} (epoch {}, iteration {})", cp.dir(), cp.epoch(), cp.iteration());
        return RunState.of(cp, task.readHistory(cp.state()));
    }

    /** Writes {@code epoch-NNNN-partial} after an interrupt, with the steps done of the epoch. */
    private void checkpointInterrupted(
            RunState run, ResumableOptimizer optimizer, int epoch, long stepsInEpoch)
            throws IOException {
        run.interrupt();
        Path out = s.outputDir();
        if (out == null) {
            return;
        }
        JsonObject state = task.checkpointState(run.history());
        state.addProperty("stepsInEpoch", stepsInEpoch);
        Checkpoint cp =
                Checkpoint.write(
                        out, s.block(), optimizer, epoch - 1, run.iteration(), false, state);
        run.checkpointed(cp.dir());
        Checkpoint.prune(out, s.keepCheckpoints(), cp.dir());
        LOG.info("Interrupted: checkpoint written to {}", cp.dir());
    }

    private static EpochRecord withSeconds(EpochRecord r, double seconds) {
        return new EpochRecord(
                r.epoch(),
                r.iteration(),
                r.learningRate(),
                r.loss(),
                r.terms(),
                r.pixAcc(),
                r.mIoU(),
                r.mIoUAllClasses(),
                r.perClassIoU(),
                seconds);
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

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "sanet-loader");
        t.setDaemon(true);
        return t;
    }

    /** Every parameter outside the backbone, or none without a backbone (one rate for all). */
    static Set<String> headParameterIds(Block block, @Nullable Block backbone) {
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
}
