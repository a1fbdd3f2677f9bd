package dev.sanet.examples.cli.reproduce;

import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.training.SANetLoss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Table 4, VOC 2012: one SANet run (train_aug in real mode), evaluated on the validation split (the
 * paper reports test, whose labels only the evaluation server has); the summary, then one row per
 * class (the paper's per-class values were not recovered).
 *
 * @param backbone the backbone (the paper: ResNet101)
 */
public record Table4Plan(Backbone backbone) implements ExperimentPlan {

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
     * The summary row, then the per-class IoU.
     *
     * @param results the SANet row with our figures
     * @param context the shared report parts
     * @return the report
     */
    @Override
    public Report report(List<RowResult> results, ReportContext context) {
        String name = results.get(0).row().name();
        Map<String, Object> ours = results.get(0).ours();
        String split = context.setup().valSplit();
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder md =
                context.header(
                        "Table 4: PASCAL VOC 2012, SANet-"
                                + backbone.cliName()
                                + ", per-class IoU");
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("mIoU", ours.get("mIoU"));
        head.put("mIoUAllClasses", ours.get("mIoUAllClasses"));
        head.put("pixAcc", ours.get("pixAcc"));
        head.put("epochs", ours.get("epochs"));
        head.put("seconds", ours.get("seconds"));
        head.put("split", split);
        rows.add(
                Cells.row(
                        name, head, Row.paper("mIoU", PaperValues.VOC_TEST_MIOU, "split", "test")));
        md.append("| class | IoU (ours) | IoU (paper) |\n|---|---:|---:|\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> perClass =
                ours.get("perClassIoU") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        for (Map.Entry<String, Object> e : perClass.entrySet()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("IoU", e.getValue());
            rows.add(Cells.row(e.getKey(), c, Row.paper("IoU", null)));
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | n/a |%n",
                            e.getKey(),
                            Cells.percent(e.getValue())));
        }
        md.append(
                String.format(
                        Locale.ROOT,
                        "| **mIoU** | **%s** | **%s** |%n%nOurs: the %s split (VOC 2012 test labels"
                                + " are held by the evaluation server). The paper: VOC 2012 test,"
                                + " no COCO pre-training; its per-class row was lost in extraction."
                                + " mIoU averages the classes present in labels or predictions.%n",
                        Cells.percent(ours.get("mIoU")),
                        Cells.percent(PaperValues.VOC_TEST_MIOU),
                        split));
        return new Report("table4", context.finish(rows, md), md.toString());
    }
}
