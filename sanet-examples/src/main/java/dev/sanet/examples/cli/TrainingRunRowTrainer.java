package dev.sanet.examples.cli;

import ai.djl.Device;
import com.google.gson.JsonObject;
import dev.sanet.core.training.EpochRecord;
import dev.sanet.data.SegmentationDataset;
import dev.sanet.examples.cli.reproduce.Row;
import dev.sanet.examples.cli.reproduce.RowScores;
import dev.sanet.examples.cli.reproduce.RowTrainer;
import dev.sanet.examples.cli.reproduce.Setup;
import dev.sanet.examples.cli.reproduce.TrainedRow;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The reproductions' seam to training, today {@link TrainingRun#run}: the one place to re-point
 * when training moves behind a library call.
 */
final class TrainingRunRowTrainer implements RowTrainer {

    @Override
    public TrainedRow train(
            Row row,
            Setup setup,
            SegmentationDataset train,
            SegmentationDataset val,
            Path runDir,
            JsonObject config,
            boolean resume)
            throws IOException {
        TrainingRun.Result r =
                TrainingRun.run(
                        row.def(),
                        row.loss(),
                        train,
                        val,
                        setup.batch(),
                        setup.epochs(),
                        setup.lr(),
                        runDir,
                        runDir.resolve("model"),
                        resume,
                        config,
                        TrainingRun.consoleProgress(),
                        setup.secondsPerRow(),
                        setup.optimizer(),
                        setup.headMultiplier(),
                        setup.devices().toArray(new Device[0]),
                        setup.engine(),
                        setup.pretrained());
        EpochRecord last = r.last();
        RowScores scores =
                last == null
                        ? new RowScores(null, null, null, null)
                        : new RowScores(
                                RowScores.finite(last.pixAcc()),
                                RowScores.finite(last.mIoU()),
                                RowScores.finite(last.mIoUAllClasses()),
                                last.perClassIoU());
        return new TrainedRow(
                scores,
                r.summary().epochs(),
                r.summary().seconds(),
                r.modelDir(),
                r.engine(),
                r.summary().interrupted());
    }
}
