package dev.sanet.examples.cli.reproduce;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every number the paper reports that {@code sanet reproduce} prints beside ours
 * (docs/paper-reading.md section 1), in one place. Accuracies are fractions 0..1 written as the
 * paper's percentages (0.521 is 52.1%); Figure 4's are read off its plot, to about 0.1 point.
 * Values the extraction of the paper lost (Table 1's rows, Table 4's per-class row, MACs) are
 * absent, and reported as {@code null}.
 */
public final class PaperValues {

    /** Table 6: SANet-ResNet101's parameter count, 55.5M. */
    public static final long TABLE6_SANET101_PARAMS = 55_500_000L;

    /** The tolerance on the parameter count, 5% (docs/paper-reading.md section 2.5). */
    public static final double PARAMS_BAND = 0.05;

    /** Table 6 (and Table 4): SANet-ResNet101's mIoU on VOC 2012 test, no COCO. */
    public static final double VOC_TEST_MIOU = 0.832;

    /** Table 1: the full SANet's pixel accuracy gain over the FCN baseline, +2.7 points. */
    public static final double TABLE1_DELTA_PIXACC = 0.027;

    /** Table 1: the full SANet's mIoU gain over the FCN baseline, +6.0 points. */
    public static final double TABLE1_DELTA_MIOU = 0.060;

    /** Table 2: SANet-ResNet101 on Context, 60 classes (the 59-class figure x 59/60). */
    public static final double TABLE2_SANET101_MIOU60 = 0.521;

    /** Table 2: SANet-ResNet101 on Context, 59 classes. */
    public static final double TABLE2_SANET101_MIOU59 = 0.530;

    private static final Map<String, Double> TABLE2_OTHERS = new LinkedHashMap<>();

    private static final Map<String, double[]> TABLE3 = new LinkedHashMap<>();

    private static final Map<Double, Double> FIGURE4_ALPHA = new LinkedHashMap<>();

    private static final Map<Double, Double> FIGURE4_BETA = new LinkedHashMap<>();

    static {
        TABLE2_OTHERS.put("SANet-EfficientNet-B7", 0.544);
        TABLE2_OTHERS.put("EncNet", 0.517);
        TABLE2_OTHERS.put("RefineNet", 0.473);
        TABLE2_OTHERS.put("DeepLab-v2", 0.457);
        TABLE2_OTHERS.put("Piecewise", 0.433);
        TABLE2_OTHERS.put("HighOrder-CRF", 0.413);
        TABLE2_OTHERS.put("BoxSup", 0.405);
        TABLE2_OTHERS.put("ParseNet", 0.404);
        TABLE2_OTHERS.put("CRF-RNN", 0.393);
        TABLE2_OTHERS.put("FCN", 0.378);

        // {PAcc, mIoU}, PASCAL Context 59, 20 epochs.
        TABLE3.put("FCN50", new double[] {0.762, 0.449});
        TABLE3.put("FCN50-SE", new double[] {0.760, 0.446});
        TABLE3.put("SANet50", new double[] {0.789, 0.490});
        TABLE3.put("FCN101", new double[] {0.767, 0.456});
        TABLE3.put("FCN101-SE", new double[] {0.766, 0.457});
        TABLE3.put("SANet101", new double[] {0.792, 0.501});

        // mIoU against alpha at beta 0.8, and against beta at alpha 0.2.
        FIGURE4_ALPHA.put(0.0, 0.477);
        FIGURE4_ALPHA.put(0.1, 0.487);
        FIGURE4_ALPHA.put(0.2, 0.490);
        FIGURE4_ALPHA.put(0.4, 0.488);
        FIGURE4_ALPHA.put(0.6, 0.486);
        FIGURE4_ALPHA.put(0.8, 0.483);
        FIGURE4_ALPHA.put(1.0, 0.479);
        FIGURE4_BETA.put(0.2, 0.483);
        FIGURE4_BETA.put(0.4, 0.486);
        FIGURE4_BETA.put(0.6, 0.486);
        FIGURE4_BETA.put(0.8, 0.490);
        FIGURE4_BETA.put(1.0, 0.488);
    }

    private PaperValues() {}

    /**
     * Table 2's competitors on Context, 60 classes, best first (the paper's rows other than
     * SANet-ResNet101; none is implemented here).
     *
     * @return an ordered, immutable map of model name to mIoU
     */
    public static Map<String, Double> table2Competitors() {
        return java.util.Collections.unmodifiableMap(TABLE2_OTHERS);
    }

    /**
     * Table 3's pixel accuracy of a row.
     *
     * @param row the row name, e.g. {@code FCN50-SE}
     * @return the fraction, or {@code null} for a row the paper does not have (another depth)
     */
    public static @Nullable Double table3PixAcc(String row) {
        double[] v = TABLE3.get(row);
        return v == null ? null : v[0];
    }

    /**
     * Table 3's mIoU of a row.
     *
     * @param row the row name, e.g. {@code SANet101}
     * @return the fraction, or {@code null} for a row the paper does not have
     */
    public static @Nullable Double table3MIoU(String row) {
        double[] v = TABLE3.get(row);
        return v == null ? null : v[1];
    }

    /**
     * Figure 4's mIoU at an alpha (beta 0.8), read off the plot.
     *
     * @param alpha the weight of the categorical loss
     * @return the fraction, or {@code null} for an alpha the plot does not show
     */
    public static @Nullable Double figure4Alpha(double alpha) {
        return FIGURE4_ALPHA.get(alpha);
    }

    /**
     * Figure 4's mIoU at a beta (alpha 0.2), read off the plot.
     *
     * @param beta the weight of the dense loss
     * @return the fraction, or {@code null} for a beta the plot does not show
     */
    public static @Nullable Double figure4Beta(double beta) {
        return FIGURE4_BETA.get(beta);
    }
}
