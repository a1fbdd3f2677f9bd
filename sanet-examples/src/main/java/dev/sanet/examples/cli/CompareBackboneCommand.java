package dev.sanet.examples.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.sanet.core.Engines;
import dev.sanet.core.io.HostArrays;
import dev.sanet.core.io.Npy;
import dev.sanet.core.nn.PretrainedFormat;
import dev.sanet.core.nn.PretrainedWeights;
import dev.sanet.core.nn.ResNetV1s;
import java.io.IOException;
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
 * {@code sanet weights compare-backbone}: the Java half of {@code scripts/torchvision_compare.py}.
 * Imports the folder's {@code resnet50_dilated.safetensors} into the backbone its layout calls for
 * (a torchvision ResNet50: the 7x7 stem, strided shortcuts) at the given output stride, runs {@code
 * input.npy} through it in inference mode on each engine, and prints the largest absolute
 * difference of each stage output from {@code layer1.npy .. layer4.npy}. Exit status 0 when every
 * difference is within the tolerance, 1 otherwise.
 */
@Command(
        name = "compare-backbone",
        mixinStandardHelpOptions = true,
        description = {
            "Imports the weights written by scripts/torchvision_compare.py into sanet's backbone,"
                    + " runs its input on each engine and compares the four stage outputs with"
                    + " torchvision's (exit 1 when a difference exceeds the tolerance)."
        })
final class CompareBackboneCommand implements Callable<Integer> {

    /** The files the Python half writes. */
    static final String WEIGHTS = "resnet50_dilated.safetensors";

    static final String INPUT = "input.npy";

    @Option(
            names = "--dir",
            required = true,
            paramLabel = "DIR",
            description = "The --out folder of scripts/torchvision_compare.py.")
    Path dir;

    @Option(
            names = "--engines",
            paramLabel = "LIST",
            split = ",",
            description = "Engines to run, comma-separated (default: mxnet,pytorch).")
    List<String> engines = List.of("mxnet", "pytorch");

    @Option(
            names = "--output-stride",
            paramLabel = "OS",
            description =
                    "Output stride the reference was dilated to, 8 or 16 (default:"
                            + " ${DEFAULT-VALUE}).")
    int outputStride = 8;

    @Option(
            names = "--format",
            paramLabel = "F",
            description = "Naming of the weights (default: recognised from the names).")
    @Nullable String format;

    @Option(
            names = "--tolerance",
            paramLabel = "T",
            description = "Largest accepted absolute difference (default: ${DEFAULT-VALUE}).")
    double tolerance = 1e-4;

    @Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() throws IOException {
        String fix = "run /usr/bin/python3 scripts/torchvision_compare.py --out " + dir + " first";
        InputChecks.folder("--dir", dir, fix);
        Path weights = dir.resolve(WEIGHTS);
        InputChecks.file("--dir", weights, fix);
        List<Npy.Array> expected = new ArrayList<>();
        Npy.Array input;
        try {
            InputChecks.file("--dir", dir.resolve(INPUT), fix);
            input = Npy.read(dir.resolve(INPUT));
            for (int s = 1; s <= 4; s++) {
                Path p = dir.resolve("layer" + s + ".npy");
                InputChecks.file("--dir", p, fix);
                expected.add(Npy.read(p));
            }
        } catch (IOException e) {
            throw new UserException("--dir " + e.getMessage(), e);
        }
        if (outputStride != 8 && outputStride != 16) {
            throw new UserException("--output-stride must be 8 or 16, got " + outputStride);
        }
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            throw new UserException("--tolerance must be a positive number, got " + tolerance);
        }
        List<String> names = new ArrayList<>();
        for (String e : engines) {
            try {
                names.add(Engines.canonical(e));
            } catch (IllegalArgumentException ex) {
                throw new UserException("--engines: " + ex.getMessage(), ex);
            }
        }
        PretrainedFormat f = PretrainedOptions.format(format);
        PretrainedWeights.Report file;
        try {
            file = PretrainedWeights.inspect(weights, f);
        } catch (IllegalArgumentException e) {
            throw new UserException("--dir " + e.getMessage(), e);
        }

        Map<String, Map<String, Double>> differences = new LinkedHashMap<>();
        Map<String, Double> magnitude = new LinkedHashMap<>();
        boolean pass = true;
        for (String engine : names) {
            Map<String, Double> perStage = new LinkedHashMap<>();
            try (NDManager nd = NDManager.newBaseManager(Device.cpu(), engine)) {
                ResNetV1s net =
                        ResNetV1s.builder()
                                .layout(file.layout())
                                .outputStride(outputStride)
                                .build();
                net.initialize(nd, DataType.FLOAT32, input.shape());
                PretrainedWeights.load(net, weights, file.format());
                NDArray x = HostArrays.floats(nd, input.values(), input.shape());
                NDList out = net.forward(new ParameterStore(nd, false), new NDList(x), false);
                for (int s = 0; s < 4; s++) {
                    Npy.Array want = expected.get(s);
                    NDArray got = out.get(s);
                    String stage = "layer" + (s + 1);
                    if (!got.getShape().equals(want.shape())) {
                        throw new UserException(
                                "--dir "
                                        + dir.resolve(stage + ".npy")
                                        + " has shape "
                                        + want.shape()
                                        + ", sanet's "
                                        + stage
                                        + " gives "
                                        + got.getShape()
                                        + ": is --output-stride "
                                        + outputStride
                                        + " the reference's?");
                    }
                    float[] g = got.toFloatArray();
                    double worst = 0;
                    double largest = 0;
                    for (int i = 0; i < g.length; i++) {
                        worst = Math.max(worst, Math.abs(g[i] - want.values()[i]));
                        largest = Math.max(largest, Math.abs(want.values()[i]));
                    }
                    perStage.put(stage, worst);
                    magnitude.put(stage, largest);
                    pass &= worst <= tolerance;
                }
            }
            differences.put(engine, perStage);
        }

        if (json.on()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("weights", weights.toString());
            o.put("format", file.format().cliName());
            o.put("backbone", file.layout().builderCall() + ".outputStride(" + outputStride + ")");
            o.put("inputShape", input.shape().getShape());
            o.put("maxAbsDifference", differences);
            o.put("maxAbsReference", magnitude);
            o.put("tolerance", tolerance);
            o.put("pass", pass);
            Json.print(System.out, o);
        } else {
            System.out.println(
                    weights
                            + " ("
                            + file.format().cliName()
                            + " names) in a "
                            + file.layout().describe()
                            + ", output stride "
                            + outputStride
                            + "; input "
                            + input.shape());
            System.out.printf(Locale.ROOT, "%-8s", "engine");
            for (int s = 1; s <= 4; s++) {
                System.out.printf(Locale.ROOT, " %12s", "layer" + s);
            }
            System.out.println();
            for (Map.Entry<String, Map<String, Double>> e : differences.entrySet()) {
                System.out.printf(Locale.ROOT, "%-8s", e.getKey());
                for (double d : e.getValue().values()) {
                    System.out.printf(Locale.ROOT, " %12.3e", d);
                }
                System.out.println();
            }
            System.out.printf(Locale.ROOT, "%-8s", "max|ref|");
            for (double d : magnitude.values()) {
                System.out.printf(Locale.ROOT, " %12.3e", d);
            }
            System.out.println();
            System.out.println(
                    (pass ? "PASS" : "FAIL")
                            + ": largest absolute difference "
                            + (pass ? "within " : "above ")
                            + tolerance);
        }
        return pass ? 0 : SanetCommand.EXIT_INTERNAL;
    }
}
