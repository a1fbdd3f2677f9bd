package dev.sanet.examples.cli.reproduce;

import dev.sanet.core.Backbone;
import dev.sanet.core.Complexity;
import dev.sanet.core.SANet;
import dev.sanet.core.Variant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Table 6: parameters and MACs of FCN, FCN-SE and SANet on ResNet101 (21 classes, one 512x512
 * image), counted on the real blocks ({@link Complexity}); no training, no data. {@code withinBand}
 * says whether SANet's count is within 5% of the paper's 55.5M.
 */
public final class Table6 {

    /** The input side the counts are for. */
    static final int SIDE = 512;

    private Table6() {}

    /**
     * Counts the three networks and reports them beside the paper.
     *
     * @return the report: {@code experiment}, {@code inputShape}, {@code rows}, {@code withinBand},
     *     {@code macsCounted}
     */
    public static Report report() {
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        md.append("# Table 6: ResNet101, 21 classes, 512x512\n\n");
        md.append("| model | params (ours) | GMACs (ours) | params (paper) | mIoU VOC (paper) |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        long sanetParams = 0;
        for (Variant v : List.of(Variant.FCN, Variant.FCN_SE, Variant.SANET)) {
            SANet def =
                    SANet.builder()
                            .backbone(Backbone.RESNET101)
                            .variant(v)
                            .numClasses(SANet.DEFAULT_NUM_CLASSES)
                            .build();
            Complexity c = Complexity.of(def, SIDE, SIDE);
            boolean isSanet = v == Variant.SANET;
            if (isSanet) {
                sanetParams = c.params();
            }
            Map<String, Object> ours = new LinkedHashMap<>();
            ours.put("params", c.params());
            ours.put("macs", c.macs());
            String name = Networks.rowName(v, "101");
            rows.add(
                    Cells.row(
                            name,
                            ours,
                            Row.paper(
                                    "params",
                                    isSanet ? PaperValues.TABLE6_SANET101_PARAMS : null,
                                    "mIoU",
                                    isSanet ? PaperValues.VOC_TEST_MIOU : null)));
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %.1fM | %.1f | %s | %s |%n",
                            name,
                            c.params() / 1e6,
                            c.macs() / 1e9,
                            isSanet ? millions(PaperValues.TABLE6_SANET101_PARAMS) : "n/a",
                            isSanet ? Cells.percent(PaperValues.VOC_TEST_MIOU) : "n/a"));
        }
        double paper = PaperValues.TABLE6_SANET101_PARAMS;
        boolean within = Math.abs(sanetParams - paper) <= PaperValues.PARAMS_BAND * paper;
        md.append(
                String.format(
                        Locale.ROOT,
                        "%nSANet params %.1fM vs paper %s: %+.1f%%, %s the %.0f%% band."
                                + " MACs (convolutions + fully connected, one image): paper n/a"
                                + " (not recovered). The VOC mIoU is table4's experiment.%n",
                        sanetParams / 1e6,
                        millions(PaperValues.TABLE6_SANET101_PARAMS),
                        100 * (sanetParams - paper) / paper,
                        within ? "within" : "outside",
                        100 * PaperValues.PARAMS_BAND));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("experiment", "table6");
        o.put("inputShape", List.of(1, 3, SIDE, SIDE));
        o.put("rows", rows);
        o.put("withinBand", within);
        o.put("macsCounted", "conv+fc");
        return new Report("table6", o, md.toString());
    }

    private static String millions(long count) {
        return String.format(Locale.ROOT, "%.1fM", count / 1e6);
    }
}
