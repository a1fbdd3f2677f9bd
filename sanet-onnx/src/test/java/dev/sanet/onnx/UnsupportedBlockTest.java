package dev.sanet.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import dev.sanet.core.Prediction;
import org.junit.jupiter.api.Test;

class UnsupportedBlockTest {

    @Test
    void aBlockWithoutAFormIsNamedWithItsPath() {
        try (NDManager m = NDManager.newBaseManager("MXNet")) {
            SequentialBlock inner = new SequentialBlock().add(Activation.reluBlock());
            inner.add(LambdaBlock.singleton(x -> x.mul(2), "double"));
            SequentialBlock net =
                    new SequentialBlock()
                            .add(
                                    Conv2d.builder()
                                            .setFilters(4)
                                            .setKernelShape(new Shape(1, 1))
                                            .build())
                            .add(inner);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 4));
            OnnxExportException e =
                    assertThrows(
                            OnnxExportException.class,
                            () -> OnnxExport.builder().build().blockProto(net, Prediction.MASK));
            assertEquals(
                    "no ONNX form for lambda block 'double' at '1.1': only ReLU and sigmoid"
                            + " lambda blocks export",
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void anUnknownBlockClassIsNamed() {
        try (NDManager m = NDManager.newBaseManager("MXNet")) {
            SequentialBlock net =
                    new SequentialBlock().add(ai.djl.nn.norm.LayerNorm.builder().build());
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 4));
            OnnxExportException e =
                    assertThrows(
                            OnnxExportException.class,
                            () -> OnnxExport.builder().build().blockProto(net, Prediction.MASK));
            assertEquals(
                    "no ONNX form for block ai.djl.nn.norm.LayerNorm at '0': ONNX export supports"
                            + " sanet's own block types",
                    e.getMessage());
        }
    }
}
