package dev.sanet.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many threads one inference may use on an executor: {@code spark.task.cpus} (1 by default), so
 * that the executor's concurrent tasks ({@code spark.executor.cores / spark.task.cpus}) use its
 * cores once and do not oversubscribe them.
 *
 * <ul>
 *   <li>PyTorch reads {@code ai.djl.pytorch.num_threads} and {@code
 *       ai.djl.pytorch.num_interop_threads} when the engine starts: set here unless set already.
 *   <li>MXNet reads the environment variable {@code OMP_NUM_THREADS} when its library loads, which
 *       a running JVM cannot change: set {@code spark.executorEnv.OMP_NUM_THREADS} to the same
 *       value (the {@code sanet} launcher sets 1 for local mode).
 * </ul>
 */
public final class ExecutorThreads {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorThreads.class);

    private ExecutorThreads() {}

    /**
     * Threads per inference on this executor.
     *
     * @return {@code spark.task.cpus} of the running Spark environment, or 1 outside Spark
     */
    public static int perTask() {
        SparkEnv env = SparkEnv.get();
        if (env == null) {
            return 1;
        }
        SparkConf conf = env.conf();
        return Math.max(1, conf.getInt("spark.task.cpus", 1));
    }

    /**
     * Sets the engine's threads per inference before it starts.
     *
     * @param engine DJL's engine name
     */
    static void configure(String engine) {
        int threads = perTask();
        if ("PyTorch".equals(engine)) {
            setDefault("ai.djl.pytorch.num_threads", threads);
            setDefault("ai.djl.pytorch.num_interop_threads", 1);
        } else {
            String omp = System.getenv("OMP_NUM_THREADS");
            if (omp == null || !omp.equals(Integer.toString(threads))) {
                LOG.info(
                        "MXNet uses OMP_NUM_THREADS={} per inference; {} concurrent tasks per"
                                + " executor suggest {} (set spark.executorEnv.OMP_NUM_THREADS)",
                        omp,
                        "spark.executor.cores / spark.task.cpus",
                        threads);
            }
        }
    }

    private static void setDefault(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
