package dev.sanet.examples.cli;

import ai.djl.Device;
import com.google.gson.JsonObject;
import dev.sanet.core.training.EpochRecord;
import dev.sanet.core.training.Training;
import dev.sanet.core.training.TrainingResult;
import dev.sanet.data.SegmentationDataset;
import dev.sanet.examples.cli.reproduce.Row;
import dev.sanet.examples.cli.reproduce.RowScores;
import dev.sanet.examples.cli.reproduce.RowTrainer;
import dev.sanet.examples.cli.reproduce.Setup;
import dev.sanet.examples.cli.reproduce.TrainedRow;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The reproductions' seam to training: the library's {@link Training#run} with the command line's
 * preset ({@link TrainingRun#config}: class names and colours, sizes, title, progress bar) and the
 * row's recipe; the model goes to {@code runDir/model}.
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
        TrainingResult r =
                Training.run(
                        TrainingRun.config(
                                        TrainingRun.network(row.def(), train)
                                                .loss(row.loss())
                                                .pretrained(setup.pretrained())
                                                .pretrainedFormat(setup.pretrainedFormat())
                                                .build(),
                                        train)
                                .recipe(
                                        TrainingRun.recipe(train)
                                                .batchSize(setup.batch())
                                                .epochs(setup.epochs())
                                                .learningRate(setup.lr())
                                                .optimizer(setup.optimizer())
                                                .headMultiplier(setup.headMultiplier())
                                                .seed(setup.seed())
                                                .build())
                                .maxSeconds(setup.secondsPerRow())
                                .devices(setup.devices().toArray(new Device[0]))
                                .engine(setup.engine())
                                .outputDir(runDir)
                                .resume(resume)
                                .metadata(config)
                                .build(),
                        train,
                        val);
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
