package dev.sanet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sanet.core.Backbone;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANet;
import dev.sanet.core.nn.EfficientNetConvention;
import dev.sanet.examples.cli.SanetCommandTest.Captured;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SANet-EfficientNet-B0 model folder (TF padding, random weights) on {@code --engine
 * onnxruntime}: {@code predict} gives the masks {@code --engine mxnet} gives, one image larger than
 * the crop so that the sliding window runs, and {@code export onnx} writes a file that predicts the
 * same.
 */
class EfficientNetOnnxRuntimeTest {

    @TempDir static Path tmp;
    static Path modelDir;
    static Path images;

    @BeforeAll
    static void writeModelAndImages() throws Exception {
        SANet def =
                SANet.builder()
                        .backbone(Backbone.EFFICIENTNET_B0)
                        .efficientNetConvention(EfficientNetConvention.TF)
                        .numClasses(MaskParity.CLASSES)
                        .prediction(Prediction.MASK)
                        .build();
        modelDir = MaskParity.saveRandomModel(tmp.resolve("model"), def);
        images =
                MaskParity.writeImages(
                        tmp.resolve("images"), new int[][] {{53, 37}, {64, 64}, {90, 71}});
    }

    @Test
    void predictOnOnnxRuntimeGivesMxNetsMasks() throws Exception {
        Path ortOut = MaskParity.assertOnnxRuntimeGivesMxNetsMasks(modelDir, images, 3, tmp);

        Path file = tmp.resolve("b0.onnx");
        MaskParity.exportOnnx(modelDir, file);
        Path fileOut = tmp.resolve("pred-file");
        Captured fromFile =
                MaskParity.predict(file, images, fileOut, "--engine", "onnxruntime", "--json");
        assertEquals(0, fromFile.status, fromFile.err);
        assertEquals(1.0, MaskParity.agreement(ortOut, fileOut, 3).share());
    }
}
