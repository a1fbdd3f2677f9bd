package dev.sanet.core.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import dev.sanet.core.Engines;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetBlock;
import dev.sanet.core.inference.Evaluation;
import dev.sanet.core.metrics.ConfusionMatrix;
import dev.sanet.core.metrics.SegmentationScores;
import dev.sanet.core.nn.BatchNorm2d;
import dev.sanet.core.nn.GluonWeights;
import dev.sanet.core.nn.ResNetV1s;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a segmentation network with the SANet recipe (SANET_SPEC.md section 4): SGD with momentum
 * 0.9 and weight decay 1e-4, the poly schedule (power 0.9) over all iterations, the head at 10x the
 * backbone's rate; validation every epoch over the whole split (one confusion matrix); checkpoints
 * every epoch, written atomically; resume from the newest checkpoint with the schedule at the right
 * iteration; NaN/infinite-loss detection; a checkpoint on interrupt (Ctrl-C).
 *
 * <p>Built on DJL's {@link Trainer}. Each step runs inside the batch's own sub-manager, closed
 * after the step, so nothing but parameters and optimizer state outlives it. With several devices
 * each batch is split across them (data parallel); DJL has no synchronized batch norm, so each
 * device normalises over its own share of the batch (the paper used synchronized BN across GPUs).
 *
 * <p>Outputs in {@code outputDir}: {@code metrics.csv}, {@code metrics.json}, {@code curve.png},
 * {@code checkpoints/epoch-NNNN/}. A trainer is single-use and owns its {@link Model}: close it.
 */
