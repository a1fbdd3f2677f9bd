package dev.sanet.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.sanet.core.Backbone;
import dev.sanet.core.Engines;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetBlock;
import dev.sanet.core.Variant;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Folding batch norms into convolutions keeps the outputs and makes the block inference-only. */
class BatchNormFoldingTest {

    static Stream<Arguments> cases() {
        SANet.Builder b = SANet.builder().numClasses(3).width(8);
        SANet r18 = b.backbone(Backbone.RESNET18).headKernel(3).build();
        SANet r50 = b.backbone(Backbone.RESNET50).headKernel(1).build();
        SANet se = b.backbone(Backbone.RESNET18).variant(Variant.FCN_SE).build();
        // torchvision's 7x7 stem (one pair; stage 1 of a ResNet18 needs no shortcut then) and
        // timm's resnet*d (average-pool shortcuts: the pool is not folded, the pair after it is).
        SANet tv = r18.toBuilder().stem(Stem.STANDARD).avgDown(true).build();
        SANet d = r50.toBuilder().stem(Stem.DEEP_32).avgDown(true).outputStride(16).build();
        return Stream.of(
                Arguments.of(Engines.PYTORCH, tv, 1 + 16 + 3 + 1 + 2 * 4),
                Arguments.of(Engines.MXNET, d, 3 + 16 * 3 + 4 + 1 + 2 * 4),
                Arguments.of(Engines.MXNET, r18, 3 + 16 + 4 + 1 + 2 * 4),
                Arguments.of(Engines.PYTORCH, r18, 3 + 16 + 4 + 1 + 2 * 4),
                Arguments.of(Engines.MXNET, r50, 3 + 16 * 3 + 4 + 1 + 2 * 4),
                Arguments.of(Engines.PYTORCH, se, 3 + 16 + 4 + 1));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @SuppressWarnings("try") // the collectors are opened for their effect: training mode
    void foldedNetworkGivesTheSameOutputs(String engine, SANet def, int pairs) throws Exception {
        Shape in = new Shape(2, 3, 65, 97);
        try (NDManager nd = NDManager.newBaseManager(Device.cpu(), engine)) {
            Engine.getEngine(engine).setRandomSeed(3);
            SANetBlock block = def.newBlock();
            block.initialize(nd, DataType.FLOAT32, in);
            // Non-trivial statistics: a few training passes move them away from 0 and 1.
            NDArray x = nd.randomNormal(in);
            for (int i = 0; i < 3; i++) {
                try (GradientCollector gc = Engine.getEngine(engine).newGradientCollector()) {
                    block.forward(new ParameterStore(nd, false), new NDList(x), true);
                }
                BatchNorm2d.settleAll(block);
            }
            NDList before = block.forward(new ParameterStore(nd, false), new NDList(x), false);
            assertEquals(pairs, BatchNormFolding.fold(block));
            NDList after = block.forward(new ParameterStore(nd, false), new NDList(x), false);
            for (int i = 0; i < before.size(); i++) {
                float scale = Math.max(1f, before.get(i).abs().max().getFloat());
                float diff = before.get(i).sub(after.get(i)).abs().max().getFloat();
                assertTrue(diff <= 1e-4f * scale, "output " + i + ": " + diff + " over " + scale);
            }
            assertThrows(
                    IllegalStateException.class,
                    () -> block.saveParameters(new DataOutputStream(new ByteArrayOutputStream())));
            assertThrows(IllegalStateException.class, () -> BatchNormFolding.fold(block));
            try (GradientCollector gc = Engine.getEngine(engine).newGradientCollector()) {
                assertThrows(
                        IllegalStateException.class,
                        () -> block.forward(new ParameterStore(nd, false), new NDList(x), true));
            }
        }
    }
}
