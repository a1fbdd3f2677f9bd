package dev.sanet.core.nn;

import java.util.Arrays;
import java.util.Locale;

/**
 * The conventions of the EfficientNet weights people have, which the weights depend on but do not
 * record: the batch-norm epsilon and the padding of the strided convolutions. Read from each
 * family's source: torchvision 0.14's {@code efficientnet.py}, timm's {@code efficientnet.py} and
 * {@code _efficientnet_builder.py}.
 */
public enum EfficientNetConvention {
    /**
     * torchvision's {@code efficientnet_b0..b7}: symmetric padding {@code dilation x (k - 1) / 2};
     * batch-norm epsilon 1e-5 (PyTorch's default) for B0..B4 and 1e-3 for B5..B7, whose weights
     * were ported from TensorFlow.
     */
    TORCHVISION("torchvision"),
    /** timm's {@code efficientnet_b*} (trained in PyTorch): symmetric padding, epsilon 1e-5. */
    TIMM("timm"),
    /**
     * timm's {@code tf_efficientnet_b*}, the ports of the original TensorFlow weights: TensorFlow's
     * "same" padding (total {@code max((ceil(in / s) - 1) s + (k - 1) d + 1 - in, 0)}, the odd
     * extra row and column at the bottom and right), epsilon 1e-3.
     */
    TF("tf");

    private final String cliName;

    EfficientNetConvention(String cliName) {
        this.cliName = cliName;
    }

    /**
     * The lower-case name used on the command line and in reports.
     *
     * @return {@code torchvision}, {@code timm} or {@code tf}
     */
    public String cliName() {
        return cliName;
    }

    /**
     * The batch-norm epsilon of this family at a scale.
     *
     * @param scale the scale
     * @return 1e-5 or 1e-3
     */
    public float epsilon(EfficientNetScale scale) {
        return switch (this) {
            case TORCHVISION -> scale.compareTo(EfficientNetScale.B5) >= 0 ? 1e-3f : 1e-5f;
            case TIMM -> 1e-5f;
            case TF -> 1e-3f;
        };
    }

    /**
     * Whether strided convolutions pad as TensorFlow's "same" (asymmetric for even sizes).
     *
     * @return true for {@link #TF}
     */
    public boolean samePadding() {
        return this == TF;
    }

    /**
     * Parses a name ({@code torchvision}, {@code timm}, {@code tf}; case-insensitive, the constant
     * names accepted too).
     *
     * @param name the name
     * @return the convention
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static EfficientNetConvention fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (EfficientNetConvention c : values()) {
            if (c.cliName.equals(n) || c.name().toLowerCase(Locale.ROOT).equals(n)) {
                return c;
            }
        }
        throw new IllegalArgumentException(
                "unknown EfficientNet convention '"
                        + name
                        + "': use one of "
                        + String.join(", ", Arrays.stream(values()).map(c -> c.cliName).toList()));
    }
}
