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
import org.jspecify.annotations.Nullable;

/**
 * Table 2, PASCAL Context: one SANet run on the 59-class task; the 60-class figure is the 59-class
 * mIoU x 59/60 (PyTorch-Encoding's convention). The paper's competitors follow as reference rows
 * that we do not run. With {@code --backbone efficientnet-b7} the row is the paper's best,
 * SANet-EfficientNet-B7 (54.4 mIoU on 60 classes; the paper gives no 59-class figure for it).
 *
 * @param backbone the backbone (the paper: ResNet101, and EfficientNet-B7 for its best row)
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
        return List.of(new Row(rowName(backbone), sa, SANetLoss.of(sa), Map.of()));
    }

    /** {@code SANet101}, or {@code SANet-EfficientNet-B7} as the paper names that row. */
    private static String rowName(Backbone backbone) {
        return backbone.isEfficientNet()
                ? "SANet-EfficientNet-" + backbone.efficientNetScale().name()
                : "SANet" + Networks.depth(backbone);
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
                        "Table 2: PASCAL Context, "
                                + (backbone.isEfficientNet() ? name : "SANet-" + backbone.cliName())
                                + " (60 classes with"
                                + " background = 59-class mIoU x 59/60)");
        md.append(
                "| model | mIoU 60 (ours) | mIoU 59 (ours) | mIoU 60 (paper) | mIoU 59 (paper) |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        boolean b7 = backbone == Backbone.EFFICIENTNET_B7;
        Double paper60 = b7 ? PaperValues.table2Competitors().get(name) : null;
        Double paper59 = null;
        if (!backbone.isEfficientNet()) {
            paper60 = PaperValues.TABLE2_SANET101_MIOU60;
            paper59 = PaperValues.TABLE2_SANET101_MIOU59;
        }
        Map<String, Object> sOurs = new LinkedHashMap<>();
        sOurs.put("mIoU60", m60);
        sOurs.put("mIoU59", m59);
        sOurs.put("pixAcc", ours.get("pixAcc"));
        sOurs.put("epochs", ours.get("epochs"));
        sOurs.put("seconds", ours.get("seconds"));
        rows.add(Cells.row(name, sOurs, Row.paper("mIoU60", paper60, "mIoU59", paper59)));
        boolean synthetic = context.setup().synthetic();
        md.append(
                String.format(
                        Locale.ROOT,
                        "| %s (ours%s) | %s | %s | %s | %s |%n",
                        name,
                        synthetic ? ", synthetic" : "",
                        Cells.percent(m60),
                        Cells.percent(m59),
                        Cells.percent(paper60),
                        Cells.percent(paper59)));
        Map<String, Double> others = new LinkedHashMap<>();
        if (backbone.isEfficientNet()) {
            others.put("SANet101", PaperValues.TABLE2_SANET101_MIOU60);
        }
        others.putAll(PaperValues.table2Competitors());
        others.remove(name);
        for (Map.Entry<String, Double> other : others.entrySet()) {
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
                "\nOnly the "
                        + name
                        + " row is ours; the other rows are the paper's (the competitors are not"
                        + " implemented here; the other SANet row runs with --backbone "
                        + (backbone.isEfficientNet() ? "resnet101" : "efficientnet-b7")
                        + ").\n");
        String note = synthetic ? syntheticNote(name, ours, paper60, context) : null;
        if (note != null) {
            md.append('\n').append(note).append('\n');
        }
        Map<String, Object> json = context.finish(rows, md);
        if (note != null) {
            json.put("note", note);
        }
        return new Report("table2", json, md.toString());
    }

    /**
     * What a synthetic row is and is not: a reduced run on the synthetic task, whose mIoU says
     * nothing about the paper's (the same words in the page and in the JSON's {@code note}).
     */
    private static String syntheticNote(
            String name, Map<String, Object> ours, @Nullable Double paper60, ReportContext c) {
        ReproduceOptions o = c.options();
        Setup s = c.setup();
        return String.format(
                Locale.ROOT,
                "%s (ours) is a synthetic run at reduced size: %d images of %dx%d, %s of at most %d"
                        + " epochs (%s s), batch %d, from %s; the paper trains on PASCAL Context (4998"
                        + " images, crop 480, 80 epochs, ImageNet weights). Its mIoU shows the"
                        + " pipeline end to end and is not comparable with the paper's %s.",
                name,
                o.images(),
                o.imageSize(),
                o.imageSize(),
                ours.get("epochs"),
                s.epochs(),
                ours.get("seconds"),
                s.batch(),
                o.pretrained() == null ? "random weights" : o.pretrained().getFileName(),
                paper60 == null ? "rows" : Cells.percent(paper60));
    }
}
