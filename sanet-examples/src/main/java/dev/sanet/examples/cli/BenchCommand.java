package dev.sanet.examples.cli;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import dev.sanet.core.Engines;
import dev.sanet.core.RuntimeInfo;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetBlock;
import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.PredictionOnly;
import dev.sanet.core.nn.BatchNormFolding;
import dev.sanet.core.training.Benchmark;
import dev.sanet.onnx.OnnxExport;
import dev.sanet.onnx.runtime.OnnxRuntimeEngine;
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
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sanet bench}: times the network on random input after a warm-up. {@code --mode infer}
 * times forward passes in inference mode as the prediction route runs them (only the heads that
 * {@code --prediction} reads, {@link PredictionOnly}); {@code --mode train} times forward + loss +
 * backward + SGD update (momentum 0.9, weight decay 1e-4). Every step runs in its own sub-manager,
 * closed after the step, so only parameters (and optimizer state) outlive it and memory stays flat.
 *
 * <p>The training step is the library's own ({@link Benchmark}: the trainer's batch step with the
 * definition's SANet loss on random labels, the optimizer update and batch-norm settling); the
 * loss's cost is negligible beside the network's.
 */
@Command(
        mixinStandardHelpOptions = true,
        name = "bench",
        description =
                "Times forward (infer) or forward + backward + SGD update (train) passes after a"
                        + " warm-up; reports median/min/max, images per second and peak memory.")
final class BenchCommand implements Callable<Integer> {

    @Mixin NetworkOptions network = new NetworkOptions();

    @Option(
            names = "--mode",
            paramLabel = "M",
            description = "infer or train (default: ${DEFAULT-VALUE}).")
    String mode = "infer";

    @Option(
            names = "--batch",
            paramLabel = "N",
            description = "Images per pass (default: ${DEFAULT-VALUE}).")
    int batch = 1;

