package dev.sanet.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import dev.sanet.core.Backbone;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANet;
import org.junit.jupiter.api.Test;

class NetworkParityTest {

    @Test
    void resnet18Mask() throws Exception {
        SANet def =
                SANet.builder()
                        .numClasses(3)
                        .width(8)
                        .backbone(Backbone.RESNET18)
                        .dropout(0)
                        .build();
        Parity.Result r =
                Parity.compare("MXNet", def::newBlock, new Shape(1, 3, 65, 47), Prediction.MASK, 7);
        System.out.println("r18 mask " + r);
        assertTrue(r.relative() < 1e-4, r.toString());
    }
}
