package dev.sanet.examples.cli;

import dev.sanet.core.Engines;
import dev.sanet.core.NativeBundle;
import dev.sanet.core.RuntimeInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code sanet version}: versions of sanet, DJL and the engine in use, every engine with its
 * version and devices, threads.
 */
@Command(
        mixinStandardHelpOptions = true,
        name = "version",
        description = "Prints the versions of sanet, DJL and the engine, the devices and threads.")
final class VersionCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin EngineOption engine = new EngineOption();

    @Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() {
        RuntimeInfo info = RuntimeInfo.current(engine.name());
        if (json.on()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("sanet", info.sanet());
            out.put("djl", info.djl());
            out.put("engine", info.engine());
            out.put("engineVersion", info.engineVersion());
            out.put("devices", info.devices());
            out.put("gpus", info.gpus());
            out.put("threads", info.threads());
            out.put("ompNumThreadsSet", info.ompThreadsSet());
            out.put("cores", info.cores());
            List<Map<String, Object>> engines = new ArrayList<>();
            for (RuntimeInfo.EngineInfo e : info.engines()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("name", e.name());
                one.put("version", e.version());
                one.put("nativeLibrary", nativeLibrary(e.name(), e.version()));
                one.put("devices", e.devices());
                one.put("gpus", e.gpus());
                one.put("default", e.name().equals(Engines.defaultEngine()));
                if (e.error() != null) {
                    one.put("error", e.error());
                }
                engines.add(one);
            }
            out.put("engines", engines);
            out.put("java", System.getProperty("java.version"));
            Json.print(System.out, out);
        } else {
            System.out.printf("sanet   %s%n", info.sanet());
            System.out.printf("DJL     %s%n", info.djl());
            System.out.printf(
                    "engine  %s (in use): %s%n",
                    info.engine(), nativeLibrary(info.engine(), info.engineVersion()));
            for (RuntimeInfo.EngineInfo e : info.engines()) {
                System.out.printf(
                        "        %-8s %s, devices %s%s%n",
                        e.name(),
                        e.version() == null ? "unavailable" : nativeLibrary(e.name(), e.version()),
                        e.devices().isEmpty() ? "none" : String.join(", ", e.devices()),
                        e.error() == null ? "" : " (" + e.error() + ")");
            }
            System.out.printf(
                    "threads %d%s (cores %d)%n",
                    info.threads(),
                    info.ompThreadsSet() ? " (OMP_NUM_THREADS)" : " (default)",
                    info.cores());
            System.out.printf("java    %s%n", System.getProperty("java.version"));
        }
        return 0;
    }

    /**
     * The engine's native library: the bundled artifact and version, with what the library itself
     * reports where that differs (libmxnet 1.9.1 says 1.9.0); the reported version alone for a
     * library loaded from elsewhere.
     */
    private static @Nullable String nativeLibrary(String engine, @Nullable String reported) {
        if (reported == null) {
            return null;
        }
        return NativeBundle.of(engine).map(b -> b.describe(reported)).orElse(reported);
    }
}
