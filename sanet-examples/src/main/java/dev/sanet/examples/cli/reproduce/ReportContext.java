package dev.sanet.examples.cli.reproduce;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What every training experiment's report shares: the page header that says how ours was made, and
 * the closing fields (wall time, setup, data).
 *
 * @param options the options (synthetic task, evaluation, pretrained weights, output folder)
 * @param setup the resolved settings
 * @param startNanos when the command started ({@link System#nanoTime()}), for the wall time
 */
public record ReportContext(ReproduceOptions options, Setup setup, long startNanos) {

    /**
     * Checks the fields.
     *
     * @param options the options
     * @param setup the settings
     * @param startNanos the start time
     */
    public ReportContext {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(setup, "setup");
    }

    /**
     * The output folder, for files beside the report ({@code figure4.png}).
     *
     * @return the folder
     */
    public Path out() {
        return options.out();
    }

    /**
     * The page's title and the sentence saying how ours was made.
     *
     * @param title the title, without the leading {@code #}
     * @return a builder holding the start of the page
     */
    public StringBuilder header(String title) {
        Setup s = setup;
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        if (s.synthetic()) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "Ours: the synthetic task (%d images of %dx%d, %s layout), %s,"
                                    + " up to %d epochs / %.0f s per row, %s lr %s, batch %d."
                                    + " Not the paper's data: compare the ordering of the rows,"
                                    + " not the values.%n%n",
                            options.images(),
                            options.imageSize(),
                            options.imageSize(),
                            s.dataset(),
                            s.networkWords("base width"),
                            s.epochs(),
                            s.secondsPerRow(),
                            s.optimizer().name().toLowerCase(Locale.ROOT),
                            s.lr(),
                            s.batch()));
        } else {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "Ours: %s under %s (train '%s', evaluated on '%s', %s), %d epochs, %s lr"
                                    + " %s (head x%s), batch %d, crop %d, base %d, %s,"
                                    + " backbone %s.%n%n",
                            s.dataset(),
                            s.root(),
                            s.trainSplit(),
                            s.valSplit(),
                            options.evaluation(),
                            s.epochs(),
                            s.optimizer().name().toLowerCase(Locale.ROOT),
                            s.lr(),
                            s.headMultiplier(),
                            s.batch(),
                            s.crop(),
                            s.baseSize(),
                            s.networkWords("width"),
                            options.pretrained() == null
                                    ? "from random weights (the paper: ImageNet-pretrained)"
                                    : "from " + options.pretrained().getFileName()));
        }
        return md;
    }

    /**
     * Closes the page with the wall time and assembles the report's fields: {@code experiment},
     * {@code data}, {@code setup}, {@code pretrained}, ({@code images}, {@code imageSize}), {@code
     * rows}, {@code seconds}.
     *
     * @param rows the JSON rows
     * @param md the page so far
     * @return the fields, in order; an experiment may add more after them
     */
    public Map<String, Object> finish(List<Map<String, Object>> rows, StringBuilder md) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        md.append(String.format(Locale.ROOT, "%nWall time %.0f s.%n", seconds));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("experiment", options.experiment().cliName());
        o.put("data", setup.synthetic() ? "synthetic" : setup.root().toAbsolutePath().toString());
        o.put("setup", setup.json());
        o.put(
                "pretrained",
                options.pretrained() == null
                        ? null
                        : options.pretrained().toAbsolutePath().toString());
        if (setup.synthetic()) {
            o.put("images", options.images());
            o.put("imageSize", options.imageSize());
        }
        o.put("rows", rows);
        o.put("seconds", Math.round(seconds * 10) / 10.0);
        return o;
    }
}
