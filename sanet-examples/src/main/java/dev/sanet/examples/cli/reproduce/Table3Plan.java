package dev.sanet.examples.cli.reproduce;

import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.Variant;
import dev.sanet.core.training.SANetLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Table 3: FCN, FCN-SE and SANet on each backbone, every loss term on, pixel accuracy and mIoU
 * beside the paper's (which has ResNet50 and ResNet101 only).
 *
 * @param backbones the backbones, in order
 */
public record Table3Plan(List<Backbone> backbones) implements ExperimentPlan {

    /**
     * Keeps an immutable copy of the backbones.
     *
     * @param backbones the backbones, at least one
     */
    public Table3Plan {
        backbones = List.copyOf(backbones);
        if (backbones.isEmpty()) {
            throw new IllegalArgumentException("Table 3 backbones " + backbones + " are empty");
        }
    }

    /**
     * Three rows per backbone: FCN, FCN-SE, SANet.
     *
     * @param networks the shared width and class count
     * @return the rows
     */
    @Override
    public List<Row> rows(Networks networks) {
        List<Row> rows = new ArrayList<>();
        for (Backbone bb : backbones) {
            for (Variant v : List.of(Variant.FCN, Variant.FCN_SE, Variant.SANET)) {
                String name = Networks.rowName(v, Networks.depth(bb));
                SANet def = networks.builder(bb).variant(v).build();
                Map<String, @Nullable Object> paper =
                        Row.paper(
                                "pixAcc",
                                PaperValues.table3PixAcc(name),
                                "mIoU",
                                PaperValues.table3MIoU(name));
                rows.add(new Row(name, def, SANetLoss.of(def), paper));
            }
        }
        return rows;
    }

    /**
     * Ours beside the paper's, row by row.
     *
     * @param results the rows with our figures
     * @param context the shared report parts
     * @return the report
     */
    @Override
    public Report report(List<RowResult> results, ReportContext context) {
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder md =
                context.header(
                        "Table 3: FCN, FCN-SE and SANet (paper: PASCAL Context 59, 20 epochs)");
        md.append("| model | PAcc (ours) | mIoU (ours) | PAcc (paper) | mIoU (paper) | epochs |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (RowResult r : results) {
            Map<String, Object> ours = r.ours();
            ours.remove("perClassIoU");
            rows.add(Cells.row(r.row().name(), ours, r.row().paper()));
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s |%n",
                            r.row().name(),
                            Cells.percent(ours.get("pixAcc")),
                            Cells.percent(ours.get("mIoU")),
                            Cells.percent(r.row().paper().get("pixAcc")),
                            Cells.percent(r.row().paper().get("mIoU")),
                            ours.get("epochs")));
        }
        return new Report("table3", context.finish(rows, md), md.toString());
    }
}
