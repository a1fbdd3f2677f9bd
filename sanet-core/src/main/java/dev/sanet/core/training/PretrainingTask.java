package dev.sanet.core.training;

import ai.djl.Model;
import ai.djl.training.dataset.RandomAccessDataset;
import com.google.gson.JsonObject;
import dev.sanet.core.nn.BackboneClassifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Pretraining's part of the training loop: the validation top-1 after an epoch, the state its
 * checkpoints hold (the run's settings and history) and {@value Pretraining#METRICS}.
 */
final class PretrainingTask implements LoopTask {

    private final BackboneClassifier net;
    private final Model model;
    private final @Nullable RandomAccessDataset validation;
    private final JsonObject config;

    PretrainingTask(
            BackboneClassifier net,
            Model model,
            @Nullable RandomAccessDataset validation,
            JsonObject config) {
        this.net = net;
        this.model = model;
        this.validation = validation;
        this.config = config;
    }

    @Override
    public EpochRecord finishEpoch(EpochRecord trained, boolean validationDue) {
        if (validation == null) {
            return trained; // the training top-1 is among the record's terms
        }
        double top1;
        try {
            top1 = Top1.of(net, model.getNDManager(), validation);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, Double> terms = new java.util.LinkedHashMap<>(trained.terms());
        terms.put(PretrainingFiles.VAL_TOP1, top1);
        return new EpochRecord(
                trained.epoch(),
                trained.iteration(),
                trained.learningRate(),
                trained.loss(),
                terms,
                trained.pixAcc(),
                trained.mIoU(),
                trained.mIoUAllClasses(),
                trained.perClassIoU(),
                trained.seconds());
    }

    @Override
    public JsonObject checkpointState(List<EpochRecord> history) {
        return PretrainingFiles.state(config.deepCopy(), PretrainingFiles.epochs(history));
    }

    @Override
    public List<EpochRecord> readHistory(JsonObject state) {
        List<EpochRecord> out = new ArrayList<>();
        for (Pretraining.Epoch e : PretrainingFiles.readHistory(state)) {
            out.add(
                    new EpochRecord(
                            e.epoch(),
                            e.iteration(),
                            e.learningRate(),
                            e.loss(),
                            Map.of("top1", e.top1(), PretrainingFiles.VAL_TOP1, e.valTop1()),
                            Double.NaN,
                            Double.NaN,
                            Double.NaN,
                            null,
                            e.seconds()));
        }
        return out;
    }

    @Override
    public void writeReports(Path dir, List<EpochRecord> history) throws IOException {
        PretrainingFiles.writeMetrics(
                dir.resolve(Pretraining.METRICS), PretrainingFiles.epochs(history));
    }
}