public final class SANetTrainer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SANetTrainer.class);
    private static final Gson GSON =
            new GsonBuilder()
                    .setPrettyPrinting()
                    .serializeNulls()
                    .serializeSpecialFloatingPointValues()
                    .create();

    private final Builder cfg;
    private final Model model;
    private volatile boolean stopRequested;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private @Nullable ConfusionMatrix lastConfusion;

    private SANetTrainer(Builder b) {
        this.cfg = b;
        this.model = Model.newInstance("sanet", b.devices[0], b.engine);
        model.setBlock(b.block);
    }

    /**
     * Starts a builder.
     *
     * @return a builder with the paper's recipe as defaults
     */
    public static Builder builder() {
        return new Builder();
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
     * Asks a running {@link #fit} to stop after the current step, writing a checkpoint (what an
     * interrupt does). Safe from any thread.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Trains for the configured epochs, validating after each.
     *
     * @param train the training split; its sampler's batch size must equal {@code batchSize}
     * @param validation the validation split (batch size 1 for original-size images), or null
     * @return what the run did
     * @throws IOException when the data or the outputs cannot be read or written
     * @throws TrainingDivergedException when the loss becomes NaN or infinite
     */
    public TrainingSummary fit(RandomAccessDataset train, @Nullable Dataset validation)
            throws IOException {
        long startNanos = System.nanoTime();
        Engine.getEngine(cfg.engine).setRandomSeed(cfg.seed);
        Block block = cfg.block;
        Shape inputShape = new Shape(cfg.batchSize).addAll(cfg.sampleShape);
        block.initialize(model.getNDManager(), DataType.FLOAT32, inputShape);
        if (cfg.pretrained != null && cfg.backbone instanceof ResNetV1s bb) {
            GluonWeights.Report r = GluonWeights.load(bb, cfg.pretrained);
            LOG.info(
                    "Loaded {} backbone parameters from {} (ignored: {})",
                    r.loaded(),
                    cfg.pretrained,
                    r.ignored());
        }

        List<EpochRecord> history = new ArrayList<>();
        int startEpoch = 0;
        long iteration = 0;
        long stepsDoneInEpoch = 0;
        Path lastCheckpoint = null;
        if (cfg.resume && cfg.outputDir != null) {
            var found = Checkpoint.newest(cfg.outputDir);
            if (found.isPresent()) {
                Checkpoint cp = found.get();
                cp.loadInto(block, model.getNDManager());
                startEpoch = cp.epoch();
                iteration = cp.iteration();
                if (!cp.completeEpoch() && cp.state().has("stepsInEpoch")) {
                    stepsDoneInEpoch = cp.state().get("stepsInEpoch").getAsLong();
                }
                if (cp.state().has("history")) {
                    history.addAll(
                            GSON.fromJson(
                                    cp.state().get("history"),
                                    new TypeToken<List<EpochRecord>>() {}.getType()));
                }
                lastCheckpoint = cp.dir();
                LOG.info(
                        "Resuming from {} (epoch {}, iteration {})",
                        cp.dir(),
                        cp.epoch(),
                        cp.iteration());
            } else {
                LOG.info("No checkpoint under {}; starting a fresh run", cfg.outputDir);
            }
        }

        long stepsPerEpoch = Math.max(1, (train.size() + cfg.batchSize - 1) / cfg.batchSize);
        long total = stepsPerEpoch * cfg.epochs;
        Set<String> headIds = headParameterIds(block, cfg.backbone);
        PolySchedule schedule =
                new PolySchedule(cfg.learningRate, total, cfg.power, cfg.headMultiplier, headIds);
        DefaultTrainingConfig tc =
                new DefaultTrainingConfig(cfg.loss)
                        .optDevices(cfg.devices)
                        .optOptimizer(optimizer(schedule));

        Thread hook = new Thread(this::onShutdown, "sanet-checkpoint-on-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean interrupted = false;
        try (Trainer trainer = model.newTrainer(tc)) {
            trainer.initialize(inputShape);
            int plannedEpochs = cfg.epochs;
            List<Double> epochSeconds = new ArrayList<>();
            double epochStart = (System.nanoTime() - startNanos) / 1e9;
            for (int epoch = startEpoch + 1; epoch <= plannedEpochs && !interrupted; epoch++) {
                Map<String, Double> sums = new LinkedHashMap<>();
                long steps = 0;
                long skip = stepsDoneInEpoch;
                stepsDoneInEpoch = 0;
                double lr = schedule.rate(iteration);
                for (Batch batch : iterate(trainer, train)) {
                    try (batch) {
                        if (skip > 0) {
                            // Resuming an interrupted epoch: its first steps are already done.
                            skip--;
                            steps++;
                            continue;
                        }
                        schedule.setIteration((int) iteration);
                        lr = schedule.rate(iteration);
                        Map<String, Double> terms = step(trainer, batch);
                        double loss = terms.get("loss");
                        if (!Double.isFinite(loss)) {
                            throw new TrainingDivergedException(
                                    String.format(
                                            Locale.ROOT,
                                            "the loss became %s at epoch %d, iteration %d; the last"
                                                    + " good checkpoint is %s. Lower the learning"
                                                    + " rate (now %.2e) and resume.",
                                            loss,
                                            epoch,
                                            iteration,
                                            lastCheckpoint == null ? "none" : lastCheckpoint,
                                            cfg.learningRate));
                        }
                        trainer.step();
                        // MXNet writes batch-norm statistics in the backward pass; bring them to
                        // the engine-neutral (PyTorch) convention now, outside autograd.
                        BatchNorm2d.settleAll(block);
                        iteration++;
                        steps++;
                        terms.forEach((k, v) -> sums.merge(k, v, Double::sum));
                        cfg.progress.onStep(epoch, plannedEpochs, steps, stepsPerEpoch, terms, lr);
                    }
                    if (stopRequested) {
                        break;
                    }
                }
                if (stopRequested) {
                    interrupted = true;
                    if (cfg.outputDir != null) {
                        JsonObject state = state(history);
                        state.addProperty("stepsInEpoch", steps);
                        lastCheckpoint =
                                Checkpoint.write(
                                                cfg.outputDir,
                                                block,
                                                epoch - 1,
                                                iteration,
                                                false,
                                                state)
                                        .dir();
                        LOG.info("Interrupted: checkpoint written to {}", lastCheckpoint);
                    }
                    break;
                }
                long counted = Math.max(1, steps);
                Map<String, Double> means = new LinkedHashMap<>();
                sums.forEach((k, v) -> means.put(k, v / counted));
                double meanLoss = means.getOrDefault("loss", Double.NaN);
                means.remove("loss");
                EpochRecord rec =
                        validate(
                                trainer,
                                validation,
                                epoch,
                                iteration,
                                lr,
                                meanLoss,
                                means,
                                startNanos);
                history.add(rec);
                cfg.progress.onEpoch(rec);
                if (cfg.outputDir != null) {
                    lastCheckpoint =
                            Checkpoint.write(
                                            cfg.outputDir,
                                            block,
                                            epoch,
                                            iteration,
                                            true,
                                            state(history))
                                    .dir();
                    writeReports(history);
                }
                double now = (System.nanoTime() - startNanos) / 1e9;
                epochSeconds.add(now - epochStart);
                epochStart = now;
                if (Double.isFinite(cfg.maxSeconds) && epoch < cfg.epochs) {
                    // Fit the run into the time budget, in either direction; the schedule follows.
                    // The first epoch carries the engine's warm-up, so later ones set the pace.
                    List<Double> pace =
                            epochSeconds.size() > 1
                                    ? epochSeconds.subList(1, epochSeconds.size())
                                    : epochSeconds;
                    double perEpoch =
                            pace.stream().mapToDouble(Double::doubleValue).average().orElse(1);
                    int affordable = epoch + (int) Math.floor((cfg.maxSeconds - now) / perEpoch);
                    int plan = Math.min(cfg.epochs, Math.max(epoch, affordable));
                    if (plan != plannedEpochs) {
                        plannedEpochs = plan;
                        schedule.setTotalIterations(Math.max(1, plannedEpochs * stepsPerEpoch));
                        LOG.info(
                                "Time budget of {} s: the run now ends after epoch {}",
                                cfg.maxSeconds,
                                plannedEpochs);
                    }
                }
            }
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook is running and waits for us.
            }
        }
        int epochsDone = history.isEmpty() ? startEpoch : history.get(history.size() - 1).epoch();
        return new TrainingSummary(
                startEpoch,
                epochsDone,
                iteration,
                (System.nanoTime() - startNanos) / 1e9,
                List.copyOf(history),
                interrupted,
                lastCheckpoint,
                cfg.outputDir);
    }

    private Optimizer optimizer(PolySchedule schedule) {
        return switch (cfg.optimizer) {
            case SGD ->
                    Optimizer.sgd()
                            .setLearningRateTracker(schedule)
                            .optMomentum((float) cfg.momentum)
                            .optWeightDecays((float) cfg.weightDecay)
                            .build();
            case ADAM ->
                    Optimizer.adam()
                            .optLearningRateTracker(schedule)
                            .optWeightDecays((float) cfg.weightDecay)
                            .build();
        };
    }

    private static Iterable<Batch> iterate(Trainer trainer, Dataset data) throws IOException {
        try {
            return trainer.iterateDataset(data);
        } catch (TranslateException e) {
            throw new IOException("cannot read the dataset: " + e.getMessage(), e);
        }
    }

    /**
     * One forward/backward over a batch; returns the loss terms. The batch is split into shares
     * (one per device, or {@code microBatches} on one device); each share's loss, a mean over its
     * pixels, is weighted by its share of the batch, and the shares' gradients are summed (by the
     * parameter server across devices, by {@link #accumulate} for micro-batches), which gives the
     * gradient of the whole batch's mean loss.
     */
    private Map<String, Double> step(Trainer trainer, Batch batch) {
        Map<String, Double> terms = new LinkedHashMap<>();
        if (cfg.microBatches > 1) {
            accumulate(trainer, batch, terms);
            return terms;
        }
        Batch[] splits = batch.split(trainer.getDevices(), false);
        try (GradientCollector collector = trainer.newGradientCollector()) {
            for (Batch split : splits) {
                double share = (double) split.getSize() / batch.getSize();
                backward(trainer, collector, split.getData(), split.getLabels(), share, terms);
            }
        }
        return terms;
    }

    private void backward(
            Trainer trainer,
            GradientCollector collector,
            NDList data,
            NDList labels,
            double share,
            Map<String, Double> terms) {
        NDList preds = trainer.forward(data, labels);
        SANetLoss.Terms t = cfg.loss.terms(labels, preds);
        collector.backward(share == 1 ? t.total() : t.total().mul((float) share));
        terms.merge("loss", t.total().getFloat() * share, Double::sum);
        for (Map.Entry<String, NDArray> e : t.parts().entrySet()) {
            terms.merge(e.getKey(), e.getValue().getFloat() * share, Double::sum);
        }
    }

    /**
     * The micro-batch path on one device: each micro-batch runs forward and backward on its own,
     * and the gradients are summed here, since engines differ (MXNet overwrites a gradient on each
     * backward pass, PyTorch adds to it).
     */
    private void accumulate(Trainer trainer, Batch batch, Map<String, Double> terms) {
        int n = cfg.microBatches;
        long size = batch.getSize();
        long per = size / n;
        List<NDArray> grads = new ArrayList<>();
        for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
            if (p.getValue().requiresGradient()) {
                grads.add(p.getValue().getArray().getGradient());
            }
        }
        NDArray[] sum = new NDArray[grads.size()];
        NDManager scope = batch.getManager();
        for (int i = 0; i < n; i++) {
            String range = (i * per) + ":" + ((i + 1) * per);
            NDList data = slice(batch.getData(), range);
            NDList labels = slice(batch.getLabels(), range);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                backward(trainer, collector, data, labels, (double) per / size, terms);
            }
            for (int j = 0; j < sum.length; j++) {
                NDArray g = grads.get(j);
                if (sum[j] == null) {
                    sum[j] = g.duplicate();
                    sum[j].attach(scope); // freed with the batch, not with the parameters
                } else {
                    sum[j].addi(g);
                }
                g.subi(g); // an engine that adds to gradients must start the next share at zero
            }
        }
        for (int j = 0; j < sum.length; j++) {
            sum[j].copyTo(grads.get(j));
        }
    }

    private static NDList slice(NDList list, String range) {
        NDList out = new NDList(list.size());
        for (NDArray a : list) {
            out.add(a.get(range));
        }
        return out;
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
                    (System.nanoTime() - startNanos) / 1e9);
        }
        if (!(validation instanceof RandomAccessDataset data)) {
            throw new IllegalArgumentException(
                    "validation data must be a RandomAccessDataset of (image, label) records, got "
                            + validation.getClass().getName());
        }
        ConfusionMatrix cm =
                Evaluation.builder(cfg.block, cfg.selector, cfg.numClasses)
                        .build()
                        .evaluate(
                                data,
                                model.getNDManager(),
                                (done, total) -> cfg.progress.onValidation(epoch, done, total))
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
                s.perClass(cfg.classNames),
                (System.nanoTime() - startNanos) / 1e9);
    }

    private JsonObject state(List<EpochRecord> history) {
        JsonObject state = new JsonObject();
        state.add("config", cfg.config.deepCopy());
        state.add("history", GSON.toJsonTree(history));
        JsonObject recipe = new JsonObject();
        recipe.addProperty("epochs", cfg.epochs);
        recipe.addProperty("batchSize", cfg.batchSize);
        recipe.addProperty("learningRate", cfg.learningRate);
        recipe.addProperty("momentum", cfg.momentum);
        recipe.addProperty("weightDecay", cfg.weightDecay);
        recipe.addProperty("power", cfg.power);
        recipe.addProperty("headMultiplier", cfg.headMultiplier);
        state.add("recipe", recipe);
        return state;
    }

    private void writeReports(List<EpochRecord> history) throws IOException {
        Path out = cfg.outputDir;
        if (out == null) {
            return;
        }
        Files.createDirectories(out);
        JsonArray arr = GSON.toJsonTree(history).getAsJsonArray();
        writeAtomically(out.resolve("metrics.json"), GSON.toJson(arr));
        StringBuilder csv = new StringBuilder();
        List<String> termNames = new ArrayList<>(history.get(0).terms().keySet());
        csv.append("epoch,iteration,learning_rate,loss");
        for (String t : termNames) {
            csv.append(",loss_").append(t);
        }
        csv.append(",pix_acc,miou,miou_all_classes,seconds\n");
        for (EpochRecord r : history) {
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%d,%.6g,%.6f",
                            r.epoch(),
                            r.iteration(),
                            r.learningRate(),
                            r.loss()));
            for (String t : termNames) {
                Double v = r.terms().get(t);
                csv.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6f", v));
            }
            csv.append(
                    String.format(
                            Locale.ROOT,
                            ",%.6f,%.6f,%.6f,%.1f%n",
                            r.pixAcc(),
                            r.mIoU(),
                            r.mIoUAllClasses(),
                            r.seconds()));
        }
        writeAtomically(out.resolve("metrics.csv"), csv.toString());
        TrainingCurve.write(history, cfg.title, out.resolve("curve.png"));
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Set<String> headParameterIds(Block block, @Nullable Block backbone) {
        Set<String> backboneIds = new HashSet<>();
        if (backbone != null) {
            for (Pair<String, Parameter> p : backbone.getParameters()) {
                backboneIds.add(p.getValue().getId());
            }
        } else {
            return Set.of();
        }
        Set<String> head = new HashSet<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!backboneIds.contains(p.getValue().getId())) {
                head.add(p.getValue().getId());
            }
        }
        return head;
    }

    private void onShutdown() {
        if (stopped.getCount() == 0) {
            return;
        }
        stopRequested = true;
        try {
            // Give the training thread time to finish its step and write the checkpoint.
            if (!stopped.await(120, TimeUnit.SECONDS)) {
                LOG.warn("No checkpoint was written within 120 s of the interrupt");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        model.close();
    }

    /** Configures a {@link SANetTrainer}; defaults are the paper's recipe. */
    public static final class Builder {
        private @Nullable Block block;
        private @Nullable Block backbone;
        private SANetLoss loss = SANetLoss.builder().build();
        private Function<NDList, NDArray> selector = l -> l.get(0);
        private int numClasses = -1;
        private List<String> classNames = List.of();
        private Shape sampleShape = new Shape(3, 480, 480);
        private int epochs = 80;
        private int batchSize = 16;
        private double learningRate = 0.001;
        private double momentum = 0.9;
        private double weightDecay = 1e-4;
        private double power = 0.9;
        private double headMultiplier = 10;
        private Device[] devices = {Device.cpu()};
        private @Nullable Path outputDir;
        private boolean resume;
        private @Nullable Path pretrained;
        private JsonObject config = new JsonObject();
        private TrainingProgress progress = TrainingProgress.NONE;
        private int seed = 42;
        private String title = "SANet training";
        private double maxSeconds = Double.POSITIVE_INFINITY;
        private OptimizerKind optimizer = OptimizerKind.SGD;
        private String engine = Engines.defaultEngine();
        private int microBatches = 1;

        private Builder() {}

        /**
         * Splits each batch into this many micro-batches that run one after another, their
         * gradients summed: the update of the whole batch at the memory of one micro-batch (batch
         * norm normalises over each micro-batch, as it does over each device's share). Default 1.
         * The same split-and-merge arithmetic as several devices, on one.
         *
         * @param microBatches &gt;= 1, dividing the batch size
         * @return this builder
         */
        public Builder microBatches(int microBatches) {
            this.microBatches = microBatches;
            return this;
        }

        /**
         * The engine to train on (default {@link Engines#defaultEngine()}, MXNet unless {@value
         * Engines#ENV} says otherwise). The network computes the same numbers on either.
         *
         * @param engine {@code mxnet} or {@code pytorch} (any case)
         * @return this builder
         * @throws IllegalArgumentException for an unknown engine name
         */
        public Builder engine(String engine) {
            this.engine = Engines.canonical(engine);
            return this;
        }

        /**
         * Trains a SANet definition: a fresh block, its backbone at the base rate, its loss ({@link
         * SANetLoss#of}) and its prediction output for validation. Later calls may still replace
         * the loss (to switch terms off).
         *
         * @param definition the architecture
         * @return this builder
         */
        public Builder model(SANet definition) {
            SANetBlock b = definition.newBlock();
            this.block = b;
            this.backbone = b.backbone();
            this.loss = SANetLoss.of(definition);
            this.selector = definition::predictionLogits;
            return this;
        }

        /**
         * The network to train (required).
         *
         * @param block an uninitialised block taking {@code (N, 3, H, W)} images
         * @return this builder
         */
        public Builder block(Block block) {
            this.block = block;
            return this;
        }

        /**
         * The backbone child of the block: its parameters train at the base rate, everything else
         * at {@code headMultiplier} times it. Without it every parameter uses the base rate.
         *
         * @param backbone the backbone block, a child of {@link #block}
         * @return this builder
         */
        public Builder backbone(Block backbone) {
            this.backbone = backbone;
            return this;
        }

        /**
         * The loss (default: the paper's SANet loss, alpha 0.2, beta 0.8).
         *
         * @param loss the loss
         * @return this builder
         */
        public Builder loss(SANetLoss loss) {
            this.loss = loss;
            return this;
        }

        /**
         * Picks the {@code (N, K, H, W)} prediction logits out of the block's outputs for
         * validation (default: output 0).
         *
         * @param selector the function
         * @return this builder
         */
        public Builder prediction(Function<NDList, NDArray> selector) {
            this.selector = selector;
            return this;
        }

        /**
         * The class names (required); their count is K.
         *
         * @param names K names in class-id order
         * @return this builder
         */
        public Builder classes(List<String> names) {
            this.classNames = List.copyOf(names);
            this.numClasses = names.size();
            return this;
        }

        /**
         * The shape of one training sample (default {@code (3, 480, 480)}: the crop).
         *
         * @param channels image channels, 3
         * @param height crop height
         * @param width crop width
         * @return this builder
         */
        public Builder sampleShape(int channels, int height, int width) {
            this.sampleShape = new Shape(channels, height, width);
            return this;
        }

        /**
         * Total epochs of the run (default 80, the paper's Context and VOC recipe).
         *
         * @param epochs >= 1
         * @return this builder
         */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * The batch size of the training sampler (default 16).
         *
         * @param batchSize >= 1
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * The backbone's base learning rate (default 0.001 for batch 16).
         *
         * @param lr > 0
         * @return this builder
         */
        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        /**
         * The optimizer (default {@link OptimizerKind#SGD}, the paper's). The poly schedule, the
         * head multiplier and weight decay apply to either.
         *
         * @param kind the optimizer
         * @return this builder
         */
        public Builder optimizer(OptimizerKind kind) {
            this.optimizer = kind;
            return this;
        }

        /**
         * SGD momentum (default 0.9).
         *
         * @param momentum in [0, 1)
         * @return this builder
         */
        public Builder momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * Weight decay (default 1e-4; DJL applies it to every trainable parameter).
         *
         * @param weightDecay >= 0
         * @return this builder
         */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * The poly exponent (default 0.9).
         *
         * @param power >= 0
         * @return this builder
         */
        public Builder power(double power) {
            this.power = power;
            return this;
        }

        /**
         * The head's learning rate relative to the backbone's (default 10).
         *
         * @param multiplier > 0
         * @return this builder
         */
        public Builder headMultiplier(double multiplier) {
            this.headMultiplier = multiplier;
            return this;
        }

        /**
         * The devices; batches are split across them (default the CPU).
         *
         * @param devices one or more devices
         * @return this builder
         */
        public Builder devices(Device... devices) {
            this.devices = devices.clone();
            return this;
        }

        /**
         * Where checkpoints, metrics and the curve go; without it nothing is written.
         *
         * @param dir the output folder
         * @return this builder
         */
        public Builder outputDir(Path dir) {
            this.outputDir = dir;
            return this;
        }

        /**
         * Continue from the newest checkpoint in the output folder, if any (default false).
         *
         * @param resume whether to resume
         * @return this builder
         */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * ImageNet-pretrained backbone weights to start from: a GluonCV {@code resnet*_v1s} {@code
         * .params} file, imported with {@link GluonWeights} after initialization (a resumed
         * checkpoint replaces them). The paper fine-tunes from such weights. Default: none (random
         * initialization).
         *
         * @param file the {@code .params} file, or null for none
         * @return this builder
         */
        public Builder pretrained(@Nullable Path file) {
            this.pretrained = file;
            return this;
        }

        /**
         * Configuration stored in every checkpoint (architecture, dataset, ...).
         *
         * @param config a JSON object
         * @return this builder
         */
        public Builder config(JsonObject config) {
            this.config = config.deepCopy();
            return this;
        }

        /**
         * Receives per-step and per-epoch progress (default: nothing).
         *
         * @param progress the listener, e.g. {@link ConsoleProgressBar#stderr()}
         * @return this builder
         */
        public Builder progress(TrainingProgress progress) {
            this.progress = progress;
            return this;
        }

        /**
         * The engine's random seed (default 42).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(int seed) {
            this.seed = seed;
            return this;
        }

        /**
         * A wall-clock budget for the run: after each epoch the trainer projects the epoch time and
         * re-plans the number of epochs to what fits (at most {@link #epochs}, at least the epochs
         * done), re-planning the poly schedule over the new length (default: no budget).
         *
         * @param seconds the budget, > 0
         * @return this builder
         */
        public Builder maxSeconds(double seconds) {
            if (!(seconds > 0)) {
                throw new IllegalArgumentException("maxSeconds must be > 0, got " + seconds);
            }
            this.maxSeconds = seconds;
            return this;
        }

        /**
         * The training curve's title.
         *
         * @param title the title
         * @return this builder
         */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /**
         * Validates the settings and creates the trainer.
         *
         * @return the trainer
         * @throws IllegalArgumentException naming the first bad setting
         */
        public SANetTrainer build() {
            if (block == null) {
                throw new IllegalArgumentException("block is required");
            }
            if (numClasses < 1) {
                throw new IllegalArgumentException("classes are required (at least one name)");
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException(
                        "learning rate must be > 0, got " + learningRate);
            }
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
            }
            if (!(weightDecay >= 0)) {
                throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
            }
            if (devices.length == 0) {
                throw new IllegalArgumentException("at least one device is required");
            }
            if (microBatches < 1) {
                throw new IllegalArgumentException(
                        "micro-batches must be >= 1, got " + microBatches);
            }
            if (microBatches > 1 && devices.length > 1) {
                throw new IllegalArgumentException(
                        "micro-batches ("
                                + microBatches
                                + ") need a single device, got "
                                + devices.length);
            }
            if (batchSize % microBatches != 0) {
                throw new IllegalArgumentException(
                        "batch size "
                                + batchSize
                                + " does not split into "
                                + microBatches
                                + " equal micro-batches");
            }
            if (resume && outputDir == null) {
                throw new IllegalArgumentException("resume needs an output folder to look in");
            }
            if (pretrained != null && !(backbone instanceof ResNetV1s)) {
                throw new IllegalArgumentException(
                        "pretrained weights "
                                + pretrained
                                + " need model(SANet), which names the"
                                + " backbone to load them into");
            }
            return new SANetTrainer(this);
        }
    }
}
