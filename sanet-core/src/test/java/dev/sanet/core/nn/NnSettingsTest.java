package dev.sanet.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sanet.core.settings.SettingException;
import java.util.List;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every builder and setting-taking constructor of nn names the bad setting. */
class NnSettingsTest {

    private static Executable bad(String which) {
        return switch (which) {
            case "resnet.depth" -> () -> ResNetV1s.builder().depth(42).build();
            case "resnet.blocks" -> () -> ResNetV1s.builder().blocks(true, 3, 0, 6, 3).build();
            case "resnet.width" -> () -> ResNetV1s.builder().width(0).build();
            case "resnet.deep32Width" ->
                    () -> ResNetV1s.builder().stem(Stem.DEEP_32).width(9).build();
            case "resnet.outputStride" -> () -> ResNetV1s.builder().outputStride(4).build();
            case "layout.blocks" ->
                    () -> new ResNetLayout(List.of(1, 1, 1), true, Stem.DEEP_64, 8, false);
            case "sa.outChannels" -> () -> SqueezeAttention.builder().inChannels(16).build();
            case "sa.kernel" ->
                    () ->
                            SqueezeAttention.builder()
                                    .inChannels(16)
                                    .outChannels(2)
                                    .kernel(5)
                                    .build();
            case "sa.reduction" ->
                    () ->
                            SqueezeAttention.builder()
                                    .inChannels(16)
                                    .outChannels(2)
                                    .reduction(0)
                                    .build();
            case "sa.groups" ->
                    () ->
                            SqueezeAttention.builder()
                                    .inChannels(16)
                                    .outChannels(2)
                                    .groups(0)
                                    .build();
            case "sa.poolRatio" ->
                    () ->
                            SqueezeAttention.builder()
                                    .inChannels(16)
                                    .outChannels(2)
                                    .poolRatio(0)
                                    .build();
            case "sa.inChannels" ->
                    () -> SqueezeAttention.builder().inChannels(12).outChannels(2).build();
            case "bn.epsilon" -> () -> new BatchNorm2d(0f, 0.1f);
            case "bn.momentum" -> () -> new BatchNorm2d(1e-5f, 1f);
            case "classifier.numClasses" ->
                    () -> new BackboneClassifier(ResNetV1s.builder().depth(18).width(8).build(), 1);
            default -> throw new AssertionError(which);
        };
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "resnet.depth | depth | depth must be one of 18, 34, 50, 101, 152, got 42",
                "resnet.blocks | blocks | blocks must be four counts >= 1, got [3, 0, 6, 3]",
                "resnet.width | width | width must be >= 1, got 0",
                "resnet.deep32Width | width | width must be even with the deep32 stem, which"
                        + " halves it, got 9",
                "resnet.outputStride | outputStride | outputStride must be 8, 16 or 32, got 4",
                "layout.blocks | blocks | blocks must be four counts >= 1, got [1, 1, 1]",
                "sa.outChannels | outChannels | outChannels must be >= 1, got 0",
                "sa.kernel | kernel | kernel must be 1 or 3, got 5",
                "sa.reduction | reduction | reduction must be >= 1, got 0",
                "sa.groups | groups | groups must be >= 1, got 0",
                "sa.poolRatio | poolRatio | poolRatio must be >= 1, got 0",
                "sa.inChannels | inChannels | inChannels must be a positive multiple of reduction"
                        + " (4) whose quotient is a multiple of groups (2), got 12",
                "bn.epsilon | epsilon | epsilon must be > 0, got 0.0",
                "bn.momentum | momentum | momentum must be in [0, 1), got 1.0",
                "classifier.numClasses | numClasses | numClasses must be >= 2, got 1",
            })
    void aBadValueNamesItsSetting(String which, String setting, String message) {
        SettingException e = assertThrows(SettingException.class, bad(which));
        assertEquals(setting, e.setting());
        assertEquals(message, e.getMessage());
    }
}
