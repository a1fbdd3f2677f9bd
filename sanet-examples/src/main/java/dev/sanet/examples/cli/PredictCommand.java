package dev.sanet.examples.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.ImagePreparation;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.inference.Segmenter;
import dev.sanet.core.io.ImageDecoding;
import dev.sanet.core.io.Npy;
import dev.sanet.core.io.OutputNames;
import dev.sanet.core.io.Palette;
import dev.sanet.core.progress.ConsoleProgressBar;
import dev.sanet.data.InputImages;
import dev.sanet.data.MaskImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sanet predict}: segments one image or every image of a folder with a saved model and
 * writes, per image {@code NAME}, {@code NAME.png} (8-bit palette PNG whose values are class ids),
 * {@code color/NAME.png} and with {@code --overlay} {@code overlay/NAME.png}, all at the input's
 * resolution, plus {@code color/legend.png}. Only the index PNGs sit at the top of the output
 * folder, so {@code sanet score --pred OUTPUT} reads it as it is.
 *
 * <p>Before the model is loaded every output is planned and checked: the output folder must be kept
 * apart from {@code --input} and {@code --model} and be writable, no output may replace an input,
 * and without {@code --overwrite} none may exist. {@code NAME} is the input's stem, made distinct
 * by {@link OutputNames} when two inputs share one ({@code a.jpg}, {@code a.png} give {@code
 * a_jpg.png}, {@code a_png.png}).
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = "Segments one image or a folder; writes index, colour and overlay PNGs.")
final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder.")
    Path modelDir;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "PATH",
            description = "An image (PNG, JPEG, BMP) or a folder of images.")
    Path input;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path output = Path.of("predictions");

    @Option(names = "--overlay", description = "Also write the image blended with the mask.")
    boolean overlay;

    @Option(
            names = "--save-scores",
            description =
                    "Also write each image's class scores at its own size as NAME.npy (float32,"
                            + " K x H x W), for other tools and for comparisons.")
    boolean saveScores;

    @Option(
            names = "--scales",
            split = ",",
            paramLabel = "LIST",
            description = "Scales of the base size, comma-separated (default: 1.0).")
    List<Double> scales = List.of(1.0);

    @Option(names = "--flip", description = "Add the horizontally flipped prediction.")
    boolean flip;

    @Option(
            names = "--base-size",
            description =
                    "Long side at scale 1.0: -1 = the model's base size, 0 = each image's own"
                            + " long side (default: ${DEFAULT-VALUE}).")
    int baseSize = 0;

    @Option(
            names = "--overwrite",
            description =
                    "Replace output files that exist already (by default the command refuses to"
                            + " write over any file).")
    boolean overwrite;

    @Option(
            names = "--max-side",
            paramLabel = "N",
            description =
                    "Segment an image whose long side exceeds N at a copy scaled to N on the long"
                            + " side, then scale the mask up to the image's size (nearest); keeps"
                            + " memory bounded by N, not by the input. 0 = no limit (default:"
                            + " ${DEFAULT-VALUE}).")
    int maxSide = Protocol.DEFAULT_MAX_SIDE;

    @Option(
            names = "--fold-bn",
            description =
                    "Fold every batch norm into the convolution before it once the model is"
                            + " loaded: the same masks and scores within float rounding (1e-4),"
                            + " about 10-15%% faster (docs/performance.md).")
    boolean foldBn;

    @Mixin EngineOption engine = new EngineOption();

    @Option(names = "--json", description = "Print one JSON object on standard output.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        // Every check before the model is loaded or a file written.
        InferenceArgs.checkScales(scales);
        Ranges.sideOrSentinel(
                "--base-size", baseSize, "the model's base size", "each image's own long side");
        if (maxSide != 0 && (maxSide < 32 || maxSide > 4096)) {
            throw new UserException(
                    "--max-side " + maxSide + ": expected 0 (no limit) or an integer in 32..4096");
        }
        InferenceArgs.checkModelDir(modelDir);
        List<Path> files = inputs();
        OutputChecks.apart("--output", output, "--input", input);
        OutputChecks.apart("--output", output, "--model", modelDir);
        OutputChecks.writable("--output", output);
        List<Planned> plan = plan(files);
        Path legend = output.resolve("color").resolve(LEGEND + ".png");
        List<Path> planned = new ArrayList<>();
        for (Planned p : plan) {
            planned.addAll(p.outputs());
        }
        planned.add(legend);
        OutputChecks.planned("--output", output, planned, files, overwrite);
        reportRenames(plan);

        Files.createDirectories(output);
        List<String> outputs = new ArrayList<>();
        String engineName = engine.name();
        try (SANetModel model = SANetModel.load(modelDir, engineName)) {
            if (foldBn) {
                model.foldBatchNorm();
            }
            Segmenter segmenter =
                    model.newSegmenter(
                            Protocol.builder()
                                    .scales(scales)
                                    .flip(flip)
                                    .baseSize(baseSize < 0 ? model.baseSize() : baseSize)
                                    .cropSize(model.cropSize())
                                    .build());
            ImagePreparation preparation = model.preparation();
            Palette palette = Palette.voc();
            ConsoleProgressBar bar = ConsoleProgressBar.stderr();
            int done = 0;
            try (NDManager root = model.model().getNDManager().newSubManager()) {
                for (Planned p : plan) {
                    BufferedImage image = decode(p.input());
                    BufferedImage work = LargeImages.bounded(image, maxSide);
                    if (work != image) {
                        System.err.printf(
                                Locale.ROOT,
                                "sanet predict: %s is %dx%d, larger than --max-side %d:"
                                        + " segmenting it at %dx%d and scaling the mask up"
                                        + " (pass --max-side 0 for full resolution, with memory"
                                        + " growing with the image)%n",
                                p.input(),
                                image.getWidth(),
                                image.getHeight(),
                                maxSide,
                                work.getWidth(),
                                work.getHeight());
                    }
                    int[][] mask;
                    try (NDManager m = root.newSubManager()) {
                        NDArray scores = segmenter.scores(preparation.toNDArray(m, work));
                        mask =
                                LargeImages.upscaleNearest(
                                        Segmenter.classMapOf(scores),
                                        image.getHeight(),
                                        image.getWidth());
                        if (p.scores() != null) {
                            Npy.write(p.scores(), scores);
                            outputs.add(p.scores().toString());
                        }
                    }
                    MaskImages.writeIndexPng(mask, p.index());
                    outputs.add(p.index().toString());
                    MaskImages.writePng(MaskImages.colorize(mask, palette), p.color());
                    outputs.add(p.color().toString());
                    if (p.overlay() != null) {
                        MaskImages.writePng(
                                MaskImages.overlay(image, mask, palette, 0.5), p.overlay());
                        outputs.add(p.overlay().toString());
                    }
                    bar.onItems("predict", ++done, files.size());
                }
            }
            bar.finish();
            // Last, so that a damaged first input leaves no file behind.
            MaskImages.writePng(MaskImages.legend(model.classNames(), palette), legend);
            outputs.add(legend.toString());
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("engine", engineName);
            o.put("images", files.size());
            o.put("outputs", outputs);
            List<Map<String, Object>> per = new ArrayList<>();
            for (Planned p : plan) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("input", p.input().toString());
                m.put("index", p.index().toString());
                m.put("color", p.color().toString());
                m.put("overlay", p.overlay() == null ? null : p.overlay().toString());
                m.put("scores", p.scores() == null ? null : p.scores().toString());
                per.add(m);
            }
            o.put("predictions", per);
            Json.print(System.out, o);
        } else {
            System.out.printf(Locale.ROOT, "segmented %d image(s) into %s%n", files.size(), output);
        }
        return 0;
    }

    /**
     * Decodes an input strictly ({@link ImageDecoding}): a missing, unknown, truncated or corrupt
     * file stops the command naming it, before anything is written for it.
     */
    private static BufferedImage decode(Path file) {
        try {
            return ImageDecoding.read(file);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new UserException(
                    file
                            + ": unreadable image ("
                            + why
                            + "): fix or remove it, or predict the other images without it",
                    e);
        }
    }

    /** The stem of the legend in {@code color/}, which no input may take. */
    private static final String LEGEND = "legend";

    /**
     * The files one input becomes; {@code overlay} is null without {@code --overlay}, {@code
     * scores} without {@code --save-scores}.
     */
    private record Planned(
            Path input,
            String name,
            Path index,
            Path color,
            @Nullable Path overlay,
            @Nullable Path scores) {
        List<Path> outputs() {
            List<Path> out = new ArrayList<>(List.of(index, color));
            if (overlay != null) {
                out.add(overlay);
            }
            if (scores != null) {
                out.add(scores);
            }
            return out;
        }
    }

    /** Every output of every input, with distinct names (OutputNames' rule), before any work. */
    private List<Planned> plan(List<Path> files) {
        List<String> names = OutputNames.distinct(files, List.of(LEGEND));
        List<Planned> plan = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String n = names.get(i) + ".png";
            plan.add(
                    new Planned(
                            files.get(i),
                            names.get(i),
                            output.resolve(n),
                            output.resolve("color").resolve(n),
                            overlay ? output.resolve("overlay").resolve(n) : null,
                            saveScores ? output.resolve(names.get(i) + ".npy") : null));
        }
        return plan;
    }

    /** Says on standard error which inputs were given another output name, and why. */
    private static void reportRenames(List<Planned> plan) {
        List<String> renamed = new ArrayList<>();
        for (Planned p : plan) {
            if (!p.name().equals(OutputNames.stem(p.input()))) {
                renamed.add(p.input().getFileName() + " -> " + p.name() + ".png");
            }
        }
        if (!renamed.isEmpty()) {
            System.err.println(
                    "sanet predict: inputs that share a name (or are named legend) are written"
                            + " under distinct names: "
                            + String.join(", ", renamed));
        }
    }

    private List<Path> inputs() throws IOException {
        if (Files.isRegularFile(input)) {
            InputChecks.file("--input", input, "pass a readable image or folder of images");
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new UserException("--input " + input + ": no such file or folder");
        }
        InputChecks.folder("--input", input, "pass a readable folder of images");
        List<Path> files = InputImages.list(input);
        if (files.isEmpty()) {
            throw new UserException("--input " + input + ": no PNG, JPEG or BMP images");
        }
        for (Path f : files) {
            if (!Files.isReadable(f)) {
                throw new UserException(
                        "--input: "
                                + f
                                + " cannot be read (permission denied): change its permissions"
                                + " or move it out of "
                                + input);
            }
        }
        return files;
    }
}
