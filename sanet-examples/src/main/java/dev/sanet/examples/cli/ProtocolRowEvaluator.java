package dev.sanet.examples.cli;

import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.metrics.SegmentationScores;
import dev.sanet.data.SegmentationDataset;
import dev.sanet.examples.cli.reproduce.RowEvaluator;
import dev.sanet.examples.cli.reproduce.RowScores;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The reproductions' seam to the paper's evaluation protocol: the library's {@link
 * SANetModel#evaluate} at the model's own base and crop size, through {@link EvalCommand#evaluate}
 * for the progress bar of {@code sanet eval}.
 */
final class ProtocolRowEvaluator implements RowEvaluator {

    @Override
    public RowScores evaluate(
            Path modelDir,
            String engine,
            SegmentationDataset val,
            List<Double> scales,
            boolean flip)
            throws IOException {
        try (SANetModel model = SANetModel.load(modelDir, engine)) {
            Protocol protocol =
                    Protocol.builder()
                            .scales(scales)
                            .flip(flip)
                            .baseSize(model.baseSize())
                            .cropSize(model.cropSize())
                            .build();
            SegmentationScores s = EvalCommand.evaluate(model, val, protocol).scores();
            return new RowScores(
                    RowScores.finite(s.pixelAccuracy()),
                    RowScores.finite(s.meanIoU()),
                    RowScores.finite(s.meanIoUAllClasses()),
                    s.perClass(val.classNames()));
        }
    }
}
