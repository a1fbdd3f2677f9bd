package dev.sanet.examples.cli;

import ai.djl.Device;
import com.google.gson.JsonObject;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.training.ConsoleProgressBar;
import dev.sanet.core.training.EpochRecord;
import dev.sanet.core.training.OptimizerKind;
import dev.sanet.core.training.SANetLoss;
import dev.sanet.core.training.SANetTrainer;
import dev.sanet.core.training.TrainingProgress;
import dev.sanet.core.training.TrainingSummary;
import dev.sanet.data.Palette;
import dev.sanet.data.SegmentationDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One training run for the command line: trains with {@link SANetTrainer}, then saves the model
 * directory for {@code eval} and {@code predict}.
 */
final class TrainingRun {

    /** What {@link #run} produced. */
    record Result(
            TrainingSummary summary, Path modelDir, @Nullable EpochRecord last, String engine) {}

    private TrainingRun() {}

    /**
     * Trains on the given devices and saves; the batch is split across the devices.
     *
     * @param def the network
     * @param loss the loss (the definition's, or with terms switched off)
     * @param train the training split (TRAIN transform, batch sampler)
     * @param val the validation split (EVAL transform, batch 1), or null
     * @param batch the training batch size (over all devices)
     * @param epochs total epochs
     * @param lr the base learning rate
     * @param out the run folder (checkpoints, metrics, curve)
     * @param modelDir where the trained model directory goes
     * @param resume whether to continue from the newest checkpoint
     * @param config what goes into checkpoints and the model's training summary
     * @param progress the progress listener
     * @param maxSeconds a wall-clock budget for training, or infinity
     * @param optimizer SGD (the paper) or Adam
     * @param headMultiplier the head's learning rate relative to the backbone's
     * @param devices one or more devices
     * @param pretrained GluonCV backbone weights to start from, or null
     * @return the summary and the model folder
     * @throws IOException when data or outputs fail
     */
    static Result run(
            SANet def,
            SANetLoss loss,
            SegmentationDataset train,
            @Nullable SegmentationDataset val,
            int batch,
            int epochs,
            double lr,
            Path out,
            Path modelDir,
            boolean resume,
            JsonObject config,
            TrainingProgress progress,
            double maxSeconds,
            OptimizerKind optimizer,
            double headMultiplier,
            Device[] devices,
            String engine,
            @Nullable Path pretrained)
            throws IOException {
        List<String> classes = train.classNames();
        int crop = train.jointTransform().cropSize();
        SANetTrainer.Builder builder =
                SANetTrainer.builder()
                        .model(def)
                        .loss(loss)
                        .classes(classes)
                        .sampleShape(3, crop, crop)
                        .batchSize(batch)
                        .epochs(epochs)
                        .learningRate(lr)
                        .outputDir(out)
                        .resume(resume)
                        .config(config)
                        .progress(progress)
                        .optimizer(optimizer)
                        .headMultiplier(headMultiplier)
                        .devices(devices)
                        .engine(engine)
                        .pretrained(pretrained)
                        .title("SANet " + def.backbone().cliName() + " on " + train.name());
        if (Double.isFinite(maxSeconds)) {
            builder.maxSeconds(maxSeconds);
        }
        try (SANetTrainer trainer = builder.build()) {
            TrainingSummary s = trainer.fit(train, val);
            EpochRecord last = s.last();
            JsonObject summary = config.deepCopy();
            summary.addProperty("epochs", s.epochs());
            summary.addProperty("iterations", s.iterations());
            if (last != null) {
                summary.addProperty("pixAcc", last.pixAcc());
                summary.addProperty("mIoU", last.mIoU());
                summary.addProperty("mIoUAllClasses", last.mIoUAllClasses());
            }
            int[] colors = new int[classes.size()];
            for (int k = 0; k < colors.length; k++) {
                colors[k] = Palette.voc().rgb(k);
            }
            SANetModel.of(
                            def,
                            trainer.model(),
                            classes,
                            colors,
                            train.jointTransform().baseSize(),
                            crop,
                            summary)
                    .save(modelDir);
            return new Result(
                    s, modelDir, last, trainer.model().getNDManager().getEngine().getEngineName());
        }
    }

    /**
     * A progress bar on standard error.
     *
     * @return the bar
     */
    static TrainingProgress consoleProgress() {
        return ConsoleProgressBar.stderr();
    }

    /**
     * The JSON fields every training command reports.
     *
     * @param r the run
     * @return an insertion-ordered map
     */
    static Map<String, Object> json(Result r) {
        Map<String, Object> o = new LinkedHashMap<>();
        EpochRecord last = r.last();
        o.put("engine", r.engine());
        o.put("pixAcc", last == null ? null : finite(last.pixAcc()));
        o.put("mIoU", last == null ? null : finite(last.mIoU()));
        o.put("mIoUAllClasses", last == null ? null : finite(last.mIoUAllClasses()));
        o.put("perClassIoU", last == null ? null : last.perClassIoU());
        o.put("startEpoch", r.summary().startEpoch());
        o.put("epochs", r.summary().epochs());
        o.put("iterations", r.summary().iterations());
        o.put("seconds", Math.round(r.summary().seconds() * 10) / 10.0);
        o.put("interrupted", r.summary().interrupted());
        o.put("modelDir", r.modelDir().toAbsolutePath().toString());
        return o;
    }

    private static @Nullable Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
