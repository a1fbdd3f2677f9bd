package dev.sanet.core.training;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.sanet.core.io.AtomicFolder;
import dev.sanet.core.io.Manifest;
import dev.sanet.core.io.StrictJson;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training checkpoint on disk: a folder {@code checkpoints/epoch-NNNN} holding the block's
 * parameters ({@code parameters.bin}, DJL's block format), the optimizer's state ({@code
 * optimizer.safetensors}: SGD's momentum buffers or Adam's moments, by stable parameter name) and
 * {@code checkpoint.json} (epoch, iteration, the run's configuration and recipe, the history so
 * far). Parameters, optimizer state and schedule together make a resumed run continue exactly as
 * the uninterrupted one would have.
 *
 * <p>Written atomically ({@link AtomicFolder}): everything goes into a temporary folder that is
 * then renamed, so a crash never leaves a half-written checkpoint that {@link #newest} would pick.
 * A {@link Manifest} ({@code manifest.sha256}) is written last inside it; {@link #newest} skips a
 * checkpoint whose files no longer match it and falls back to the one before.
 *
 * @param dir the checkpoint folder
 * @param epoch completed epochs when it was written
 * @param iteration the global iteration count when it was written
 * @param completeEpoch false for a checkpoint written by an interrupt in the middle of an epoch
 * @param state the JSON metadata ({@code config}, {@code history}, ...)
 */
public record Checkpoint(
        Path dir, int epoch, long iteration, boolean completeEpoch, JsonObject state) {

    /** Name of the parameter file inside a checkpoint folder. */
    public static final String PARAMETERS = "parameters.bin";

    /** Name of the metadata file inside a checkpoint folder. */
    public static final String METADATA = "checkpoint.json";

    /**
     * Name of the optimizer-state file inside a checkpoint folder (absent in checkpoints written
     * before sanet saved it, or before the first step).
     */
    public static final String OPTIMIZER = "optimizer.safetensors";

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);

    private static final Pattern NAME = Pattern.compile("epoch-(\\d{1,9})(-partial)?");

    private static final Gson GSON = StrictJson.builder().setPrettyPrinting().create();

    /**
     * Writes a checkpoint of the parameters alone under {@code root/checkpoints}.
     *
     * @param root the run's output folder
     * @param block the initialised block whose parameters are saved
     * @param epoch completed epochs
     * @param iteration the global iteration count
     * @param completeEpoch false when interrupted mid-epoch
     * @param state extra metadata to store ({@code config}, {@code history}, ...)
     * @return the written checkpoint
     * @throws IOException when writing fails (no partial checkpoint is left)
     */
    public static Checkpoint write(
            Path root,
            Block block,
            int epoch,
            long iteration,
            boolean completeEpoch,
            JsonObject state)
            throws IOException {
        return write(root, block, null, epoch, iteration, completeEpoch, state);
    }

    /** As {@link #write(Path, Block, int, long, boolean, JsonObject)}, with the optimizer state. */
    static Checkpoint write(
            Path root,
            Block block,
            @Nullable ResumableOptimizer optimizer,
            int epoch,
            long iteration,
            boolean completeEpoch,
            JsonObject state)
            throws IOException {
        String name = String.format("epoch-%04d%s", epoch, completeEpoch ? "" : "-partial");
        Path dir = root.resolve("checkpoints").resolve(name);
        JsonObject meta = state.deepCopy();
        meta.addProperty("epoch", epoch);
        meta.addProperty("iteration", iteration);
        meta.addProperty("completeEpoch", completeEpoch);
        AtomicFolder.write(
                dir,
                tmp -> {
                    try (OutputStream os = Files.newOutputStream(tmp.resolve(PARAMETERS));
                            DataOutputStream dos =
                                    new DataOutputStream(new BufferedOutputStream(os))) {
                        block.saveParameters(dos);
                    }
                    if (optimizer != null) {
                        optimizer.save(block, tmp.resolve(OPTIMIZER));
                    }
                    Files.writeString(
                            tmp.resolve(METADATA),
                            StrictJson.toJson(GSON, meta),
                            StandardCharsets.UTF_8);
                    Manifest.write(tmp);
                });
        return new Checkpoint(dir, epoch, iteration, completeEpoch, meta);
    }

    /**
     * Finds the newest intact checkpoint under {@code root/checkpoints}: the highest iteration
     * count among those whose files match their manifest ({@link Manifest}; checkpoints written
     * before manifests are taken as they are) and whose metadata parses. A damaged newer checkpoint
     * is skipped with a warning naming it and what is wrong, so {@code --resume} falls back to the
     * one before. Stale temporary folders of interrupted writes are removed first.
     *
     * @param root the run's output folder
     * @return the checkpoint, or empty when there is none intact
     * @throws IOException when the checkpoints folder cannot be listed
     */
    public static Optional<Checkpoint> newest(Path root) throws IOException {
        Path parent = root.resolve("checkpoints");
        if (!Files.isDirectory(parent)) {
            return Optional.empty();
        }
        removeStale(parent);
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, "epoch-*")) {
            s.forEach(dirs::add);
        }
        List<Checkpoint> intact = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        for (Path d : dirs) {
            try {
                Checkpoint c = read(d);
                if (c != null) {
                    intact.add(c);
                }
            } catch (IOException | RuntimeException e) {
                damaged.add(d.getFileName() + " (" + e.getMessage() + ")");
                LOG.warn("checkpoint {} is damaged and is not used: {}", d, e.getMessage());
            }
        }
        Checkpoint best = null;
        for (Checkpoint c : intact) {
            if (best == null || c.iteration() > best.iteration()) {
                best = c;
            }
        }
        if (best != null && !damaged.isEmpty()) {
            LOG.warn(
                    "falling back to the newest intact checkpoint {} (skipped: {})",
                    best.dir(),
                    String.join("; ", damaged));
        }
        return Optional.ofNullable(best);
    }

    /**
     * Removes the temporary and set-aside folders ({@code .NAME.HEX.tmp}, {@code .NAME.HEX.old})
     * that an interrupted {@link AtomicFolder#write} left in a folder.
     *
     * @param folder the folder that holds checkpoints (or model directories)
     * @return how many were removed
     * @throws IOException when one cannot be deleted
     */
    public static int removeStale(Path folder) throws IOException {
        return AtomicFolder.removeStale(folder).size();
    }

    /**
     * Deletes all but the newest {@code keep} checkpoints under {@code root/checkpoints}, so that a
     * long run does not fill the disk: newest by progress ({@code epoch-NNNN-partial}, written by
     * an interrupt after {@code NNNN} epochs, comes after {@code epoch-NNNN}). {@code current}, the
     * checkpoint just written and the one {@code --resume} takes, is never deleted; folders of
     * other names are left alone.
     *
     * @param root the run's output folder
     * @param keep how many to keep, at least 1; 0 keeps all
     * @param current the checkpoint just written
     * @return the folders deleted, oldest first
     * @throws IOException when one cannot be listed or deleted
     */
    public static List<Path> prune(Path root, int keep, Path current) throws IOException {
        Path folder = root.resolve("checkpoints");
        if (keep <= 0 || !Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> all = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, "epoch-*")) {
            for (Path p : s) {
                if (progress(p) >= 0 && Files.isDirectory(p)) {
                    all.add(p);
                }
            }
        }
        all.sort(Comparator.comparingLong(Checkpoint::progress));
        List<Path> deleted = new ArrayList<>();
        for (Path p : all.subList(0, Math.max(0, all.size() - keep))) {
            if (!p.equals(current)) {
                AtomicFolder.deleteTree(p);
                deleted.add(p);
            }
        }
        return deleted;
    }

    /** Orders checkpoint names by progress: 2 per epoch, a partial one after its epoch; -1 else. */
    private static long progress(Path dir) {
        Matcher m = NAME.matcher(dir.getFileName().toString());
        return m.matches() ? 2 * Long.parseLong(m.group(1)) + (m.group(2) == null ? 0 : 1) : -1;
    }

    private static @Nullable Checkpoint read(Path dir) throws IOException {
        Path meta = dir.resolve(METADATA);
        if (!Files.isRegularFile(meta) || !Files.isRegularFile(dir.resolve(PARAMETERS))) {
            return null;
        }
        Manifest.verify(dir);
        JsonObject o =
                GSON.fromJson(Files.readString(meta, StandardCharsets.UTF_8), JsonObject.class);
        if (o == null) {
            throw new IOException(meta + " is empty");
        }
        return new Checkpoint(
                dir,
                o.get("epoch").getAsInt(),
                o.get("iteration").getAsLong(),
                o.get("completeEpoch").getAsBoolean(),
                o);
    }

    /**
     * Loads the parameters into a block of the same architecture (before a trainer is created for
     * it).
     *
     * @param block the block, already initialised with the right shapes
     * @param manager the manager that owns the loaded arrays (the model's)
     * @throws IOException when the file cannot be read or does not match the block
     */
    public void loadInto(Block block, NDManager manager) throws IOException {
        try (InputStream is = Files.newInputStream(dir.resolve(PARAMETERS));
                DataInputStream dis = new DataInputStream(new BufferedInputStream(is))) {
            block.loadParameters(manager, dis);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            throw new IOException(
                    "checkpoint "
                            + dir.resolve(PARAMETERS)
                            + " is damaged or does not match this network's architecture ("
                            + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage())
                            + ")",
                    e);
        }
    }

    /**
     * Restores the optimizer's state saved with the checkpoint.
     *
     * @param optimizer the run's optimizer, before its first step
     * @param block the block, initialised and loaded from this checkpoint
     * @return false when the checkpoint holds no state for this optimizer (written before sanet
     *     saved it, or by another optimizer): the state then starts at zero
     * @throws IOException when the file cannot be read or does not fit the block
     */
    boolean loadOptimizerInto(ResumableOptimizer optimizer, Block block) throws IOException {
        Path file = dir.resolve(OPTIMIZER);
        return Files.isRegularFile(file) && optimizer.load(block, file);
    }
}
