package dev.sanet.core;

import java.util.Arrays;
import java.util.Locale;

/**
 * The network families compared in the paper's Table 3 (docs/paper-reading.md sections 2.3 and
 * 2.4).
 */
public enum Variant {
    /**
     * SANet: squeeze-and-attention heads on the last {@code heads} backbone stages, mask head,
     * categorical head and the dense FCN head (paper Fig. 3).
     */
    SANET("sanet"),
    /** The dilated FCN baseline: backbone and dense head only. */
    FCN("fcn"),
    /**
     * The FCN-SE baseline: the dilated FCN whose stage-4 features pass through a
     * squeeze-and-excitation module in the paper's residual form before the dense head.
     */
    FCN_SE("fcn-se");

    private final String cliName;

    Variant(String cliName) {
        this.cliName = cliName;
    }

    /**
     * The lower-case name used on the command line and in reports.
     *
     * @return {@code sanet}, {@code fcn} or {@code fcn-se}
     */
    public String cliName() {
        return cliName;
    }

    /**
     * Parses a command-line name ({@code sanet}, {@code fcn}, {@code fcn-se}; case-insensitive,
     * {@code fcn_se} is accepted too).
     *
     * @param name the name
     * @return the variant
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static Variant fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Variant v : values()) {
            if (v.cliName.equals(n)) {
                return v;
            }
        }
        throw new IllegalArgumentException(
                "unknown variant '"
                        + name
                        + "': use one of "
                        + String.join(", ", Arrays.stream(values()).map(v -> v.cliName).toList()));
    }
}
