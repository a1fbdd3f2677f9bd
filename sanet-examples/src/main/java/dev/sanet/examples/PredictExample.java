package dev.sanet.examples;

import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.translate.TranslateException;
import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.ImagePreparation;
import dev.sanet.core.io.OutputNames;
import dev.sanet.core.io.Palette;
import dev.sanet.data.InputImages;
import dev.sanet.data.MaskImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * Segments image files with a saved model through a DJL {@link Predictor} and writes the masks as
 * PNGs: the serving side of the library in one method.
 *
 * <ol>
 *   <li>{@link SANetModel#load} rebuilds the network; {@link SANetModel#newPredictor()} gives a
 *       {@code Predictor<Image, CategoryMask>} (single scale, at each image's own resolution).
 *   <li>Each file is read with {@link ImageIO} and handed to DJL as an {@link Image}; the predictor
 *       prepares it as training did ({@link ImagePreparation}: sRGB, the model's mean and standard
 *       deviation), whatever its colour model (grey, palette, alpha).
 *   <li>{@link MaskImages} writes the mask as an index PNG (pixel value = class id, VOC palette), a
 *       colour PNG ({@link Palette#voc()}) and, with {@code --overlay}, the image blended with the
 *       colours; {@link MaskImages#legend} draws the class colours.
 * </ol>
 *
 * <pre>
 * java -cp 'sanet-examples/target/sanet.jar:sanet-examples/target/lib/*' \
 *     dev.sanet.examples.PredictExample [INPUT] [--model DIR] [--output DIR] [--limit N]
 *     [--overlay]
 * </pre>
 *
 * <p>Output layout (that of {@code sanet predict}): {@code OUTPUT/NAME.png} (index), {@code
 * OUTPUT/color/NAME.png}, {@code OUTPUT/overlay/NAME.png} and {@code OUTPUT/color/legend.png}. The
 * defaults segment the first 8 images of what {@link TrainExample} wrote with its model, into
 * {@code example-run/predictions}.
 */
public final class PredictExample {

    private static final String USAGE =
            """
            Usage: PredictExample [INPUT] [options]
              INPUT             an image (PNG, JPEG, BMP) or a folder of images
                                (default example-run/data/VOCdevkit/VOC2012/JPEGImages)
              --model DIR       model directory (default example-run/model)
              --output DIR      output folder (default example-run/predictions)
              --limit N         at most N images of a folder, in name order (default 8; 0 = all)
              --overlay         also write the image blended with the mask colours
            """;

    /**
     * The prediction for one image.
     *
     * @param input the image file
     * @param width the image's (and every written PNG's) width
     * @param height the image's height
     * @param indexPng the mask as class ids (8-bit palette PNG)
     * @param colorPng the mask in the VOC colours
     * @param overlayPng the image blended with the colours, or null without {@code --overlay}
     * @param classPixels pixels per class name, every class in class-id order (zeros included)
     */
    public record Output(
            Path input,
            int width,
            int height,
            Path indexPng,
            Path colorPng,
            @Nullable Path overlayPng,
            Map<String, Long> classPixels) {}

    /**
     * What the example wrote.
     *
     * @param modelDir the model used
     * @param outputDir the output folder
     * @param legend the legend PNG of class names and colours
     * @param outputs one entry per segmented image, in input order
     * @param seconds wall-clock seconds of loading and predicting
     */
    public record Result(
            Path modelDir, Path outputDir, Path legend, List<Output> outputs, double seconds) {}

    private PredictExample() {}

    /**
     * Runs the example from the command line and prints a short summary.
     *
     * @param args see the class comment; {@code --help} prints the options
     * @throws Exception when the model or an image cannot be read or an output written
     */
    public static void main(String[] args) throws Exception {
        ExampleArgs.main(args, USAGE, () -> runExample(args));
    }

    /**
     * Loads the model, segments the input images and writes the PNGs.
     *
     * @param args {@code [INPUT] [--model DIR] [--output DIR] [--limit N] [--overlay]}
     * @return the written files and the class pixel counts of every image
     * @throws IllegalArgumentException naming the bad argument and its value (also an input that is
     *     missing or not an image, or a folder that is not a model)
     * @throws IOException when the model cannot be read or an output cannot be written
     * @throws TranslateException when the prediction fails
     */
    public static Result runExample(String... args) throws IOException, TranslateException {
        ExampleArgs a =
                ExampleArgs.parse(
                        "PredictExample",
                        args,
                        1,
                        Set.of("--model", "--output", "--limit"),
                        Set.of("--overlay"));
        Path input =
                a.path(0, TrainExample.DEFAULT_OUT.resolve("data/VOCdevkit/VOC2012/JPEGImages"));
        Path modelDir = a.path("--model", TrainExample.DEFAULT_OUT.resolve("model"));
        Path outputDir = a.path("--output", TrainExample.DEFAULT_OUT.resolve("predictions"));
        int limit = a.integer("--limit", 8, 0, Integer.MAX_VALUE);
        boolean overlay = a.flag("--overlay");
        a.requireModel("--model", modelDir);
        List<Path> files = inputs(a, input, limit);

        long start = System.nanoTime();
        Palette palette = Palette.voc();
        List<Output> outputs = new ArrayList<>();
        // The model and its predictor are native resources: both are closed by the try.
        try (SANetModel model = SANetModel.load(modelDir);
                Predictor<Image, CategoryMask> predictor = model.newPredictor()) {
            Path legend = outputDir.resolve("color").resolve("legend.png");
            MaskImages.writePng(MaskImages.legend(model.classNames(), palette), legend);
            for (Path file : files) {
                BufferedImage image = ImageIO.read(file.toFile());
                if (image == null) {
                    throw a.error("input " + file + " is not a readable PNG, JPEG or BMP image");
                }
                CategoryMask mask = predictor.predict(ImageFactory.getInstance().fromImage(image));
                int[][] classes = mask.getMask(); // classes[y][x], at the image's resolution

                String stem = OutputNames.stem(file);
                Path index = outputDir.resolve(stem + ".png");
                MaskImages.writeIndexPng(classes, index);
                Path color = outputDir.resolve("color").resolve(stem + ".png");
                MaskImages.writePng(MaskImages.colorize(classes, palette), color);
                Path blended = null;
                if (overlay) {
                    blended = outputDir.resolve("overlay").resolve(stem + ".png");
                    MaskImages.writePng(MaskImages.overlay(image, classes, palette, 0.5), blended);
                }
                outputs.add(
                        new Output(
                                file,
                                image.getWidth(),
                                image.getHeight(),
                                index,
                                color,
                                blended,
                                classPixels(classes, mask.getClasses())));
            }
            Result r =
                    new Result(
                            modelDir,
                            outputDir,
                            legend,
                            List.copyOf(outputs),
                            (System.nanoTime() - start) / 1e9);
            print(r);
            return r;
        }
    }

    /**
     * Counts the pixels of every class in a mask.
     *
     * @param mask class ids, {@code mask[y][x]}
     * @param classNames the class names, index = class id
     * @return pixels per class name in class-id order, zeros included
     */
    static Map<String, Long> classPixels(int[][] mask, List<String> classNames) {
        long[] counts = new long[classNames.size()];
        for (int[] row : mask) {
            for (int c : row) {
                counts[c]++;
            }
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (int k = 0; k < counts.length; k++) {
            out.put(classNames.get(k), counts[k]);
        }
        return Collections.unmodifiableMap(out);
    }

    private static List<Path> inputs(ExampleArgs a, Path input, int limit) throws IOException {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw a.error(
                    "input "
                            + input
                            + " is neither an image nor a folder"
                            + " (the default needs TrainExample's data)");
        }
        List<Path> files = InputImages.list(input);
        if (limit > 0 && files.size() > limit) {
            files = files.subList(0, limit);
        }
        if (files.isEmpty()) {
            throw a.error("input folder " + input + " holds no PNG, JPEG or BMP image");
        }
        return files;
    }

    private static void print(Result r) {
        System.out.printf(
                Locale.ROOT,
                "PredictExample: segmented %d image(s) in %.1f s into %s%n",
                r.outputs().size(),
                r.seconds(),
                r.outputDir());
        for (Output o : r.outputs()) {
            StringBuilder found = new StringBuilder();
            long total = (long) o.width() * o.height();
            o.classPixels()
                    .forEach(
                            (name, px) -> {
                                if (px > 0) {
                                    double percent = 100.0 * px / total;
                                    found.append(found.length() == 0 ? "" : ", ")
                                            .append(name)
                                            .append(
                                                    percent < 0.5
                                                            ? " <1%"
                                                            : String.format(
                                                                    Locale.ROOT,
                                                                    " %.0f%%",
                                                                    percent));
                                }
                            });
            System.out.printf(
                    Locale.ROOT,
                    "  %s (%dx%d): %s -> %s%n",
                    o.input().getFileName(),
                    o.width(),
                    o.height(),
                    found,
                    o.colorPng());
        }
    }
}
