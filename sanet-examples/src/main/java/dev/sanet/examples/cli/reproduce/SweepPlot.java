package dev.sanet.examples.cli.reproduce;

import dev.sanet.core.io.AtomicWrite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The Figure 4 picture: mIoU (percent) against alpha (beta fixed) on the left and against beta
 * (alpha fixed) on the right, ours beside the paper's read-off values, one shared mIoU axis.
 */
final class SweepPlot {

    private static final Color OURS = new Color(0xC0, 0x30, 0x30);
    private static final Color PAPER = new Color(0x30, 0x50, 0xB0);
    private static final Font TITLE_FONT = new Font("SansSerif", Font.BOLD, 14);

    private SweepPlot() {}

    /**
     * Writes the two-panel PNG atomically.
     *
     * @param oursAlpha our mIoU (fraction) by alpha
     * @param paperAlpha the paper's mIoU (fraction) by alpha
     * @param oursBeta our mIoU (fraction) by beta
     * @param paperBeta the paper's mIoU (fraction) by beta
     * @param title the chart title
     * @param png the output file
     * @throws IOException when the file cannot be written
     */
    static void write(
            Map<Double, Double> oursAlpha,
            Map<Double, Double> paperAlpha,
            Map<Double, Double> oursBeta,
            Map<Double, Double> paperBeta,
            String title,
            Path png)
            throws IOException {
        JFreeChart left = chart("alpha (beta fixed)", oursAlpha, paperAlpha);
        JFreeChart right = chart("beta (alpha fixed)", oursBeta, paperBeta);
        int w = 560;
        int h = 440;
        int top = 36;
        BufferedImage image = new BufferedImage(2 * w, h + top, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 2 * w, h + top);
            g.setColor(Color.BLACK);
            g.setFont(JFreeChart.DEFAULT_TITLE_FONT);
            int tw = g.getFontMetrics().stringWidth(title);
            g.drawString(title, Math.max(4, w - tw / 2), 24);
            left.draw(g, new Rectangle2D.Double(0, top, w, h));
            right.draw(g, new Rectangle2D.Double(w, top, w, h));
        } finally {
            g.dispose();
        }
        AtomicWrite.writeImage(png, image, "png");
    }

    /**
     * One sweep: ours on the left axis, the paper's on the right one, so that both curves' shapes
     * show even though the synthetic task's mIoU is far from Context's.
     */
    private static JFreeChart chart(String x, Map<Double, Double> ours, Map<Double, Double> paper) {
        NumberAxis axis = new NumberAxis(x);
        axis.setRange(-0.05, 1.05);
        NumberAxis oursAxis = new NumberAxis("mIoU, ours (%)");
        oursAxis.setAutoRangeIncludesZero(false);
        // At least 2 points of range, so that noise of a few hundredths does not look like a trend.
        oursAxis.setAutoRangeMinimumSize(2.0);
        oursAxis.setLabelPaint(OURS);
        oursAxis.setTickLabelPaint(OURS);
        NumberAxis paperAxis = new NumberAxis("mIoU, paper on Context (%)");
        paperAxis.setAutoRangeIncludesZero(false);
        paperAxis.setAutoRangeMinimumSize(2.0);
        paperAxis.setLabelPaint(PAPER);
        paperAxis.setTickLabelPaint(PAPER);
        XYLineAndShapeRenderer oursRenderer = new XYLineAndShapeRenderer(true, true);
        oursRenderer.setSeriesPaint(0, OURS);
        oursRenderer.setSeriesStroke(0, new BasicStroke(2.5f));
        XYLineAndShapeRenderer paperRenderer = new XYLineAndShapeRenderer(true, true);
        paperRenderer.setSeriesPaint(0, PAPER);
        paperRenderer.setSeriesStroke(
                0,
                new BasicStroke(
                        1.5f,
                        BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER,
                        10f,
                        new float[] {6f, 4f},
                        0f));
        XYPlot p =
                new XYPlot(
                        new XYSeriesCollection(series("ours", ours)), axis, oursAxis, oursRenderer);
        p.setRangeAxis(1, paperAxis);
        p.setDataset(1, new XYSeriesCollection(series("paper (read off Figure 4)", paper)));
        p.setRenderer(1, paperRenderer);
        p.mapDatasetToRangeAxis(1, 1);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart c = new JFreeChart("mIoU against " + x, TITLE_FONT, p, true);
        c.setBackgroundPaint(Color.WHITE);
        return c;
    }

    private static XYSeries series(String name, Map<Double, Double> points) {
        XYSeries s = new XYSeries(name);
        points.forEach(
                (k, v) -> {
                    if (v != null && Double.isFinite(v)) {
                        s.add(k.doubleValue(), 100 * v);
                    }
                });
        return s;
    }
}
