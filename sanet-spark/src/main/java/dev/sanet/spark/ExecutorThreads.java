package dev.sanet.spark;

import dev.sanet.core.Engines;
import dev.sanet.onnx.runtime.OnnxRuntimeEngine;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many threads one inference may use on an executor.
 *
 * <ul>
 *   <li>PyTorch: the executor's tasks run their forward passes at once, so each gets {@code
 *       spark.task.cpus} threads (1 by default) and the concurrent tasks ({@code
 *       spark.executor.cores / spark.task.cpus}) use the cores once. PyTorch reads {@code
 *       ai.djl.pytorch.num_threads} and {@code ai.djl.pytorch.num_interop_threads} when the engine
 *       starts: set here unless set already.
 *   <li>ONNX Runtime: as PyTorch, {@code spark.task.cpus} intra-op threads per task ({@code
 *       sanet.onnxruntime.threads}, set here unless set already); the NDArray work around the graph
 *       runs on MXNet as below.
 *   <li>MXNet: its imperative engine deadlocked with two task threads forwarding one shared model
 *       at once, so the tasks of an executor take turns at the forward pass and one inference
 *       should use all the executor's cores: MXNet reads {@code OMP_NUM_THREADS} when its library
 *       loads, which a running JVM cannot change, so set {@code spark.executorEnv.OMP_NUM_THREADS}
 *       to {@code spark.executor.cores} (the {@code sanet} launcher sets the machine's core count
 *       in local mode).
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
        } else if (Engines.ONNXRUNTIME.equals(engine)) {
            setDefault(OnnxRuntimeEngine.THREADS_PROPERTY, threads);
        } else if (System.getenv("OMP_NUM_THREADS") == null) {
            LOG.info(
                    "MXNet: OMP_NUM_THREADS is not set; set spark.executorEnv.OMP_NUM_THREADS to"
                            + " the executor's cores (its tasks take turns at the forward pass)");
        }
    }

    private static void setDefault(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
