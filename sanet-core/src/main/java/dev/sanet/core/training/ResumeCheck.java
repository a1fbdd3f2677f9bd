package dev.sanet.core.training;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sanet.core.SANet;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether a checkpoint may be resumed by a configuration: the network's architecture and the
 * dataset it was trained on must be the ones the configuration names. A checkpoint stores the
 * configuration's metadata under {@code config}; the architecture there (written by the commands as
 * {@code SANet.toJson()}) is compared with the configuration's, or with its definition's when its
 * metadata has none, and the dataset with the metadata's {@code dataset}. Checkpoints without these
 * entries (bare-block runs, older runs) resume unchecked.
 */
final class ResumeCheck {

    private static final String[] KEYS = {"architecture", "dataset"};

    private ResumeCheck() {}

    /**
     * Refuses a checkpoint trained with another architecture or dataset.
     *
     * @param cp the checkpoint about to be resumed
     * @param config the run's configuration
     * @throws IncompatibleCheckpointException naming the first entry that differs
     */
    static void check(Checkpoint cp, TrainingConfig config) {
        JsonObject state = cp.state();
        if (!state.has("config") || !state.get("config").isJsonObject()) {
            return;
        }
        JsonObject saved = state.getAsJsonObject("config");
        JsonObject current = config.metadata();
        SANet definition = config.network().definition();
        if (!current.has("architecture") && definition != null) {
            current.add("architecture", definition.toJson());
        }
        for (String key : KEYS) {
            @Nullable JsonElement was = saved.get(key);
            @Nullable JsonElement now = current.get(key);
            if (was != null && !Objects.equals(was, now)) {
                throw new IncompatibleCheckpointException(
                        cp.dir(), key, was.toString(), String.valueOf(now));
            }
        }
    }
}
