package dev.sanet.examples.cli.reproduce;

import dev.sanet.core.Backbone;
import dev.sanet.core.Prediction;
import dev.sanet.core.SANet;
import dev.sanet.core.Variant;
import dev.sanet.core.training.SANetLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Table 1, the ablation: the dilated FCN; SANet's SA heads trained on the mask loss only; plus the
 * categorical loss; plus the dense loss (the full SANet). Rows without the dense loss predict with
 * the mask head, since their dense head is untrained. Ours carries the gains over our FCN row; the
 * paper's only recovered figures are the full row's gains.
 *
 * @param backbone the backbone (the paper: ResNet50)
 */
public record Table1Plan(Backbone backbone) implements ExperimentPlan {

    /** Which of SA heads, Cat, Den each row has, for the check marks. */
    private static final String[][] MARKS = {
        {"", "", ""}, {"✓", "", ""}, {"✓", "✓", ""}, {"✓", "✓", "✓"}
    };

    /**
     * The four rows.
     *
     * @param networks the shared width and class count
     * @return FCN, +SA heads, +SA heads +Cat, +SA heads +Cat +Den
     */
    @Override
    public List<Row> rows(Networks networks) {
        String depth = Networks.depth(backbone);
        SANet fcn = networks.builder(backbone).variant(Variant.FCN).build();
        SANet sa = networks.builder(backbone).variant(Variant.SANET).build();
        SANet saMask = sa.toBuilder().prediction(Prediction.MASK).build();
        return List.of(
                new Row("FCN" + depth, fcn, SANetLoss.of(fcn), paper(null, null)),
                new Row(
                        "+SA heads",
                        saMask,
                        SANetLoss.builder().categorical(false).dense(false).build(),
                        paper(null, null)),
                new Row(
                        "+SA heads +Cat",
                        saMask,
                        SANetLoss.builder(sa).dense(false).build(),
                        paper(null, null)),
                new Row(
                        "+SA heads +Cat +Den (SANet" + depth + ")",
                        sa,
                        SANetLoss.of(sa),
                        paper(PaperValues.TABLE1_DELTA_PIXACC, PaperValues.TABLE1_DELTA_MIOU)));
    }

    private static Map<String, @Nullable Object> paper(
            @Nullable Double deltaPixAcc, @Nullable Double deltaMIoU) {
        return Row.paper(
                "pixAcc", null, "mIoU", null, "deltaPixAcc", deltaPixAcc, "deltaMIoU", deltaMIoU);
    }

    /**
     * The table with our gains over our FCN row beside the paper's.
     *
     * @param results the four rows with our figures
     * @param context the shared report parts
     * @return the report
     */
    @Override
    public Report report(List<RowResult> results, ReportContext context) {
        StringBuilder md =
                context.header(
                        "Table 1: ablation, "
                                + backbone.cliName()
                                + " (paper: ResNet50, PASCAL Context 59, 20 epochs)");
        md.append(
                "| model | SA heads | Cat | Den | PAcc (ours) | mIoU (ours) | Δ PAcc / Δ mIoU vs FCN (ours) | Δ vs FCN (paper) | epochs |\n");
        md.append("|---|:-:|:-:|:-:|---:|---:|---:|---:|---:|\n");
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> base = null;
        for (int i = 0; i < results.size(); i++) {
            Row row = results.get(i).row();
            Map<String, Object> ours = results.get(i).ours();
            ours.remove("perClassIoU");
            if (base == null) {
                base = ours;
            }
            Double dAcc = Cells.delta(ours.get("pixAcc"), base.get("pixAcc"));
            Double dIoU = Cells.delta(ours.get("mIoU"), base.get("mIoU"));
            ours.put("deltaPixAcc", dAcc);
            ours.put("deltaMIoU", dIoU);
            out.add(Cells.row(row.name(), ours, row.paper()));
            Object pd = row.paper().get("deltaMIoU");
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s | %s / %s | %s | %s |%n",
                            row.name(),
                            MARKS[i][0],
                            MARKS[i][1],
                            MARKS[i][2],
                            Cells.percent(ours.get("pixAcc")),
                            Cells.percent(ours.get("mIoU")),
                            Cells.signedPercent(dAcc),
                            Cells.signedPercent(dIoU),
                            pd == null
                                    ? "n/a"
                                    : Cells.signedPercent(row.paper().get("deltaPixAcc"))
                                            + " / "
                                            + Cells.signedPercent(pd),
                            ours.get("epochs")));
        }
        md.append(
                "\nThe paper's row values were lost in extraction; it states the full SANet's gain"
                        + " over the FCN baseline (+2.7 PAcc, +6.0 mIoU). Rows without the dense loss"
                        + " predict with the mask head (Y_mask).\n");
        return new Report("table1", context.finish(out, md), md.toString());
    }
}
