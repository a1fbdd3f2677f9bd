package dev.sanet.examples.cli.reproduce;

import dev.sanet.data.SegmentationDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one way the reproductions evaluate a trained row with the paper's protocol (several scales,
 * flipping, sliding window) rather than the trainer's single-scale validation. The command line
 * supplies the implementation.
 */
@FunctionalInterface
public interface RowEvaluator {

    /**
     * Evaluates a saved model over a whole split.
     *
     * @param modelDir the model folder the row saved
     * @param engine the engine to load it on
     * @param val the split (EVAL transform, labels at original size)
     * @param scales the scales of the model's base size
     * @param flip whether to add the flipped prediction
     * @return the scores over the split
     * @throws IOException when the model or an item cannot be read
     */
    RowScores evaluate(
            Path modelDir,
            String engine,
            SegmentationDataset val,
            List<Double> scales,
            boolean flip)
            throws IOException;
}
