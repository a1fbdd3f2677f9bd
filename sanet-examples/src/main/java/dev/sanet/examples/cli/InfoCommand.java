package dev.sanet.examples.cli;

import dev.sanet.core.Complexity;
import dev.sanet.core.SANet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code sanet info}: builds a network, counts its trainable parameters and its
 * multiply-accumulates for one image, and breaks both down per component (backbone, dense head, SA
 * heads, mask and categorical heads, SE module).
 */
@Command(
        mixinStandardHelpOptions = true,
        name = "info",
        description = {
            "Builds the network and counts its parameters and MACs, per component.",
            "MACs: convolutions and fully connected layers for one image; batch norm,"
                    + " activations, pooling and resizes are not counted."
        })
final class InfoCommand implements Callable<Integer> {

    @Mixin NetworkOptions network = new NetworkOptions();

    @Mixin EngineOption engine = new EngineOption();

    @Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() {
        SANet def = network.definition();
        engine.name(); // an unknown engine is a user mistake even though counting needs none
        Complexity c = Complexity.of(def, network.size, network.size);
        if (json.on()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("engine", engine.name());
            out.put("variant", def.variant().cliName());
            out.put("backbone", def.backbone().cliName());
            out.put("stem", def.stem().cliName());
            out.put("avgDown", def.avgDown());
            if (def.backbone().isEfficientNet()) {
                out.put("efficientNetConvention", def.efficientNetConvention().cliName());
            }
            out.put("numClasses", def.numClasses());
            out.put("inputShape", List.of(1, 3, network.size, network.size));
            out.put("params", c.params());
            out.put("macs", c.macs());
            Map<String, Long> params = new LinkedHashMap<>();
            Map<String, Long> macs = new LinkedHashMap<>();
            for (Complexity.Component part : c.components()) {
                params.put(part.name(), part.params());
                macs.put(part.name(), part.macs());
            }
            out.put("components", params);
            out.put("componentMacs", macs);
            out.put("heads", def.heads());
            out.put("headKernel", def.headKernel());
            out.put("outputStride", def.outputStride());
            out.put("baseWidth", def.width());
            out.put("macsCounted", "conv+fc");
            Json.print(System.out, out);
        } else {
            System.out.printf(
                    Locale.ROOT,
                    "%s-%s, %d classes, %d SA heads, head kernel %d, output stride %d, width %d;"
                            + " input 1x3x%dx%d%n",
                    def.variant().cliName(),
                    def.backbone().cliName(),
                    def.numClasses(),
                    def.heads(),
                    def.headKernel(),
                    def.outputStride(),
                    def.width(),
                    network.size,
                    network.size);
            if (def.backbone().isEfficientNet()) {
                System.out.printf(
                        Locale.ROOT,
                        "backbone: %s with %s conventions (padding, batch-norm epsilon); taps %s"
                                + " channels%n",
                        def.backbone().cliName(),
                        def.efficientNetConvention().cliName(),
                        java.util.Arrays.toString(def.backbone().stageChannels(def.width())));
            } else {
                System.out.printf(
                        Locale.ROOT,
                        "backbone: %s, %s (the layout of GluonCV's %s)%n",
                        def.stem().describe(def.width()),
                        def.avgDown()
                                ? "average-pool projection shortcuts"
                                : "strided 1x1 projection shortcuts",
                        def.backbone().gluonName(def.stem(), def.avgDown()));
            }
            System.out.printf(Locale.ROOT, "%-10s %14s %10s%n", "component", "params", "GMACs");
            for (Complexity.Component part : c.components()) {
                System.out.printf(
                        Locale.ROOT,
                        "%-10s %,14d %10.2f%n",
                        part.name(),
                        part.params(),
                        part.macs() / 1e9);
            }
            System.out.printf(
                    Locale.ROOT, "%-10s %,14d %10.2f%n", "total", c.params(), c.macs() / 1e9);
            System.out.println(
                    "params: trainable (batch-norm running statistics excluded); MACs: convolutions"
                            + " and fully connected layers, one image");
        }
        return 0;
    }
}
