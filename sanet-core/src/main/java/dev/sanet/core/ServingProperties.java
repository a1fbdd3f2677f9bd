package dev.sanet.core;

import dev.sanet.core.io.AtomicWrite;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The {@code serving.properties} file of a model folder ({@link ModelFolder} names and writes it):
 * what DJL's model zoo ({@code Criteria.builder().optModelPath(dir)}) reads to load the directory
 * without the caller naming a sanet class. It holds
 *
 * <ul>
 *   <li>{@code engine}: the engine that saved the model ({@code Criteria.optEngine} overrides it;
 *       the parameter file loads on either engine);
 *   <li>{@code option.modelName=sanet}: the parameter file's prefix, {@code sanet-0000.params} (DJL
 *       would otherwise look for one named after the folder);
 *   <li>{@code translatorFactory}: {@value #TRANSLATOR_FACTORY} (images to category masks or class
 *       scores);
 *   <li>{@code blockFactory}: {@value #BLOCK_FACTORY} (the network from {@code sanet.json}, run
 *       under the protocol given by Criteria arguments).
 * </ul>
 *
 * <p>The factories are named as strings: they live in {@code dev.sanet.core.zoo}, above this
 * package.
 */
public final class ServingProperties {

    /** The file name DJL looks for: {@link ModelFolder#SERVING}. */
    public static final String FILE = ModelFolder.SERVING;

    /** The class of the translator factory. */
    public static final String TRANSLATOR_FACTORY = "dev.sanet.core.zoo.SANetTranslatorFactory";

    /** The class of the block factory. */
    public static final String BLOCK_FACTORY = "dev.sanet.core.zoo.SANetBlockFactory";

    private ServingProperties() {}

    /**
     * The content of the file for a model saved by an engine.
     *
     * @param engine DJL's engine name, e.g. {@code MXNet}
     * @return the properties
     */
    public static Properties of(String engine) {
        Properties p = new Properties();
        p.setProperty("engine", engine);
        p.setProperty("option.modelName", ModelFolder.MODEL_NAME);
        p.setProperty("translatorFactory", TRANSLATOR_FACTORY);
        p.setProperty("blockFactory", BLOCK_FACTORY);
        return p;
    }

    /**
     * The content of the file for a folder holding an exported ONNX file, {@code <modelName>.onnx}:
     * ONNX Runtime's engine, the model name and the translator factory, which reads the metadata
     * the file carries. No block factory: ONNX Runtime builds its own block.
     *
     * @param modelName the file's name without {@code .onnx}
     * @return the properties
     */
    public static Properties ofOnnx(String modelName) {
        Properties p = new Properties();
        p.setProperty("engine", Engines.ONNXRUNTIME);
        p.setProperty("option.modelName", modelName);
        p.setProperty("translatorFactory", TRANSLATOR_FACTORY);
        return p;
    }

    /**
     * Writes {@code serving.properties} into a model directory atomically (a temporary file renamed
     * over it).
     *
     * @param dir the model directory, which exists
     * @param engine DJL's engine name of the model
     * @throws IOException when writing fails
     */
    public static void write(Path dir, String engine) throws IOException {
        write(dir, of(engine));
    }

    /**
     * Writes given serving properties into a folder atomically, e.g. {@link #ofOnnx}'s.
     *
     * @param dir the folder, which exists
     * @param properties the content
     * @throws IOException when writing fails
     */
    public static void write(Path dir, Properties properties) throws IOException {
        StringWriter w = new StringWriter();
        try {
            properties.store(w, "sanet model directory: loadable through DJL's Criteria");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicWrite.writeBytes(
                dir.resolve(FILE), w.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
}
