package dev.sanet.core.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.SequentialBlock;
import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.settings.SettingException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a run trains: classes checked against the network, one owner for alpha and beta. */
class TrainingNetworkTest {

    private static final SANet DEF =
            SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(3).alpha(0.3).build();
    private static final List<String> NAMES = List.of("bg", "a", "b");

    @Test
    void theLossAndColoursDefaultToTheDefinitionsAndVocs() {
        TrainingNetwork n = TrainingNetwork.builder(DEF).classes(NAMES).build();
        assertSame(DEF, n.definition());
        assertEquals(0.3, n.loss().alpha());
        assertEquals(DEF.beta(), n.loss().beta());
        assertTrue(n.loss().maskTerm() && n.loss().categoricalTerm() && n.loss().denseTerm());
        // The PASCAL VOC colour map: background black, aeroplane maroon, bicycle green.
        assertArrayEquals(new int[] {0x000000, 0x800000, 0x008000}, n.colors());
        int[] colors = TrainingNetwork.builder(DEF).classes(NAMES).colors(1, 2, 3).build().colors();
        colors[0] = 99;
        assertEquals(
                1, TrainingNetwork.builder(DEF).classes(NAMES).colors(1, 2, 3).build().colors()[0]);
    }

    @Test
    void alphaAndBetaHaveOneOwnerTheDefinition() {
        // A loss of another network keeps its terms and takes this definition's weights.
        SANetLoss other = SANetLoss.builder().categorical(false).build();
        SANetLoss used = TrainingNetwork.builder(DEF).classes(NAMES).loss(other).build().loss();
        assertSame(DEF, used.definition());
        assertEquals(0.3, used.alpha());
        assertTrue(used.maskTerm() && !used.categoricalTerm() && used.denseTerm());
        // A loss of this definition is used as it is (Table 1 rows switch terms off).
        SANetLoss noCat = SANetLoss.builder(DEF).categorical(false).build();
        assertSame(noCat, TrainingNetwork.builder(DEF).classes(NAMES).loss(noCat).build().loss());
    }

    @Test
    void theClassNamesMustMatchTheNetwork() {
        SettingException e =
                assertThrows(
                        SettingException.class,
                        () -> TrainingNetwork.builder(DEF).classes(List.of("x", "y")).build());
        assertEquals("classes", e.setting());
        assertTrue(e.getMessage().contains("2 class names") && e.getMessage().contains("3"));
        e = assertThrows(SettingException.class, () -> TrainingNetwork.builder(DEF).build());
        assertTrue(e.getMessage().contains("classes must be at least one name"), e.getMessage());
        e =
                assertThrows(
                        SettingException.class,
                        () -> TrainingNetwork.builder(DEF).classes(NAMES).colors(1, 2).build());
        assertEquals("colors", e.setting());
        assertTrue(e.getMessage().contains("3 colours, one per class, got 2"), e.getMessage());
    }

    @Test
    void aBareBlockTrainsEverythingAtOneRateAndTakesNoPretrainedWeights() {
        SequentialBlock block = new SequentialBlock();
        TrainingNetwork n = TrainingNetwork.builder(block, null).classes(NAMES).build();
        assertSame(block, n.block());
        assertNull(n.definition());
        assertNull(n.backbone());
        SettingException e =
                assertThrows(
                        SettingException.class,
                        () ->
                                TrainingNetwork.builder(block, null)
                                        .classes(NAMES)
                                        .pretrained(Path.of("resnet50_v1s.params"))
                                        .build());
        assertEquals("pretrained", e.setting());
        assertTrue(e.getMessage().contains("resnet50_v1s.params"), e.getMessage());
        assertTrue(e.getMessage().contains("SANet definition"), e.getMessage());
    }
}