    @Option(
            names = "--iters",
            paramLabel = "N",
            description = "Timed passes (default: ${DEFAULT-VALUE}).")
    int iters = 10;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            description = "Untimed passes first (default: ${DEFAULT-VALUE}).")
    int warmup = 2;

    @Option(
            names = "--fold-bn",
            description =
                    "Inference: fold every batch norm into the convolution before it (same outputs,"
                            + " one memory pass less per layer).")
    boolean foldBn;

    @Option(
            names = "--profile",
            paramLabel = "DIR",
            description =
                    "After the timed passes, run 3 more under the engine's operator profiler: write"
                            + " its Chrome trace to DIR and print where the time went per layer type"
                            + " (and, in train mode, the peak memory of forward, backward and"
                            + " update).")
    @Nullable Path profile;

    @Mixin EngineOption engine = new EngineOption();

    @Mixin JsonOption json = new JsonOption();

    /** Defaults to 50 layers, the benchmark, rather than info's 101. */
    BenchCommand() {
        network.model.backbone = "resnet50";
    }

    @Override
    public Integer call() throws IOException {
        SANet def = network.definition();
        boolean train;
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "infer" -> train = false;
            case "train" -> train = true;
            default ->
                    throw new UserException(
                            "unknown --mode '" + mode + "': use --mode infer or --mode train");
        }
        if (train && foldBn) {
            throw new UserException(
                    "--fold-bn applies to --mode infer only: a folded network cannot train");
        }
        Ranges.check("--batch", batch, 1, Ranges.MAX_BATCH);
        Ranges.check("--iters", iters, 1, 1_000_000);
        Ranges.check("--warmup", warmup, 0, 1_000_000);
        String engineName = train ? engine.name() : engine.inferenceName();
        boolean ort = Engines.ONNXRUNTIME.equals(engineName);
        if (ort && (foldBn || profile != null)) {
            throw new UserException(
                    (foldBn ? "--fold-bn" : "--profile")
                            + " applies to mxnet and pytorch: with --engine onnxruntime leave it out"
                            + " (the ONNX export folds every batch norm already)");
        }
        // On ONNX Runtime the network is built on the default engine, then exported to ONNX.
        String buildEngine = ort ? Engines.defaultEngine() : engineName;
        Engine.getEngine(buildEngine).setRandomSeed(42);
        RuntimeInfo runtime = RuntimeInfo.current(engineName, false);
        Shape input = new Shape(batch, 3, network.size, network.size);
        System.err.printf(
                Locale.ROOT,
                "bench: %s %s-%s, input %s, %d warm-up + %d timed passes, %s %s, %d threads%n",
                mode,
                def.variant().cliName(),
                def.backbone().cliName(),
                input,
                warmup,
                iters,
                runtime.engine(),
                runtime.engineVersion(),
                runtime.threads());

        double[] ms = new double[iters];
        long rssAfterWarmup;
        long rssBeforeWarmup;
        List<EngineProfiler.Row> profileRows = List.of();
        Path trace = null;
        Map<String, Double> phasePeaks = new LinkedHashMap<>();
        SANetModel onOrt = null;
        try (Model model = Model.newInstance("sanet-bench", ai.djl.Device.cpu(), buildEngine)) {
            // Training times the library's own step (core.training.Benchmark); inference times
            // the block's forward pass here.
            Benchmark bench = null;
            Timed timed;
            if (train) {
                bench =
                        Benchmark.training(
                                def,
                                batch,
                                network.size,
                                engineName,
                                phase -> {
                                    if ("start".equals(phase)) {
                                        resetPeak();
                                    } else {
                                        phase(phasePeaks, phase);
                                    }
                                });
                timed = bench::step;
            } else {
                SANetBlock block = def.newBlock();
                model.setBlock(block);
                block.initialize(model.getNDManager(), DataType.FLOAT32, input);
                if (foldBn) {
                    BatchNormFolding.fold(block);
                }
                Block network = block;
                if (ort) { // moved onto ONNX Runtime: the passes use its model's manager
                    onOrt = onnxRuntime(def, model);
                    network = onOrt.model().getBlock();
                }
                NDManager base = (ort ? onOrt.model() : model).getNDManager();
                Step step = inferStep(network, new ParameterStore(base, false), input);
                timed = () -> run(step, base);
            }
            rssBeforeWarmup = memoryKiB("VmRSS");
            try {
                for (int i = 0; i < warmup; i++) {
                    double t = timed.time();
                    System.err.printf(
                            Locale.ROOT, "bench: warm-up %d/%d %.0f ms%n", i + 1, warmup, t);
                }
                rssAfterWarmup = memoryKiB("VmRSS");
                for (int i = 0; i < iters; i++) {
                    ms[i] = timed.time();
                    System.err.printf(
                            Locale.ROOT,
                            "bench: pass %d/%d %.0f ms, RSS %.0f MiB%n",
                            i + 1,
                            iters,
                            ms[i],
                            memoryKiB("VmRSS") / 1024.0);
                }
                if (profile != null) {
                    Files.createDirectories(profile);
                    trace =
                            profile.resolve(
                                    "trace-"
                                            + engineName.toLowerCase(Locale.ROOT)
                                            + "-"
                                            + mode.toLowerCase(Locale.ROOT)
                                            + ".json");
                    int passes = 3;
                    profiling = true;
                    EngineProfiler.start(engineName, trace);
                    for (int i = 0; i < passes; i++) {
                        timed.time();
                    }
                    EngineProfiler.stop(engineName, trace);
                    profiling = false;
                    profileRows = EngineProfiler.table(trace, passes);
                }
            } finally {
                if (bench != null) {
                    bench.close();
                }
                if (onOrt != null) {
                    onOrt.close();
                }
            }
        }
        long rssEnd = memoryKiB("VmRSS");
        long peak = memoryKiB("VmHWM");

        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median =
                sorted.length % 2 == 1
                        ? sorted[sorted.length / 2]
                        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        double min = sorted[0];
        double max = sorted[sorted.length - 1];
        double imagesPerSecond = batch * 1000.0 / median;

        if (json.on()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("mode", mode.toLowerCase(Locale.ROOT));
            out.put("backbone", def.backbone().cliName());
            out.put("stem", def.stem().cliName());
            out.put("avgDown", def.avgDown());
            out.put("variant", def.variant().cliName());
            out.put("prediction", def.prediction().name().toLowerCase(Locale.ROOT));
            out.put("size", network.size);
            out.put("batch", batch);
            out.put("iters", iters);
            out.put("warmup", warmup);
            Map<String, Double> stats = new LinkedHashMap<>();
            stats.put("min", round(min));
            stats.put("median", round(median));
            stats.put("max", round(max));
            out.put("msPerIter", stats);
            out.put("imagesPerSecond", round(imagesPerSecond));
            out.put("peakRssMiB", peak < 0 ? null : round(peak / 1024.0));
            Map<String, @Nullable Double> rss = new LinkedHashMap<>();
            rss.put("beforeWarmup", rssBeforeWarmup < 0 ? null : round(rssBeforeWarmup / 1024.0));
            rss.put("afterWarmup", rssAfterWarmup < 0 ? null : round(rssAfterWarmup / 1024.0));
            rss.put("end", rssEnd < 0 ? null : round(rssEnd / 1024.0));
            out.put("rssMiB", rss);
            out.put("engine", runtime.engine());
            out.put("engineVersion", runtime.engineVersion());
            out.put("threads", runtime.threads());
            out.put("cores", runtime.cores());
            out.put("foldBatchNorm", foldBn);
            // The allocator settings change these timings by up to 2x (docs/performance.md).
            String tunables = System.getenv("GLIBC_TUNABLES");
            out.put("glibcTunables", tunables == null ? "unset" : tunables);
            if (trace != null) {
                Map<String, Object> prof = new LinkedHashMap<>();
                prof.put("trace", trace.toAbsolutePath().toString());
                List<Map<String, Object>> rows = new ArrayList<>();
                for (EngineProfiler.Row r : profileRows) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("type", r.type());
                    row.put("msPerPass", round(r.ms()));
                    row.put("share", round(r.share()));
                    row.put("calls", r.calls());
                    row.put("allocatedMiB", round(r.allocMiB()));
                    rows.add(row);
                }
                prof.put("layers", rows);
                prof.put("phasePeakRssMiB", phasePeaks);
                out.put("profile", prof);
            }
            out.put("numClasses", def.numClasses());
            out.put("heads", def.heads());
            out.put("baseWidth", def.width());
            Json.print(System.out, out);
        } else {
            System.out.printf(
                    Locale.ROOT,
                    "%s %s-%s %dx%d batch %d: median %.1f ms (min %.1f, max %.1f) per pass,"
                            + " %.2f images/s, peak RSS %s MiB; %s, %d threads%n",
                    mode,
                    def.variant().cliName(),
                    def.backbone().cliName(),
                    network.size,
                    network.size,
                    batch,
                    median,
                    min,
                    max,
                    imagesPerSecond,
                    peak < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", peak / 1024.0),
                    runtime.engine(),
                    runtime.threads());
        }
        if (trace != null && !json.on()) {
            System.out.printf(
                    Locale.ROOT,
                    "%nwhere the time goes (%s, %s; trace %s):%n",
                    engineName,
                    mode,
                    trace);
            System.out.println("| layer type | ms per pass | share | operator calls |");
            System.out.println("|---|---:|---:|---:|");
            for (EngineProfiler.Row r : profileRows) {
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %.1f | %.1f%% | %d |%n",
                        r.type(),
                        r.ms(),
                        100 * r.share(),
                        r.calls());
            }
            phasePeaks.forEach(
                    (k, v) ->
                            System.out.printf(Locale.ROOT, "peak RSS during %s: %.0f MiB%n", k, v));
        }
        return 0;
    }

    /** One timed unit of work; it creates everything it needs from the given step manager. */
    private interface Step {
        void run(NDManager stepManager);
    }

    /** One timed pass: its wall time in milliseconds. */
    private interface Timed {
        double time();
    }

    /** Runs one step in a fresh sub-manager and returns its wall time in milliseconds. */
    private static double run(Step step, NDManager base) {
        try (NDManager sub = base.newSubManager()) {
            long t0 = System.nanoTime();
            step.run(sub);
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    /** The network exported in memory and run by the route's ONNX Runtime block. */
    private static SANetModel onnxRuntime(SANet def, Model model) throws IOException {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < def.numClasses(); k++) {
            names.add("class" + k);
        }
        // transfer closes the view's model once exported; the caller's close then does nothing.
        SANetModel source =
                SANetModel.of(
                        def, model, names, new int[def.numClasses()], 520, 480, new JsonObject());
        return OnnxRuntimeEngine.transfer(
                source, OnnxExport.builder().build(), ai.djl.Device.cpu());
    }

    private static Step inferStep(Block block, ParameterStore ps, Shape input) {
        return sub -> {
            NDArray x = sub.randomNormal(input);
            // The prediction route's pass: only the heads the definition's prediction reads.
            NDList out = block.forward(ps, new NDList(x), false, PredictionOnly.params());
            // MXNet runs asynchronously: reading a value waits for the whole pass.
            for (NDArray o : out) {
                o.sum().getFloat();
            }
        };
    }

    /** Whether the passes now run under the profiler (then the train step records phase peaks). */
    private boolean profiling;

    /** Resets the kernel's peak-RSS counter of this process (Linux: clear_refs 5). */
    private void resetPeak() {
        if (!profiling) {
            return;
        }
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException e) {
            // Not Linux, or not allowed: the phase peaks stay whole-run peaks.
        }
    }

    /** Records the peak RSS since the last reset under {@code name}, then resets it. */
    private void phase(Map<String, Double> peaks, String name) {
        if (!profiling) {
            return;
        }
        double mib = memoryKiB("VmHWM") / 1024.0;
        peaks.merge(name, round(mib), Math::max);
        resetPeak();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /**
     * Reads a memory figure of this process from {@code /proc/self/status}.
     *
     * @param field {@code VmHWM} (peak resident set) or {@code VmRSS} (current)
     * @return the value in KiB, or -1 where the file does not exist (not Linux)
     */
    static long memoryKiB(String field) {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(
                            line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
