package dev.sanet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComplexityTest {

    /** The deep-stem ResNet18 at width 8, counted by hand layer by layer. */
    private static final long RESNET18_W8 =
            // stem: 3->8, BN, 8->8, BN, 8->16 (3x3, no bias), bn1
            (3 * 8 * 9 + 16 + 8 * 8 * 9 + 16 + 8 * 16 * 9 + 32)
                    // layer1 (16 -> 8): projection in block 0; two 3x3 convs + 2 BNs per block
                    + (16 * 8 * 9 + 16 + 8 * 8 * 9 + 16 + 16 * 8 + 16)
                    + (2 * (8 * 8 * 9 + 16))
                    // layer2 (8 -> 16, stride 2)
                    + (8 * 16 * 9 + 32 + 16 * 16 * 9 + 32 + 8 * 16 + 32)
                    + (2 * (16 * 16 * 9 + 32))
                    // layer3 (16 -> 32)
                    + (16 * 32 * 9 + 64 + 32 * 32 * 9 + 64 + 16 * 32 + 64)
                    + (2 * (32 * 32 * 9 + 64))
                    // layer4 (32 -> 64)
                    + (32 * 64 * 9 + 128 + 64 * 64 * 9 + 128 + 32 * 64 + 128)
                    + (2 * (64 * 64 * 9 + 128));

    @Test
    void smallNetworkMatchesHandComputedCounts() {
        SANet def = SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(3).build();
        Complexity c = Complexity.of(def, 64, 64);
        assertEquals(RESNET18_W8, c.component("backbone").params());
        // Dense head: 3x3 64 -> 16 (no bias), BN 16, 1x1 16 -> 3 with bias.
        assertEquals(64 * 16 * 9 + 32 + 16 * 3 + 3, c.component("dense").params());
        // SA on a C-channel stage, K = 3: two channels of grouped 1x1 C -> C/4 (C*C/8), BN, 1x1.
        for (int stage = 1; stage <= 4; stage++) {
            long ch = 8L << (stage - 1);
            long perChannel = ch * ch / 8 + 2 * (ch / 4) + (ch / 4) * 3 + 3;
            assertEquals(2 * perChannel, c.component("sa" + stage).params(), "sa" + stage);
        }
        // Mask 1x1 conv 12 -> 3 with bias; categorical FC 12 -> 3 with bias.
        assertEquals(12 * 3 + 3, c.component("mask").params());
        assertEquals(12 * 3 + 3, c.component("cat").params());
        long sum = c.components().stream().mapToLong(Complexity.Component::params).sum();
        assertEquals(c.params(), sum);
        assertEquals(c.macs(), c.components().stream().mapToLong(Complexity.Component::macs).sum());

        // MACs of the heads at 64x64 (stage 2-4 maps 8x8, stage 1 16x16, pooled 1x1 and 2x2).
        assertEquals(64 * (64 * 16 * 9) + 64 * (16 * 3), c.component("dense").macs());
        assertEquals(64 * 12 * 3, c.component("mask").macs());
        assertEquals(12 * 3, c.component("cat").macs());
        long sa1 = (256 + 4) * (8 * 8 / 8 + 2 * 3); // 16x16 main, 2x2 attention
        assertEquals(sa1, c.component("sa1").macs());
        assertEquals(new Shape(1, 3, 64, 64), c.inputShape());
    }

    @Test
    void countsMatchTheInitialisedBlocksParameters() {
        SANet def =
                SANet.builder()
                        .backbone(Backbone.RESNET34)
                        .width(8)
                        .numClasses(4)
                        .variant(Variant.FCN_SE)
                        .build();
        try (NDManager nd = NDManager.newBaseManager()) {
            SANetBlock block = def.newBlock();
            block.initialize(nd, DataType.FLOAT32, new Shape(2, 3, 64, 64));
            long all = 0;
            long stats = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                long n = p.getValue().getArray().size();
                all += n;
                if (!p.getValue().requiresGradient()) {
                    stats += n;
                }
            }
            assertTrue(stats > 0);
            assertEquals(all - stats, Complexity.countParameters(block));
            assertEquals(Complexity.of(def, 64, 64).params(), Complexity.countParameters(block));
            // SE with hidden width 4 on 64 channels: FC 64 -> 4 and 4 -> 64, with biases.
            assertEquals(64 * 4 + 4 + 4 * 64 + 64, Complexity.of(block).component("se").params());
        }
    }

    @Test
    void sanetResNet101IsWithinFivePercentOfThePapersBudget() {
        Complexity c = Complexity.of(SANet.builder().build(), 512, 512);
        assertEquals(55.5e6, c.params(), 0.05 * 55.5e6, "params " + c.params());
        // Spec section 2.5 orientation: backbone ~42.6M, dense head ~9.45M, SA heads ~1.4M.
        assertEquals(42.6e6, c.component("backbone").params(), 0.1e6);
        assertEquals(9.45e6, c.component("dense").params(), 0.01e6);
        long sa =
                c.components().stream()
                        .filter(x -> x.name().startsWith("sa"))
                        .mapToLong(Complexity.Component::params)
                        .sum();
        assertEquals(1.4e6, sa, 0.05e6);
        // Spec section 6: about 226 GMACs at 512x512.
        assertEquals(226e9, c.macs(), 0.01 * 226e9, "macs " + c.macs());

        Complexity fcn = Complexity.of(SANet.builder().variant(Variant.FCN).build(), 512, 512);
        assertTrue(fcn.params() < c.params());
        assertEquals(
                List.of("backbone", "dense"),
                fcn.components().stream().map(Complexity.Component::name).toList());

        // 3x3 first convolutions add about 12.6M and leave the budget (docs/paper-reading.md
        // section 2.5).
        Complexity k3 = Complexity.of(SANet.builder().headKernel(3).build(), 512, 512);
        assertEquals(12.6e6, k3.params() - fcn.params(), 0.2e6);
    }

    @Test
    void sanetResNet50CostsAbout149Gmacs() {
        Complexity c = Complexity.of(SANet.builder().backbone(Backbone.RESNET50).build(), 512, 512);
        assertEquals(149e9, c.macs(), 0.01 * 149e9, "macs " + c.macs());
    }
}
