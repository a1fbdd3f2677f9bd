package dev.sanet.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sanet.core.io.ParameterNames;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The names {@code sanet pretrain} writes for an EfficientNet classifier are torchvision's: the
 * count of torchvision's {@code efficientnet_b0} state dict (311 tensors without {@code
 * num_batches_tracked}), its keys for each kind of layer, and the importer's renaming inverts them.
 */
class EfficientNetTorchvisionNamesTest {

    @Test
    void aB0ClassifierGetsTorchvisionsKeysThatTheImporterReadsBack() {
        BackboneClassifier net =
                new BackboneClassifier(EfficientNet.builder().outputStride(32).build(), 1000);
        Set<String> sanet = new LinkedHashSet<>();
        for (String k : ParameterNames.of(net).keySet()) {
            sanet.add(k.startsWith("backbone.") ? k.substring("backbone.".length()) : k);
        }
        Map<String, String> tv = new java.util.LinkedHashMap<>();
        for (String k : sanet) {
            tv.put(k, EfficientNetTorchvisionNames.of(k, sanet));
        }
        assertEquals(311, new LinkedHashSet<>(tv.values()).size());
        assertEquals("features.0.0.weight", tv.get("conv_stem.weight"));
        assertEquals("features.0.1.running_var", tv.get("bn1.running_var"));
        // Stage 1 does not expand: conv_dw, bn1, se, conv_pw, bn2 are block.0, block.1, block.2.
        assertEquals("features.1.0.block.0.0.weight", tv.get("blocks.0.0.conv_dw.weight"));
        assertEquals("features.1.0.block.0.1.bias", tv.get("blocks.0.0.bn1.bias"));
        assertEquals("features.1.0.block.1.fc1.weight", tv.get("blocks.0.0.se.conv_reduce.weight"));
        assertEquals("features.1.0.block.2.0.weight", tv.get("blocks.0.0.conv_pw.weight"));
        assertEquals("features.1.0.block.2.1.running_mean", tv.get("blocks.0.0.bn2.running_mean"));
        // The others expand: conv_pw+bn1, conv_dw+bn2, se, conv_pwl+bn3.
        assertEquals("features.2.0.block.0.0.weight", tv.get("blocks.1.0.conv_pw.weight"));
        assertEquals("features.2.0.block.1.1.weight", tv.get("blocks.1.0.bn2.weight"));
        assertEquals("features.6.3.block.2.fc2.bias", tv.get("blocks.5.3.se.conv_expand.bias"));
        assertEquals("features.7.0.block.3.0.weight", tv.get("blocks.6.0.conv_pwl.weight"));
        assertEquals("features.7.0.block.3.1.running_var", tv.get("blocks.6.0.bn3.running_var"));
        assertEquals("features.8.0.weight", tv.get("conv_head.weight"));
        assertEquals("features.8.1.bias", tv.get("bn2.bias"));
        assertEquals("classifier.1.weight", tv.get("classifier.weight"));
        assertEquals("classifier.1.bias", tv.get("classifier.bias"));

        Set<String> written = new LinkedHashSet<>(tv.values());
        int backbone = 0;
        for (Map.Entry<String, String> e : tv.entrySet()) {
            String back = EfficientNetWeights.fromTorchvision(e.getValue(), written);
            if (e.getKey().startsWith("conv_head.")
                    || e.getKey().startsWith("bn2.")
                    || e.getKey().startsWith("classifier.")) {
                assertNull(back, e.getValue());
            } else {
                assertEquals(e.getKey(), back, e.getValue());
                backbone++;
            }
        }
        assertEquals(ParameterNames.of(net.backbone()).size(), backbone);
        assertTrue(backbone > 300, "backbone tensors: " + backbone);
        assertThrows(
                IllegalArgumentException.class,
                () -> EfficientNetTorchvisionNames.of("fc.weight", sanet));
    }
}
