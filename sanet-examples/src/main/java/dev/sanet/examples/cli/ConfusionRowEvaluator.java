package dev.sanet.examples.cli;

import dev.sanet.core.SANetModel;
import dev.sanet.core.metrics.ConfusionMatrix;
import dev.sanet.data.SegmentationDataset;
import dev.sanet.examples.cli.reproduce.RowEvaluator;
import dev.sanet.examples.cli.reproduce.RowScores;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The reproductions' seam to the paper's evaluation protocol, today {@link EvalCommand#confusion}
 * and {@link Scoring#json}: the one place to re-point when evaluation moves behind a library call.
 */
final class ConfusionRowEvaluator implements RowEvaluator {

    @Override
    public RowScores evaluate(
            Path modelDir,
            String engine,
            SegmentationDataset val,
            List<Double> scales,
            boolean flip)
            throws IOException {
        try (SANetModel model = SANetModel.load(modelDir, engine)) {
            ConfusionMatrix cm =
                    EvalCommand.confusion(
                            model, val, scales, flip, model.baseSize(), model.cropSize());
            Map<String, Object> scored = Scoring.json(cm, val.classNames(), val.size(), null);
            return new RowScores(
                    (Double) scored.get("pixAcc"),
                    (Double) scored.get("mIoU"),
                    (Double) scored.get("mIoUAllClasses"),
                    cm.scores().perClass(val.classNames()));
        }
    }
}
