package dev.sanet.examples.cli.reproduce;

import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.metrics.SegmentationScores;
import dev.sanet.core.training.SANetLoss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Table 2, PASCAL Context: one SANet run on the 59-class task; the 60-class figure is the 59-class
 * mIoU x 59/60 (PyTorch-Encoding's convention). The paper's competitors follow as reference rows
 * that we do not run.
 *
 * @param backbone the backbone (the paper: ResNet101)
 */
public record Table2Plan(Backbone backbone) implements ExperimentPlan {

    /**
     * The one SANet row.
     *
     * @param networks the shared width and class count
     * @return the row
     */
    @Override
    public List<Row> rows(Networks networks) {
        SANet sa = networks.builder(backbone).build();
        return List.of(new Row("SANet" + Networks.depth(backbone), sa, SANetLoss.of(sa), Map.of()));
    }

    /**
     * Ours (60 and 59 classes) beside the paper's, then the competitors.
     *
     * @param results the SANet row with our figures
     * @param context the shared report parts
     * @return the report
     */
    @Override
    public Report report(List<RowResult> results, ReportContext context) {
        String name = results.get(0).row().name();
        Map<String, Object> ours = results.get(0).ours();
        Object m59 = ours.get("mIoU");
        Double m60 =
                m59 instanceof Number n
                        ? SegmentationScores.context60From59(n.doubleValue())
                        : null;
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder md =
                context.header(
                        "Table 2: PASCAL Context, SANet-"
                                + backbone.cliName()
                                + " (60 classes with"
                                + " background = 59-class mIoU x 59/60)");
        md.append(
                "| model | mIoU 60 (ours) | mIoU 59 (ours) | mIoU 60 (paper) | mIoU 59 (paper) |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        Map<String, Object> sOurs = new LinkedHashMap<>();
        sOurs.put("mIoU60", m60);
        sOurs.put("mIoU59", m59);
        sOurs.put("pixAcc", ours.get("pixAcc"));
        sOurs.put("epochs", ours.get("epochs"));
        sOurs.put("seconds", ours.get("seconds"));
        rows.add(
                Cells.row(
                        name,
                        sOurs,
                        Row.paper(
                                "mIoU60",
                                PaperValues.TABLE2_SANET101_MIOU60,
                                "mIoU59",
                                PaperValues.TABLE2_SANET101_MIOU59)));
        md.append(
                String.format(
                        Locale.ROOT,
                        "| %s (ours) | %s | %s | %s | %s |%n",
                        name,
                        Cells.percent(m60),
                        Cells.percent(m59),
                        Cells.percent(PaperValues.TABLE2_SANET101_MIOU60),
                        Cells.percent(PaperValues.TABLE2_SANET101_MIOU59)));
        for (Map.Entry<String, Double> other : PaperValues.table2Competitors().entrySet()) {
            Map<String, Object> none = new LinkedHashMap<>();
            none.put("mIoU60", null);
            rows.add(
                    Cells.row(
                            other.getKey(),
                            none,
                            Row.paper("mIoU60", other.getValue(), "mIoU59", null)));
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | not run | not run | %s | n/a |%n",
                            other.getKey(),
                            Cells.percent(other.getValue())));
        }
        md.append(
                "\nOnly the SANet row is ours; the other rows are the paper's competitors (not"
                        + " implemented here; EfficientNet backbones are out of scope).\n");
        return new Report("table2", context.finish(rows, md), md.toString());
    }
}
