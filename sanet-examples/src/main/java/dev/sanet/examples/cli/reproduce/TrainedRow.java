package dev.sanet.examples.cli.reproduce;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What training one row produced.
 *
 * @param scores the last epoch's validation scores
 * @param epochs the epochs trained in all
 * @param seconds the training time
 * @param modelDir the saved model folder
 * @param engine the engine the model ran on ({@code MXNet}, {@code PyTorch})
 * @param interrupted whether training stopped early on an interrupt (Ctrl-C)
 */
public record TrainedRow(
        RowScores scores,
        int epochs,
        double seconds,
        Path modelDir,
        String engine,
        boolean interrupted) {

    /**
     * Checks the fields.
     *
     * @param scores the validation scores
     * @param epochs epochs trained
     * @param seconds training time
     * @param modelDir the model folder
     * @param engine the engine name
     * @param interrupted whether it was interrupted
     */
    public TrainedRow {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(engine, "engine");
    }
}
