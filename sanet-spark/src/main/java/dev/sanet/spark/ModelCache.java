package dev.sanet.spark;

import dev.sanet.core.Engines;
import dev.sanet.core.SANetModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of one JVM (a Spark executor, or the driver in local mode): each model directory and
 * engine is loaded once, on first use, and shared by every task of the executor for the JVM's
 * lifetime (DJL's model and its parameters are safe to share; each task makes its own {@code
 * Segmenter} and arrays, as DJL wants one predictor per thread). Not once per partition: a job of
 * many partitions loads the model as many times as there are executors.
 *
 * <p>Before the first load the engine's threads per inference are set from the executor's task
 * slots ({@link ExecutorThreads}), unless the user set them.
 */
public final class ModelCache {

    private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);

    private static final Map<String, SANetModel> MODELS = new ConcurrentHashMap<>();

    private static final AtomicInteger LOADS = new AtomicInteger();

    private ModelCache() {}

    /**
     * The model of a directory on an engine, loaded on first use.
     *
     * @param modelDir the model directory (as the executor sees it)
     * @param engine DJL's engine name, e.g. {@code MXNet}
     * @return the shared model; do not close it
     * @throws UncheckedIOException when the directory cannot be loaded
     */
    public static SANetModel get(String modelDir, String engine) {
        String key = Path.of(modelDir).toAbsolutePath().normalize() + "|" + engine;
        return MODELS.computeIfAbsent(
                key,
                k -> {
                    ExecutorThreads.configure(engine);
                    try {
                        long t0 = System.nanoTime();
                        SANetModel m = SANetModel.load(Path.of(modelDir), engine);
                        LOADS.incrementAndGet();
                        LOG.info(
                                "loaded {} on {} in {} ms",
                                modelDir,
                                Engines.canonical(engine),
                                (System.nanoTime() - t0) / 1_000_000);
                        return m;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /**
     * How many times this JVM has loaded a model.
     *
     * @return the count since the JVM started (or since {@link #clear()})
     */
    public static int loads() {
        return LOADS.get();
    }

    /** Closes and forgets every model and resets the load count (tests, end of a local run). */
    public static synchronized void clear() {
        MODELS.values().forEach(SANetModel::close);
        MODELS.clear();
        LOADS.set(0);
    }
}
