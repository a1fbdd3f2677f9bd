package dev.sanet.data;

import dev.sanet.core.inference.ClassScores;
import dev.sanet.core.inference.Segmentation;
import dev.sanet.core.io.OutputNames;
import dev.sanet.core.io.Palette;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one writer of the prediction route's outputs, with the output-name rule ({@link
 * OutputNames}): for each input {@code NAME}, {@code OUT/NAME.png} (8-bit palette PNG whose values
 * are class ids), {@code OUT/color/NAME.png} (the classes in the palette's colours), optionally
 * {@code OUT/overlay/NAME.png} (the image blended with the colours, half and half) and {@code
 * OUT/NAME.npy} (the class scores, float32 {@code K x h x w} at the segmented size), plus {@code
 * OUT/color/legend.png}. Only the index PNGs sit at the top of the folder, so a scorer reads it as
 * it is. {@code sanet predict}, {@code sanet spark predict --format png}, {@code sanet demo} and
 * the example programs write through it.
 *
 * <p>{@link #plan} names every output before any work, so that a caller can check them all (none
 * exists, none is an input) before the model is loaded.
 */
public final class PredictionWriter {

    /** The stem of the legend in {@code color/}, which no input may take. */
    public static final String LEGEND = "legend";

    private final Path folder;
    private final boolean color;
    private final boolean overlay;
    private final boolean scores;
    private final Palette palette;

    private PredictionWriter(Builder b) {
        this.folder = b.folder;
        this.color = b.color;
        this.overlay = b.overlay;
        this.scores = b.scores;
        this.palette = b.palette;
    }

    /**
     * Starts a builder.
     *
     * @param folder the output folder
     * @return a builder writing index and colour PNGs with the VOC palette
     */
    public static Builder builder(Path folder) {
        return new Builder(folder);
    }

    /**
     * The files one input becomes.
     *
     * @param input the input file
     * @param name the output name ({@code NAME})
     * @param index {@code OUT/NAME.png}
     * @param color {@code OUT/color/NAME.png}, or null without colour PNGs
     * @param overlay {@code OUT/overlay/NAME.png}, or null without overlays
     * @param scores {@code OUT/NAME.npy}, or null without scores
     */
    public record Planned(
            Path input,
            String name,
            Path index,
            @Nullable Path color,
            @Nullable Path overlay,
            @Nullable Path scores) {

        /**
         * Every file of this input.
         *
         * @return the paths, index first
         */
        public List<Path> outputs() {
            List<Path> out = new ArrayList<>(List.of(index));
            for (Path p : new Path[] {color, overlay, scores}) {
                if (p != null) {
                    out.add(p);
                }
            }
            return out;
        }

        /**
         * Whether the input got another name than its stem (it shares a stem with another input or
         * is named like the legend).
         *
         * @return true when renamed
         */
        public boolean renamed() {
            return !name.equals(OutputNames.stem(input));
        }
    }

    /**
     * Names the outputs of every input, distinct by {@link OutputNames}' rule.
     *
     * @param inputs the input files, in the order they are processed
     * @return one plan per input, in input order
     */
    public List<Planned> plan(List<Path> inputs) {
        List<String> names = OutputNames.distinct(inputs, List.of(LEGEND));
        List<Planned> plan = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String n = names.get(i);
            plan.add(
                    new Planned(
                            inputs.get(i),
                            n,
                            folder.resolve(n + ".png"),
                            color ? folder.resolve("color").resolve(n + ".png") : null,
                            overlay ? folder.resolve("overlay").resolve(n + ".png") : null,
                            scores ? folder.resolve(n + ".npy") : null));
        }
        return plan;
    }

    /**
     * The legend's path, {@code OUT/color/legend.png}, or null without colour PNGs.
     *
     * @return the path or null
     */
    public @Nullable Path legendPath() {
        return color ? folder.resolve("color").resolve(LEGEND + ".png") : null;
    }

    /**
     * Writes one input's outputs.
     *
     * @param planned the input's plan
     * @param segmentation its segmentation (with scores when the plan has a {@code .npy})
     * @return the files written, index first
     * @throws IOException when a file cannot be written
     * @throws IllegalArgumentException when the plan asks for scores the segmentation lacks
     */
    public List<Path> write(Planned planned, Segmentation segmentation) throws IOException {
        int[][] mask = segmentation.classes();
        List<Path> written = new ArrayList<>();
        MaskImages.writeIndexPng(mask, create(planned.index()));
        written.add(planned.index());
        if (planned.color() != null) {
            MaskImages.writePng(MaskImages.colorize(mask, palette), create(planned.color()));
            written.add(planned.color());
        }
        if (planned.overlay() != null) {
            MaskImages.writePng(
                    MaskImages.overlay(segmentation.image(), mask, palette, 0.5),
                    create(planned.overlay()));
            written.add(planned.overlay());
        }
        if (planned.scores() != null) {
            ClassScores s = segmentation.scores();
            if (s == null) {
                throw new IllegalArgumentException(
                        planned.scores()
                                + ": the segmentation holds no class scores (build the predictor"
                                + " with scores kept)");
            }
            s.writeNpy(create(planned.scores()));
            written.add(planned.scores());
        }
        return written;
    }

    /**
     * Writes the legend of the classes' colours ({@link #legendPath()}); callers write it last, so
     * that a damaged first input leaves no file behind.
     *
     * @param classNames K class names
     * @return the legend's path, or null without colour PNGs
     * @throws IOException when it cannot be written
     */
    public @Nullable Path writeLegend(List<String> classNames) throws IOException {
        Path legend = legendPath();
        if (legend != null) {
            MaskImages.writePng(MaskImages.legend(classNames, palette), create(legend));
        }
        return legend;
    }

    private static Path create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return file;
    }

    /** Settings of a {@link PredictionWriter}. */
    public static final class Builder {
        private final Path folder;
        private boolean color = true;
        private boolean overlay;
        private boolean scores;
        private Palette palette = Palette.voc();

        private Builder(Path folder) {
            this.folder = folder;
        }

        /**
         * Whether colour PNGs and the legend are written (default true).
         *
         * @param color true to write them
         * @return this builder
         */
        public Builder optColor(boolean color) {
            this.color = color;
            return this;
        }

        /**
         * Whether overlays are written (default false).
         *
         * @param overlay true to write them
         * @return this builder
         */
        public Builder optOverlay(boolean overlay) {
            this.overlay = overlay;
            return this;
        }

        /**
         * Whether class scores are written as {@code .npy} (default false; the predictor must keep
         * them).
         *
         * @param scores true to write them
         * @return this builder
         */
        public Builder optScores(boolean scores) {
            this.scores = scores;
            return this;
        }

        /**
         * Sets the palette (default {@link Palette#voc()}).
         *
         * @param palette the class colours
         * @return this builder
         */
        public Builder optPalette(Palette palette) {
            this.palette = palette;
            return this;
        }

        /**
         * Creates the writer.
         *
         * @return the writer
         */
        public PredictionWriter build() {
            return new PredictionWriter(this);
        }
    }
}
