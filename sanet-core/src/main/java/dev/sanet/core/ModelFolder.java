package dev.sanet.core;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.sanet.core.io.AtomicFolder;
import dev.sanet.core.io.AtomicWrite;
import dev.sanet.core.io.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model folder on disk, the one owner of its format: the file names, how the folder is verified,
 * read and written. A folder holds
 *
 * <ul>
 *   <li>{@value #PARAMETERS}: DJL's parameter file of the model named {@value #MODEL_NAME}
 *       (engine-neutral: a model saved on one engine loads on the other);
 *   <li>{@value #METADATA}: the {@link ModelMetadata} (format version, architecture, classes,
 *       normalisation, training resolution, training summary);
 *   <li>{@value #SERVING}: what DJL's {@code Criteria} needs to load the folder ({@link
 *       ServingProperties});
 *   <li>{@value #MANIFEST}: the SHA-256 of the other files ({@link Manifest}), written last.
 * </ul>
 *
 * <p>Folders written by earlier versions load: without a manifest (not verified, a note on the
 * log), without {@value #SERVING} (loadable here, not through {@code Criteria} until saved again),
 * and with the older forms of {@value #METADATA} that {@link ModelMetadata#fromJson} reads.
 *
 * <p>{@link #write} replaces a folder atomically; {@link #open} verifies the manifest before any
 * file is parsed, so damage is reported as such; {@link #loadParameters} refuses NaN or infinite
 * values. Every failure is a {@link ModelFileException} naming the file (and parameter) at fault.
 */
public final class ModelFolder {

    private static final Logger LOG = LoggerFactory.getLogger(ModelFolder.class);

    /** The {@code format} value of {@value #METADATA}. */
    public static final String FORMAT = "sanet-model";

    /** The format version written into {@value #METADATA}, the only one read. */
    public static final int FORMAT_VERSION = 1;

    /** The metadata file. */
    public static final String METADATA = "sanet.json";

    /** The DJL model name, hence the parameter file's prefix. */
    public static final String MODEL_NAME = "sanet";

    /** The parameter file: DJL's name for epoch 0 of {@value #MODEL_NAME}. */
    public static final String PARAMETERS = MODEL_NAME + "-0000.params";

    /** The file through which DJL's model zoo loads the folder. */
    public static final String SERVING = "serving.properties";

    /** The checksum manifest, written last. */
    public static final String MANIFEST = Manifest.FILE;

    /** Every file of the format; a folder holding only these is a model folder. */
    public static final Set<String> FILES = Set.of(METADATA, PARAMETERS, SERVING, MANIFEST);

    /** Writes the parameter file into a folder being written. */
    @FunctionalInterface
    public interface ParameterWriter {
        /**
         * Writes {@value #PARAMETERS}.
         *
         * @param folder the folder being written, which exists
         * @param modelName {@value #MODEL_NAME}, the prefix of the parameter file
         * @throws IOException when writing fails
         */
        void write(Path folder, String modelName) throws IOException;
    }

    private final Path dir;

    private ModelFolder(Path dir) {
        this.dir = dir;
    }

    /**
     * The model folder at a path (nothing is read yet).
     *
     * @param dir the folder, existing or to be written
     * @return the folder
     */
    public static ModelFolder of(Path dir) {
        return new ModelFolder(dir);
    }

    /**
     * The folder's path.
     *
     * @return the path given to {@link #of}
     */
    public Path dir() {
        return dir;
    }

    /**
     * The metadata file.
     *
     * @return {@code dir/}{@value #METADATA}
     */
    public Path metadataFile() {
        return dir.resolve(METADATA);
    }

    /**
     * The parameter file.
     *
     * @return {@code dir/}{@value #PARAMETERS}
     */
    public Path parametersFile() {
        return dir.resolve(PARAMETERS);
    }

    /**
     * The serving properties.
     *
     * @return {@code dir/}{@value #SERVING}
     */
    public Path servingFile() {
        return dir.resolve(SERVING);
    }

    /**
     * The manifest.
     *
     * @return {@code dir/}{@value #MANIFEST}
     */
    public Path manifestFile() {
        return dir.resolve(MANIFEST);
    }

    /**
     * Verifies the folder and reads its metadata: the folder exists, the files listed in its
     * manifest match their checksums (a folder without a manifest is read with a note on the log),
     * {@value #METADATA} is readable and the parameter file is present.
     *
     * @return the metadata
     * @throws ModelFileException naming the missing, damaged or incompatible file
     */
    public ModelMetadata open() throws ModelFileException {
        requireDirectory();
        // Damage is reported as such (a checksum mismatch) before any file is parsed.
        verify();
        return readMetadata();
    }

    /**
     * Checks the files against the manifest.
     *
     * @return {@link Manifest.Status#VERIFIED}, or {@link Manifest.Status#ABSENT} for a folder
     *     saved before sanet wrote checksums (logged)
     * @throws ModelFileException naming the first missing or changed file, or a damaged manifest
     */
    public Manifest.Status verify() throws ModelFileException {
        try {
            Manifest.Status status = Manifest.verify(dir);
            if (status == Manifest.Status.ABSENT) {
                LOG.info(
                        "{} has no {} (saved before sanet wrote checksums): its files are not"
                                + " verified",
                        dir,
                        MANIFEST);
            }
            return status;
        } catch (IOException e) {
            throw new ModelFileException(
                    manifestFile(),
                    e.getMessage() + ": export the model again or restore it from a copy",
                    e);
        }
    }

    /**
     * Reads {@value #METADATA} and checks that the parameter file is there, without verifying the
     * manifest.
     *
     * @return the metadata
     * @throws ModelFileException when the folder, {@value #METADATA} or the parameter file is
     *     missing, unreadable or incompatible; the message names the file
     */
    public ModelMetadata readMetadata() throws ModelFileException {
        requireDirectory();
        Path metaFile = metadataFile();
        if (!Files.isRegularFile(metaFile)) {
            throw new ModelFileException(
                    metaFile, metaFile + " is missing: " + dir + " is not a sanet model directory");
        }
        String text;
        try {
            text = Files.readString(metaFile, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException(
                    metaFile, metaFile + " is not valid UTF-8 JSON (" + e.getMessage() + ")", e);
        }
        ModelMetadata meta = ModelMetadata.fromJson(text, metaFile);
        Path params = parametersFile();
        if (!Files.isRegularFile(params)) {
            throw new ModelFileException(
                    params, params + " is missing: the model directory is incomplete");
        }
        return meta;
    }

    /**
     * Loads the parameter file into a new DJL model holding a fresh block of the definition, and
     * refuses NaN or infinite values.
     *
     * @param definition the architecture read from {@value #METADATA}
     * @param engine DJL's engine name
     * @param device where the parameters live
     * @return the model, owned by the caller
     * @throws ModelFileException when the file is damaged or does not match the architecture, or
     *     holds a NaN or infinite value (naming the parameter)
     */
    public Model loadParameters(SANet definition, String engine, Device device)
            throws ModelFileException {
        Path params = parametersFile();
        Model model = Model.newInstance(MODEL_NAME, device, engine);
        try {
            Block block = definition.newBlock();
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 64, 64));
            model.load(dir, MODEL_NAME);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new ModelFileException(
                    params,
                    params
                            + " is damaged or does not match the architecture in "
                            + metadataFile()
                            + " ("
                            + reason(e)
                            + "): export the model again or restore it",
                    e);
        }
        try {
            FiniteParameters.require(model.getBlock(), params);
        } catch (ModelFileException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /**
     * Writes the folder: the parameter file, {@value #SERVING}, {@value #METADATA} and, last,
     * {@value #MANIFEST}. A folder that does not exist yet, or holds only a model folder's files,
     * is written atomically ({@link AtomicFolder}: a temporary sibling, then a rename), so a crash
     * or a full disk leaves the earlier model intact and never a half-written one. An existing
     * empty folder (e.g. a caller's own temporary folder) or one holding other files is written in
     * place, the manifest last, so that a half-written model fails verification.
     *
     * @param metadata what {@value #METADATA} says
     * @param engine DJL's engine name of the model, for {@value #SERVING}
     * @param parameters writes the parameter file
     * @throws IOException when writing fails
     */
    public void write(ModelMetadata metadata, String engine, ParameterWriter parameters)
            throws IOException {
        AtomicFolder.Body body = folder -> writeInto(folder, metadata, engine, parameters);
        if (!Files.exists(dir) || holdsOnlyModelFiles()) {
            AtomicFolder.write(dir, body);
        } else {
            body.write(dir);
        }
    }

    private static void writeInto(
            Path folder, ModelMetadata metadata, String engine, ParameterWriter parameters)
            throws IOException {
        Files.createDirectories(folder);
        parameters.write(folder, MODEL_NAME);
        ServingProperties.write(folder, engine);
        AtomicWrite.writeString(folder.resolve(METADATA), metadata.toJson());
        Manifest.write(folder);
    }

    /**
     * Whether the folder exists and holds a model folder's files and nothing else.
     *
     * @return true for a non-empty folder whose every entry is one of {@link #FILES}
     * @throws IOException when the folder cannot be listed
     */
    public boolean holdsOnlyModelFiles() throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            return !names.isEmpty() && FILES.containsAll(names);
        }
    }

    private void requireDirectory() throws ModelFileException {
        if (!Files.isDirectory(dir)) {
            throw new ModelFileException(
                    dir,
                    "model directory "
                            + dir
                            + " does not exist: pass a folder written by sanet"
                            + " train or sanet demo (it holds sanet.json)");
        }
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        String name = e.getClass().getSimpleName();
        return m == null || m.isBlank() ? name : name + ": " + m.strip();
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
