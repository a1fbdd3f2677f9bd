package dev.sanet.core;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Facts about the deep-learning runtime sanet runs on: library versions, the engine in use, every
 * supported engine with its devices, and the thread count. Immutable snapshot taken by {@link
 * #current()}.
 *
 * @param sanet the sanet version ({@code 0.1.0-SNAPSHOT} style), or {@code "dev"} when run from
 *     classes rather than a jar
 * @param djl the DJL version
 * @param engine the engine in use, {@code MXNet} by default ({@link Engines#defaultEngine()})
 * @param engineVersion the version that engine reports (MXNet 1.9.1 reports itself as 1.9.0)
 * @param devices the devices that engine can use, e.g. {@code cpu()}
 * @param gpus the number of GPUs that engine sees
 * @param threads the OpenMP thread count both engines use ({@code OMP_NUM_THREADS}, or the core
 *     count when unset; PyTorch's {@code ai.djl.pytorch.num_threads} overrides it for PyTorch)
 * @param ompThreadsSet whether {@code OMP_NUM_THREADS} was set before the JVM started
 * @param cores the processors the JVM sees
 * @param engines every supported engine, in {@link Engines#supported()} order
 */
public record RuntimeInfo(
        String sanet,
        String djl,
        String engine,
        String engineVersion,
        List<String> devices,
        int gpus,
        int threads,
        boolean ompThreadsSet,
        int cores,
        List<EngineInfo> engines) {

    /**
     * One engine as this JVM sees it.
     *
     * @param name DJL's engine name
     * @param version the version the engine reports, or null if it could not start
     * @param devices its devices ({@code cpu()}, {@code gpu(0)}, ...); empty if it could not start
     * @param gpus the GPUs it sees
     * @param error why it could not start, or null when it did
     */
    public record EngineInfo(
            String name,
            @Nullable String version,
            List<String> devices,
            int gpus,
            @Nullable String error) {}

    /**
     * Reads the current runtime with the default engine in use. Starts every supported engine if it
     * is not started yet, which extracts its native library into DJL's cache on first use (a few
     * seconds, no network access).
     *
     * @return the runtime facts
     */
    public static RuntimeInfo current() {
        return current(null);
    }

    /**
     * Reads the current runtime with the named engine in use. Starts every supported engine if it
     * is not started yet.
     *
     * @param engine {@code mxnet} or {@code pytorch}, or null for {@link Engines#defaultEngine()}
     * @return the runtime facts
     * @throws IllegalArgumentException for an unknown engine name
     * @throws IllegalStateException if the engine in use cannot start
     */
    public static RuntimeInfo current(@Nullable String engine) {
        return current(engine, true);
    }

    /**
     * Reads the current runtime with the named engine in use, starting only that engine unless
     * {@code allEngines} (each engine's native library costs memory once started).
     *
     * @param engine {@code mxnet} or {@code pytorch}, or null for {@link Engines#defaultEngine()}
     * @param allEngines whether to start and list every supported engine, or the one in use only
     * @return the runtime facts
     * @throws IllegalArgumentException for an unknown engine name
     * @throws IllegalStateException if the engine in use cannot start
     */
    public static RuntimeInfo current(@Nullable String engine, boolean allEngines) {
        String inUse = Engines.resolve(engine);
        List<EngineInfo> all = new ArrayList<>();
        EngineInfo chosen = null;
        for (String name : allEngines ? Engines.supported() : List.of(inUse)) {
            EngineInfo e = describe(name);
            all.add(e);
            if (name.equals(inUse)) {
                chosen = e;
            }
        }
        if (chosen == null || chosen.version() == null) {
            throw new IllegalStateException(
                    "the "
                            + inUse
                            + " engine could not start: "
                            + (chosen == null ? "unknown" : chosen.error()));
        }
        String omp = System.getenv("OMP_NUM_THREADS");
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = cores;
        boolean ompSet = false;
        if (omp != null && !omp.isBlank()) {
            try {
                threads = Integer.parseInt(omp.trim());
                ompSet = true;
            } catch (NumberFormatException e) {
                // The engines ignore a malformed value too and fall back to their default.
            }
        }
        return new RuntimeInfo(
                sanetVersion(),
                Engine.getDjlVersion(),
                chosen.name(),
                chosen.version(),
                chosen.devices(),
                chosen.gpus(),
                threads,
                ompSet,
                cores,
                List.copyOf(all));
    }

    private static EngineInfo describe(String name) {
        try {
            Engine engine = Engines.get(name);
            List<String> devices = new ArrayList<>();
            for (Device d : engine.getDevices()) {
                devices.add(d.toString());
            }
            return new EngineInfo(
                    engine.getEngineName(),
                    engine.getVersion(),
                    List.copyOf(devices),
                    engine.getGpuCount(),
                    null);
        } catch (RuntimeException e) {
            return new EngineInfo(name, null, List.of(), 0, String.valueOf(e.getMessage()));
        }
    }

    /**
     * The sanet version from the jar manifest.
     *
     * @return e.g. {@code 0.1.0-SNAPSHOT}, or {@code "dev"} when run from classes
     */
    public static String sanetVersion() {
        String v = RuntimeInfo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
