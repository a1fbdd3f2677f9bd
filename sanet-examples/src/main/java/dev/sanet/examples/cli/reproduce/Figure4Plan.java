package dev.sanet.examples.cli.reproduce;

import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.training.SANetLoss;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Figure 4, the loss-weight sweeps: L = L_mask + alpha L_cat + beta L_den with alpha swept at the
 * default beta and beta swept at the default alpha. A run shared by both sweeps (the defaults,
 * alpha 0.2 and beta 0.8) trains once. Also draws {@code figure4.png}: ours and the paper's against
 * alpha and against beta.
 *
 * @param backbone the backbone (the paper: ResNet50)
 * @param alphas the alpha values, at beta {@link SANet#DEFAULT_BETA}
 * @param betas the beta values, at alpha {@link SANet#DEFAULT_ALPHA}
 */
public record Figure4Plan(Backbone backbone, List<Double> alphas, List<Double> betas)
        implements ExperimentPlan {

    /** The plot's file name in the output folder. */
    public static final String PLOT = "figure4.png";

    /**
     * Keeps immutable copies of the sweeps.
     *
     * @param backbone the backbone
     * @param alphas the alpha values
     * @param betas the beta values
     */
    public Figure4Plan {
        alphas = List.copyOf(alphas);
        betas = List.copyOf(betas);
    }

    /** One point of a sweep: which sweep, the swept value, and the weights it trains with. */
    private record Point(boolean alphaSweep, double value, double alpha, double beta) {
        String key() {
            return String.format(Locale.ROOT, "alpha=%s beta=%s", alpha, beta);
        }
    }

    private List<Point> points() {
        List<Point> points = new ArrayList<>();
        for (double a : alphas) {
            points.add(new Point(true, a, a, SANet.DEFAULT_BETA));
        }
        for (double b : betas) {
            points.add(new Point(false, b, SANet.DEFAULT_ALPHA, b));
        }
        return points;
    }

    /**
     * One row per distinct (alpha, beta), named {@code alpha=A beta=B}, in sweep order.
     *
     * @param networks the shared width and class count
     * @return the rows
     */
    @Override
    public List<Row> rows(Networks networks) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Point p : points()) {
            if (!rows.containsKey(p.key())) {
                SANet def = networks.builder(backbone).alpha(p.alpha()).beta(p.beta()).build();
                rows.put(p.key(), new Row(p.key(), def, SANetLoss.of(def), Map.of()));
            }
        }
        return List.copyOf(rows.values());
    }

    /**
     * One report row per sweep point (a shared run appears in both sweeps), and the plot.
     *
     * @param results the distinct runs with our figures
     * @param context the shared report parts
     * @return the report, with {@code plot} and {@code runs} after the shared fields
     * @throws IOException when the plot cannot be written
     */
    @Override
    public Report report(List<RowResult> results, ReportContext context) throws IOException {
        Map<String, Map<String, Object>> done = new LinkedHashMap<>();
        for (RowResult r : results) {
            r.ours().remove("perClassIoU");
            done.put(r.row().name(), r.ours());
        }
        Map<Double, Double> oursAlpha = new LinkedHashMap<>();
        Map<Double, Double> oursBeta = new LinkedHashMap<>();
        Map<Double, Double> paperAlpha = new LinkedHashMap<>();
        Map<Double, Double> paperBeta = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder md =
                context.header(
                        "Figure 4: alpha and beta sweeps, SANet-"
                                + backbone.cliName()
                                + " (paper: ResNet50, Context 59, 20 epochs)");
        md.append(
                "| sweep | alpha | beta | PAcc (ours) | mIoU (ours) | mIoU (paper, read off the plot) | epochs |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Point p : points()) {
            Map<String, Object> ours = done.get(p.key());
            Double paper =
                    p.alphaSweep()
                            ? PaperValues.figure4Alpha(p.value())
                            : PaperValues.figure4Beta(p.value());
            Map<String, Object> o = new LinkedHashMap<>(ours);
            o.put("alpha", p.alpha());
            o.put("beta", p.beta());
            rows.add(
                    Cells.row(
                            (p.alphaSweep() ? "alpha sweep " : "beta sweep ") + p.key(),
                            o,
                            Row.paper("mIoU", paper, "alpha", p.alpha(), "beta", p.beta())));
            Double m = ours.get("mIoU") instanceof Number n ? n.doubleValue() : null;
            (p.alphaSweep() ? oursAlpha : oursBeta).put(p.value(), m);
            if (paper != null) {
                (p.alphaSweep() ? paperAlpha : paperBeta).put(p.value(), paper);
            }
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %.1f | %.1f | %s | %s | %s | %s |%n",
                            p.alphaSweep() ? "alpha (beta 0.8)" : "beta (alpha 0.2)",
                            p.alpha(),
                            p.beta(),
                            Cells.percent(ours.get("pixAcc")),
                            Cells.percent(ours.get("mIoU")),
                            paper == null ? "n/a" : "~" + Cells.percent(paper),
                            ours.get("epochs")));
        }
        Path png = context.out().resolve(PLOT);
        Setup s = context.setup();
        SweepPlot.write(
                oursAlpha,
                paperAlpha,
                oursBeta,
                paperBeta,
                "Figure 4: mIoU against alpha (beta 0.8) and beta (alpha 0.2), "
                        + (s.synthetic() ? "synthetic task" : s.dataset()),
                png);
        md.append(
                String.format(
                        Locale.ROOT,
                        "%nThe run at alpha 0.2, beta 0.8 is shared by both sweeps. Plot: %s.%n",
                        png.getFileName()));
        Map<String, Object> json = context.finish(rows, md);
        json.put("plot", png.toAbsolutePath().toString());
        json.put("runs", done.size());
        return new Report("figure4", json, md.toString());
    }
}
