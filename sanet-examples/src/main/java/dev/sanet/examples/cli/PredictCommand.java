package dev.sanet.examples.cli;

import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.ImagePredictor;
import dev.sanet.core.inference.Segmentation;
import dev.sanet.core.inference.UnreadableImageException;
import dev.sanet.core.io.ImageDecoding;
import dev.sanet.core.io.ImageTooLargeException;
import dev.sanet.core.io.InputFiles;
import dev.sanet.core.io.OutputLock;
import dev.sanet.core.progress.ConsoleProgressBar;
import dev.sanet.data.InputImages;
import dev.sanet.data.PredictionWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
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
 * <p>The library's prediction route does the work ({@link ImagePredictor}, written by {@link
 * PredictionWriter}); this command parses flags, checks paths and reports.
 *
 * <p>Before the model is loaded every output is planned and checked: the output folder must be kept
 * apart from {@code --input} and {@code --model} and be writable, no output may replace an input,
 * and without {@code --overwrite} none may exist. {@code NAME} is the input's stem, made distinct
 * by the output-name rule when two inputs share one ({@code a.jpg}, {@code a.png} give {@code
 * a_jpg.png}, {@code a_png.png}). The output folder is claimed ({@link OutputLock}) while the
 * command writes, so a second {@code predict} into it stops with exit 2 naming this process.
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
            names = "--overwrite",
            description =
                    "Replace output files that exist already (by default the command refuses to"
                            + " write over any file).")
    boolean overwrite;

    /**
     * The protocol's flags; at the defaults each image's long side is scaled to the model's
     * training base size ({@code SANetModel.predictionProtocol()}).
     */
    @Mixin ProtocolOptions protocol = new ProtocolOptions();

    @Mixin EngineOption engine = new EngineOption();

    @Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() throws IOException {
        // Every check before the model is loaded or a file written.
        protocol.check();
        InferenceArgs.checkModel(modelDir, engine.inferenceName());
        List<Path> files = inputs();
        OutputChecks.notClaimed("--output", output);
        OutputChecks.apart("--output", output, "--input", input);
        OutputChecks.apart("--output", output, "--model", modelDir);
        OutputChecks.writable("--output", output);
        PredictionWriter writer =
                PredictionWriter.builder(output).optOverlay(overlay).optScores(saveScores).build();
        List<PredictionWriter.Planned> plan = writer.plan(files);
        List<Path> planned = new ArrayList<>();
        for (PredictionWriter.Planned p : plan) {
            planned.addAll(p.outputs());
        }
        planned.add(writer.legendPath());
        OutputChecks.planned("--output", output, planned, files, overwrite);
        checkPixels(files, protocol.maxPixels);
        reportRenames(plan);

        // The folder is this run's until it ends: a second predict into it stops here.
        try (OutputLock lock =
                OutputChecks.claim("--output", output, "predict", "color", "overlay")) {
            return predict(files, writer, plan);
        }
    }

    private int predict(
            List<Path> files, PredictionWriter writer, List<PredictionWriter.Planned> plan)
            throws IOException {
        List<String> outputs = new ArrayList<>();
        String engineName = engine.inferenceName();
        try (SANetModel model = SANetModel.load(modelDir, engineName)) {
            InferenceArgs.noteFixedSize("predict", modelDir, model);
            if (protocol.foldBn()) {
                model.foldBatchNorm();
            }
            ImagePredictor predictor =
                    model.newImagePredictor(protocol.protocol(model), saveScores);
            ResolutionNote note = new ResolutionNote(model.baseSize(), predictor.protocol());
            ConsoleProgressBar bar = ConsoleProgressBar.stderr();
            int done = 0;
            for (PredictionWriter.Planned p : plan) {
                Segmentation s;
                try {
                    s = predictor.predict(p.input());
                } catch (UnreadableImageException e) {
                    throw new UserException(e.getMessage() + ": " + hint(e), e);
                }
                String far = note.note(p.input().toString(), s.width(), s.height());
                if (far != null) {
                    System.err.println(far);
                }
                if (s.bounded() && note.boundMatters()) {
                    System.err.printf(
                            Locale.ROOT,
                            "sanet predict: %s is %dx%d, larger than --max-side %d:"
                                    + " segmenting it at %dx%d and scaling the mask up"
                                    + " (pass --max-side 0 for full resolution, with memory"
                                    + " growing with the image)%n",
                            p.input(),
                            s.width(),
                            s.height(),
                            predictor.protocol().maxSide(),
                            s.segmentedWidth(),
                            s.segmentedHeight());
                }
                for (Path f : writer.write(p, s)) {
                    outputs.add(f.toString());
                }
                bar.onItems("predict", ++done, files.size());
            }
            bar.finish();
            String farSummary = note.summary(files.size());
            if (farSummary != null) {
                System.err.println(farSummary);
            }
            // Last, so that a damaged first input leaves no file behind.
            outputs.add(String.valueOf(writer.writeLegend(model.classNames())));
        }
        if (json.on()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("engine", engineName);
            o.put("images", files.size());
            o.put("outputs", outputs);
            List<Map<String, Object>> per = new ArrayList<>();
            for (PredictionWriter.Planned p : plan) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("input", p.input().toString());
                m.put("index", p.index().toString());
                m.put("color", String.valueOf(p.color()));
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
     * Refuses an image whose header declares more than {@code --max-pixels} before the model is
     * loaded (the route refuses it again when it decodes); a header that cannot be read is left to
     * the decoder, which names the problem.
     */
    private static void checkPixels(List<Path> files, long maxPixels) {
        for (Path f : files) {
            int[] size;
            try {
                size = ImageDecoding.size(f);
            } catch (IOException | RuntimeException e) {
                continue;
            }
            if ((long) size[0] * size[1] > maxPixels) {
                UnreadableImageException e =
                        UnreadableImageException.of(
                                f.toString(),
                                new ImageTooLargeException(size[0], size[1], maxPixels, null));
                throw new UserException(e.getMessage() + ": " + hint(e), e);
            }
        }
    }

    /** What to do about an input the route refused. */
    private static String hint(UnreadableImageException e) {
        ImageTooLargeException big = e.tooLarge();
        if (big == null) {
            return "fix or remove it, or predict the other images without it";
        }
        if (big.outOfMemory()) {
            return "give the JVM more memory (SANET_JAVA_OPTS=-Xmx...), or pass a smaller"
                    + " --max-pixels to refuse such images before decoding them";
        }
        return "pass --max-pixels "
                + (long) big.width() * big.height()
                + " or more to decode it (subsampled to about --max-side), or scale it down first";
    }

    /** Says on standard error which inputs were given another output name, and why. */
    private static void reportRenames(List<PredictionWriter.Planned> plan) {
        List<String> renamed = new ArrayList<>();
        for (PredictionWriter.Planned p : plan) {
            if (p.renamed()) {
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
        InputChecks.special("--input", input, "pass an image or a folder of images");
        if (Files.isRegularFile(input)) {
            InputChecks.file("--input", input, "pass a readable image or folder of images");
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new UserException("--input " + input + ": no such file or folder");
        }
        InputChecks.folder("--input", input, "pass a readable folder of images");
        InputFiles.Listing listing = InputImages.listing(input);
        for (InputFiles.Skipped skipped : listing.skipped()) {
            System.err.println("sanet predict: warning: " + skipped.message());
        }
        List<Path> files = listing.files();
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
