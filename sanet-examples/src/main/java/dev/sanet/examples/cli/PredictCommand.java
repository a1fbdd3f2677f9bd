package dev.sanet.examples.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.Segmenter;
import dev.sanet.data.InputImages;
import dev.sanet.data.JointTransform;
import dev.sanet.data.MaskImages;
import dev.sanet.data.Palette;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sanet predict}: segments one image or every image of a folder with a saved model and
 * writes, per image {@code NAME}, {@code NAME.png} (8-bit palette PNG whose values are class ids),
 * {@code color/NAME.png} and with {@code --overlay} {@code overlay/NAME.png}, all at the input's
 * resolution, plus {@code color/legend.png}. Only the index PNGs sit at the top of the output
 * folder, so {@code sanet score --pred OUTPUT} reads it as it is.
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

    @Option(names = "--json", description = "Print one JSON object on standard output.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        InferenceArgs.checkModelDir(modelDir);
        InferenceArgs.checkScales(scales);
        List<Path> files = inputs();
        Files.createDirectories(output);
        List<String> outputs = new ArrayList<>();
        try (SANetModel model = SANetModel.load(modelDir)) {
            Segmenter segmenter =
                    Segmenter.builder(
                                    model.model().getBlock(), model.definition()::predictionLogits)
                            .optScales(scales)
                            .optFlip(flip)
                            .optBaseSize(baseSize < 0 ? model.baseSize() : baseSize)
                            .optCropSize(model.cropSize())
                            .optPadValue(EvalCommand.black(model))
                            .build();
            Palette palette = Palette.voc();
            Path legend = output.resolve("color").resolve("legend.png");
            MaskImages.writePng(MaskImages.legend(model.classNames(), palette), legend);
            ProgressBar bar = new ProgressBar(System.err, "predict", files.size());
            int done = 0;
            try (NDManager root = model.model().getNDManager().newSubManager()) {
                for (Path file : files) {
                    BufferedImage image = ImageIO.read(file.toFile());
                    if (image == null) {
                        throw new UserException(file + ": not a readable image");
                    }
                    int[][] mask;
                    try (NDManager m = root.newSubManager()) {
                        mask = segmenter.classMap(normalised(m, image, model));
                    }
                    String stem = stem(file);
                    Path index = output.resolve(stem + ".png");
                    MaskImages.writeIndexPng(mask, index);
                    outputs.add(index.toString());
                    Path color = output.resolve("color").resolve(stem + ".png");
                    MaskImages.writePng(MaskImages.colorize(mask, palette), color);
                    outputs.add(color.toString());
                    if (overlay) {
                        Path o = output.resolve("overlay").resolve(stem + ".png");
                        MaskImages.writePng(MaskImages.overlay(image, mask, palette, 0.5), o);
                        outputs.add(o.toString());
                    }
                    bar.update(++done);
                }
            }
            bar.finish();
            outputs.add(legend.toString());
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("images", files.size());
            o.put("outputs", outputs);
            Json.print(System.out, o);
        } else {
            System.out.printf(Locale.ROOT, "segmented %d image(s) into %s%n", files.size(), output);
        }
        return 0;
    }

    /** The image as a normalised (3, H, W) array with the model's mean and std. */
    private static NDArray normalised(NDManager m, BufferedImage image, SANetModel model) {
        int h = image.getHeight();
        int w = image.getWidth();
        NDArray x = m.create(JointTransform.toChw(image), new Shape(3, h, w));
        if (Arrays.equals(model.mean(), SANetModel.IMAGENET_MEAN)
                && Arrays.equals(model.std(), SANetModel.IMAGENET_STD)) {
            return x;
        }
        NDArray raw =
                x.mul(m.create(SANetModel.IMAGENET_STD).reshape(3, 1, 1))
                        .add(m.create(SANetModel.IMAGENET_MEAN).reshape(3, 1, 1));
        return raw.sub(m.create(model.mean()).reshape(3, 1, 1))
                .div(m.create(model.std()).reshape(3, 1, 1));
    }

    private List<Path> inputs() throws IOException {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new UserException("--input " + input + ": no such file or folder");
        }
        List<Path> files = InputImages.list(input);
        if (files.isEmpty()) {
            throw new UserException("--input " + input + ": no PNG, JPEG or BMP images");
        }
        return files;
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
