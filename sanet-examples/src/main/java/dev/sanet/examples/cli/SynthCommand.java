package dev.sanet.examples.cli;

import dev.sanet.core.io.OutputLock;
import dev.sanet.data.SyntheticTask;
import dev.sanet.data.SyntheticWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sanet synth}: writes the synthetic segmentation task as a complete on-disk dataset in the
 * VOC, SBD or Context format, with train and val splits (docs/data.md).
 */
@Command(
        mixinStandardHelpOptions = true,
        name = "synth",
        description =
                "Writes a synthetic dataset in the VOC, SBD (voc-aug) or Context on-disk format,"
                        + " readable with --data DIR.")
final class SynthCommand implements Callable<Integer> {

    @Option(
            names = "--format",
            required = true,
            description =
                    "voc (read by voc), sbd (read by voc-aug) or context (read by context59/60).")
    String format = "voc";

    @Mixin RunFolder output = RunFolder.required();

    @Option(
            names = "--images",
            defaultValue = "100",
            description = "Number of images, train and val together (default ${DEFAULT-VALUE}).")
    int images;

    @Mixin SeedOption seedOption = new SeedOption();

    @Option(
            names = "--size",
            defaultValue = "128x128",
            description = "Image size WxH (default ${DEFAULT-VALUE}; 500x375 is VOC-sized).")
    String size;

    @Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() throws IOException {
        Path out = output.folder();
        boolean overwrite = output.overwrite();
        long seed = seedOption.value();
        SyntheticWriter.Format f;
        try {
            f = SyntheticWriter.Format.parse(format);
        } catch (IllegalArgumentException e) {
            throw new UserException("--format: " + e.getMessage(), e);
        }
        int[] wh = parseSize(size);
        Ranges.check("--images", images, 2, 1_000_000);
        OutputChecks.notClaimed("--out", out);
        OutputChecks.writable("--out", out);
        List<Path> earlier = OutputChecks.earlierRun("--out", out, TREE, tree(f), null, overwrite);
        SyntheticTask task = SyntheticTask.builder().optSize(wh[0], wh[1]).optSeed(seed).build();
        SyntheticWriter.Summary s;
        // The folder is this run's until the tree is written: a second synth into it stops here.
        try (OutputLock lock = OutputChecks.claim("--out", out, "synth")) {
            OutputChecks.clear(overwrite, "synth", out, TREE, earlier);
            s = SyntheticWriter.write(f, out, images, task);
        } catch (UserException e) {
            throw e;
        } catch (IOException e) {
            throw new UserException(
                    "cannot write the dataset under " + out + " (" + e.getMessage() + ")", e);
        }
        Path root = s.root().toAbsolutePath().normalize();
        if (json.on()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("format", f.name().toLowerCase(Locale.ROOT));
            o.put("images", s.images());
            o.put("root", root.toString());
            o.put("dataset", s.dataset());
            o.put("train", s.train());
            o.put("val", s.val());
            o.put("width", wh[0]);
            o.put("height", wh[1]);
            o.put("seed", seed);
            o.put("classes", s.classes());
            Json.print(System.out, o);
        } else {
            System.out.printf(
                    "wrote %d synthetic images (%dx%d) in %s format under %s%n",
                    s.images(), wh[0], wh[1], f.name().toLowerCase(Locale.ROOT), root);
            System.out.printf(
                    "read it with --dataset %s --data %s (train %d, val %d images)%n",
                    s.dataset(), root, s.train(), s.val());
        }
        return 0;
    }

    private static final String TREE = "an earlier dataset tree of this format";

    /** The folders a format writes under the root, which an earlier tree would occupy. */
    static List<String> tree(SyntheticWriter.Format f) {
        return switch (f) {
            case VOC -> List.of("VOCdevkit/VOC2012");
            case SBD -> List.of("VOCdevkit/VOC2012", "benchmark_RELEASE");
            case CONTEXT -> List.of("VOCdevkit/VOC2010", "trainval");
        };
    }

    /** Parses {@code WxH}. */
    static int[] parseSize(String text) {
        String[] p = text.toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                int w = Integer.parseInt(p[0].strip());
                int h = Integer.parseInt(p[1].strip());
                if (w >= 16 && h >= 16 && w <= Ranges.MAX_SIDE && h <= Ranges.MAX_SIDE) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserException(
                "--size "
                        + text
                        + ": expected WIDTHxHEIGHT, each in 16.."
                        + Ranges.MAX_SIDE
                        + ", e.g. 128x128");
    }
}
