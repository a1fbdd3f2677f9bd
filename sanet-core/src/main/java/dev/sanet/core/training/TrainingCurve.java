package dev.sanet.core.training;

import dev.sanet.core.io.AtomicWrite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws a training curve: loss (total and each term) and validation mIoU / pixel accuracy per
 * epoch, as a PNG, with JFreeChart.
 */
public final class TrainingCurve {

    private TrainingCurve() {}

    /**
     * Line colours that read on white, told apart by colour-blind readers too (Okabe and Ito's
     * palette, darkest first; JFreeChart's defaults put a pale yellow third).
     */
    private static final int[] COLORS = {
        0x000000, 0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0x8C510A, 0x56B4E9
    };

    /**
     * Writes the curve of a run to a PNG file (atomically: a temporary file, then a rename).
     *
     * @param history the epochs, in order
     * @param title the chart title
     * @param png the output file
     * @throws IOException when the file cannot be written
     */
    public static void write(List<EpochRecord> history, String title, Path png) throws IOException {
        XYSeriesCollection losses = new XYSeriesCollection();
        XYSeries total = new XYSeries("loss (total)");
        for (EpochRecord r : history) {
            total.add(r.epoch(), r.loss());
        }
        losses.addSeries(total);
        if (!history.isEmpty()) {
            for (String term : history.get(0).terms().keySet()) {
                XYSeries s = new XYSeries("L_" + term);
                for (EpochRecord r : history) {
                    Double v = r.terms().get(term);
                    if (v != null) {
                        s.add(r.epoch(), v);
                    }
                }
                losses.addSeries(s);
            }
        }
        XYSeriesCollection scores = new XYSeriesCollection();
        XYSeries miou = new XYSeries("val mIoU (%)");
        XYSeries acc = new XYSeries("val pixAcc (%)");
        for (EpochRecord r : history) {
            if (!Double.isNaN(r.mIoU())) {
                miou.add(r.epoch(), 100 * r.mIoU());
                acc.add(r.epoch(), 100 * r.pixAcc());
            }
        }
        scores.addSeries(miou);
        scores.addSeries(acc);

        NumberAxis epochAxis = new NumberAxis("epoch");
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
        plot.add(subplot(losses, "loss", 0), 1);
        NumberAxis percent = new NumberAxis("validation (%)");
        percent.setRange(0, 100);
        // Colours after the losses', so that one legend tells every line apart.
        XYPlot scorePlot = subplot(scores, "validation (%)", losses.getSeriesCount());
        scorePlot.setRangeAxis(percent);
        plot.add(scorePlot, 1);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);

        AtomicWrite.writeStream(png, os -> ChartUtils.writeChartAsPNG(os, chart, 900, 700));
    }

    private static XYPlot subplot(XYSeriesCollection data, String label, int firstColor) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(i == 0 ? 2.5f : 1.5f));
            renderer.setSeriesPaint(i, new Color(COLORS[(firstColor + i) % COLORS.length]));
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(true);
        XYPlot p = new XYPlot(data, null, axis, renderer);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return p;
    }
}
