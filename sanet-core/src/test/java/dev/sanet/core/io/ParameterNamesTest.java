package dev.sanet.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.Variant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ParameterNamesTest {

    private static final SANet TINY =
            SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(3).build();

    private static Block initialized(SANet def, NDManager nd) {
        Block b = def.newBlock();
        b.initialize(nd, DataType.FLOAT32, new Shape(2, 3, 64, 64));
        return b;
    }

    @Test
    void sanetNamesArePinned() {
        try (NDManager nd = NDManager.newBaseManager()) {
            Map<String, Parameter> p = ParameterNames.of(initialized(TINY, nd));
            // name -> shape for width 8 (stages 8, 16, 32, 64 channels), 3 classes, 4 heads.
            Object[][] pinned = {
                {"backbone.conv1.0.weight", new Shape(8, 3, 3, 3)},
                {"backbone.conv1.1.weight", new Shape(8)},
                {"backbone.conv1.1.bias", new Shape(8)},
                {"backbone.conv1.1.running_mean", new Shape(8)},
                {"backbone.conv1.4.running_var", new Shape(8)},
                {"backbone.conv1.6.weight", new Shape(16, 8, 3, 3)},
                {"backbone.bn1.running_var", new Shape(16)},
                {"backbone.layer1.0.conv1.weight", new Shape(8, 16, 3, 3)},
                {"backbone.layer1.0.bn1.bias", new Shape(8)},
                {"backbone.layer1.0.downsample.0.weight", new Shape(8, 16, 1, 1)},
                {"backbone.layer1.0.downsample.1.weight", new Shape(8)},
                {"backbone.layer3.0.downsample.0.weight", new Shape(32, 16, 1, 1)},
                {"backbone.layer4.1.bn2.running_mean", new Shape(64)},
                {"dense.conv.weight", new Shape(16, 64, 3, 3)},
                {"dense.bn.weight", new Shape(16)},
                {"dense.classifier.weight", new Shape(3, 16, 1, 1)},
                {"dense.classifier.bias", new Shape(3)},
                {"sa1.main.0.weight", new Shape(2, 4, 1, 1)},
                {"sa4.main.0.weight", new Shape(16, 32, 1, 1)},
                {"sa4.main.1.running_var", new Shape(16)},
                {"sa4.attention.3.weight", new Shape(3, 16, 1, 1)},
                {"sa4.attention.3.bias", new Shape(3)},
                {"mask.weight", new Shape(3, 12, 1, 1)},
                {"mask.bias", new Shape(3)},
                {"cat.weight", new Shape(3, 12)},
                {"cat.bias", new Shape(3)},
            };
            for (Object[] row : pinned) {
                Parameter param = p.get((String) row[0]);
                assertTrue(param != null, row[0] + " missing from " + p.keySet());
                assertEquals(row[1], param.getArray().getShape(), (String) row[0]);
            }
            // Only a stage's first block projects; there is no third block in a ResNet18 stage.
            assertNull(p.get("backbone.layer3.1.downsample.0.weight"));
            assertNull(p.get("backbone.layer3.2.conv1.weight"));
            // Tree order: the stem comes first, the categorical head last.
            List<String> names = new ArrayList<>(p.keySet());
            assertEquals("backbone.conv1.0.weight", names.get(0));
            assertEquals("cat.bias", names.get(names.size() - 1));
            assertTrue(
                    names.indexOf("backbone.layer1.0.conv1.weight")
                            < names.indexOf("backbone.layer1.0.bn1.weight"));
        }
    }

    @Test
    void namesCoverEveryParameterExactlyOnce() {
        try (NDManager nd = NDManager.newBaseManager()) {
            for (Variant v : Variant.values()) {
                Block b =
                        initialized(
                                SANet.builder()
                                        .backbone(Backbone.RESNET50)
                                        .width(8)
                                        .numClasses(3)
                                        .variant(v)
                                        .build(),
                                nd);
                Map<String, Parameter> p = ParameterNames.of(b);
                var all = b.getParameters();
                assertEquals(all.size(), p.size(), v.name());
                Map<Parameter, Boolean> seen = new IdentityHashMap<>();
                for (Parameter x : p.values()) {
                    assertNull(seen.put(x, true), "a parameter named twice in " + v);
                }
                for (var e : all) {
                    assertTrue(seen.containsKey(e.getValue()), e.getKey() + " has no name");
                }
            }
        }
    }

    @Test
    void fcnSeNamesItsExcitationLayers() {
        try (NDManager nd = NDManager.newBaseManager()) {
            SANet def =
                    SANet.builder()
                            .backbone(Backbone.RESNET18)
                            .width(8)
                            .numClasses(3)
                            .variant(Variant.FCN_SE)
                            .build();
            Map<String, Parameter> p = ParameterNames.of(initialized(def, nd));
            assertEquals(new Shape(4, 64), p.get("se.fc1.weight").getArray().getShape());
            assertEquals(new Shape(64), p.get("se.fc2.bias").getArray().getShape());
            assertFalse(p.containsKey("mask.weight"));
        }
    }

    @Test
    void batchNormEntriesAreFlaggedAndGluonNamesDeriveFromTheRule() {
        try (NDManager nd = NDManager.newBaseManager()) {
            Block b = initialized(TINY, nd);
            Map<String, Parameter> p = ParameterNames.of(b);
            assertTrue(ParameterNames.isBatchNorm(p.get("backbone.conv1.1.weight")));
            assertTrue(ParameterNames.isBatchNorm(p.get("backbone.bn1.running_mean")));
            assertFalse(ParameterNames.isBatchNorm(p.get("backbone.conv1.0.weight")));
            assertFalse(ParameterNames.isBatchNorm(p.get("cat.bias")));

            Block backbone = ((dev.sanet.core.SANetBlock) b).backbone();
            Map<String, Parameter> gluon = ParameterNames.gluon(backbone);
            List<String> expected = new ArrayList<>();
            for (var e : p.entrySet()) {
                if (!e.getKey().startsWith("backbone.")) {
                    continue;
                }
                String n = e.getKey().substring("backbone.".length());
                if (ParameterNames.isBatchNorm(e.getValue())) {
                    n = n.replaceAll("\\.weight$", ".gamma").replaceAll("\\.bias$", ".beta");
                }
                expected.add(n);
                assertSame(e.getValue(), gluon.get(n), n);
            }
            assertEquals(expected, new ArrayList<>(gluon.keySet()));
            assertTrue(gluon.containsKey("conv1.1.gamma") && gluon.containsKey("bn1.beta"));
        }
    }

    @Test
    void sequentialChildrenAreNumberedAndDuplicatesRejected() {
        SequentialBlock seq =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(2).build())
                        .add(Linear.builder().setUnits(3).build());
        assertEquals(
                List.of("0.weight", "0.bias", "1.weight", "1.bias"),
                new ArrayList<>(ParameterNames.of(seq).keySet()));
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> ParameterNames.of(new Twins()));
        assertTrue(e.getMessage().contains("x.weight"), e.getMessage());
    }

    /** Two children under the same name: their parameters would share names. */
    private static final class Twins extends AbstractBlock {
        Twins() {
            addChildBlock("x", Linear.builder().setUnits(2).build());
            addChildBlock("x", Linear.builder().setUnits(2).build());
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps,
                NDList inputs,
                boolean training,
                @Nullable PairList<String, Object> params) {
            return inputs;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }
}
