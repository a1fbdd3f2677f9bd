package dev.sanet.core.training;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import dev.sanet.core.io.StrictJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a run stands: the epochs done and their records, the global iteration, the newest
 * checkpoint, and how it started (fresh or from a checkpoint). It is what a checkpoint's {@code
 * checkpoint.json} holds besides the configuration, and what {@link TrainingSummary} reports.
 */
final class RunState {

    static final Gson GSON = StrictJson.builder().setPrettyPrinting().serializeNulls().create();

    private final List<EpochRecord> history = new ArrayList<>();
    private final int startEpoch;
    private long iteration;
    private long resumedSteps;
    private @Nullable Path lastCheckpoint;
    private boolean interrupted;

    private RunState(int startEpoch, long iteration) {
        this.startEpoch = startEpoch;
        this.iteration = iteration;
    }

    /**
     * A run from epoch 0.
     *
     * @return the state
     */
    static RunState fresh() {
        return new RunState(0, 0);
    }

    /**
     * The state a checkpoint was written in: its epoch, iteration and history; for a checkpoint
     * written by an interrupt, the steps of the next epoch already done.
     *
     * @param cp the checkpoint
     * @param history the history it holds, as its task reads it
     * @return the state
     */
    static RunState of(Checkpoint cp, List<EpochRecord> history) {
        RunState s = new RunState(cp.epoch(), cp.iteration());
        JsonObject o = cp.state();
        if (!cp.completeEpoch() && o.has("stepsInEpoch")) {
            s.resumedSteps = o.get("stepsInEpoch").getAsLong();
        }
        s.history.addAll(history);
        s.lastCheckpoint = cp.dir();
        return s;
    }

    /**
     * The history of a segmentation checkpoint: its {@code history} as epoch records.
     *
     * @param state the checkpoint's state
     * @return the epochs, in order; none when it holds no history
     */
    static List<EpochRecord> readHistory(JsonObject state) {
        if (!state.has("history")) {
            return List.of();
        }
        return GSON.fromJson(state.get("history"), new TypeToken<List<EpochRecord>>() {}.getType());
    }

    /** Completed epochs when the run started. */
    int startEpoch() {
        return startEpoch;
    }

    /** Completed epochs now. */
    int epochsDone() {
        return history.isEmpty() ? startEpoch : history.get(history.size() - 1).epoch();
    }

    /** The global iteration of the next step (0-based). */
    long iteration() {
        return iteration;
    }

    /** Counts one optimizer step. */
    void stepped() {
        iteration++;
    }

    /**
     * The steps of the coming epoch that a resumed, interrupted run already did; asking resets it,
     * since only the first epoch of a run skips steps.
     */
    long takeResumedSteps() {
        long n = resumedSteps;
        resumedSteps = 0;
        return n;
    }

    /** Every epoch so far, earlier runs' included. */
    List<EpochRecord> history() {
        return history;
    }

    /** Adds a finished epoch. */
    void add(EpochRecord record) {
        history.add(record);
    }

    @Nullable Path lastCheckpoint() {
        return lastCheckpoint;
    }

    void checkpointed(Path dir) {
        this.lastCheckpoint = dir;
    }

    boolean interrupted() {
        return interrupted;
    }

    void interrupt() {
        this.interrupted = true;
    }

    /**
     * What a segmentation checkpoint stores besides epoch and iteration: the configuration's
     * metadata under {@code config}, the history and the run's settings under {@code recipe}.
     *
     * @param config the run's configuration
     * @param history every epoch so far
     * @return a new object
     */
    static JsonObject checkpointState(TrainingConfig config, List<EpochRecord> history) {
        JsonObject state = new JsonObject();
        state.add("config", config.metadata());
        state.add("history", GSON.toJsonTree(history));
        state.add("recipe", recipeJson(config));
        return state;
    }

    /**
     * The run's settings as JSON, stored in checkpoints under {@code recipe}: the recipe's and the
     * run's micro-batches, validation interval, engine and devices, under the names checkpoints
     * have always used.
     *
     * @param config the run's configuration
     * @return a new object
     */
    static JsonObject recipeJson(TrainingConfig config) {
        JsonObject o = config.recipe().toJson();
        o.addProperty("microBatches", config.microBatches());
        o.addProperty("validateEvery", config.validateEvery());
        o.addProperty("engine", config.engine());
        JsonArray ds = new JsonArray();
        config.devices().forEach(d -> ds.add(d.toString()));
        o.add("devices", ds);
        return o;
    }

    /**
     * The summary of the run so far.
     *
     * @param seconds wall-clock seconds of this run
     * @param outputDir the run folder, or null
     * @return the summary
     */
    TrainingSummary summary(double seconds, @Nullable Path outputDir) {
        return new TrainingSummary(
                startEpoch,
                epochsDone(),
                iteration,
                seconds,
                List.copyOf(history),
                interrupted,
                lastCheckpoint,
                outputDir);
    }
}
