package dev.sanet.core;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sanet.core.inference.ImagePreparation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code sanet.json} of a model directory says, read without loading the parameters: the
 * architecture, class names and colours, normalisation, base and crop sizes and the training
 * summary. {@link SANetModel#load} and DJL's model-zoo factories ({@code dev.sanet.core.zoo}) read
 * a directory through it, so both report a bad directory with the same messages.
 *
 * @param definition the architecture
 * @param classNames K class names, index = class id
 * @param colors K colours as {@code 0xRRGGBB}
 * @param preparation the normalisation ({@link ImagePreparation#IMAGENET} when none is recorded)
 * @param baseSize the training pipeline's base size
 * @param cropSize the training crop size
 * @param training how the model was trained (free-form JSON, possibly empty)
 */
public record ModelMetadata(
        SANet definition,
        List<String> classNames,
        int[] colors,
        ImagePreparation preparation,
        int baseSize,
        int cropSize,
        JsonObject training) {

    private static final Gson GSON = new Gson();

    /**
     * Reads {@code sanet.json} of a model directory and checks that the parameter file is there.
     *
     * @param dir the model directory
     * @return the metadata
     * @throws IOException when the directory, {@code sanet.json} or the parameter file is missing,
     *     unreadable or incompatible; the message names the file
     */
    public static ModelMetadata read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new ModelFileException(
                    dir,
                    "model directory "
                            + dir
                            + " does not exist: pass a folder written by sanet"
                            + " train or sanet demo (it holds sanet.json)");
        }
        Path metaFile = dir.resolve(SANetModel.METADATA);
        if (!Files.isRegularFile(metaFile)) {
            throw new ModelFileException(
                    metaFile, metaFile + " is missing: " + dir + " is not a sanet model directory");
        }
        JsonObject o;
        try {
            o = GSON.fromJson(Files.readString(metaFile, StandardCharsets.UTF_8), JsonObject.class);
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException(
                    metaFile, metaFile + " is not valid UTF-8 JSON (" + e.getMessage() + ")", e);
        }
        if (o == null || !o.has("formatVersion")) {
            throw new ModelFileException(
                    metaFile, metaFile + " has no formatVersion: not a sanet model file");
        }
        int version;
        try {
            version = o.get("formatVersion").getAsInt();
        } catch (RuntimeException e) {
            throw new ModelFileException(
                    metaFile, metaFile + " has an unreadable formatVersion", e);
        }
        if (version != SANetModel.FORMAT_VERSION) {
            throw new ModelFileException(
                    metaFile,
                    metaFile
                            + " has format version "
                            + version
                            + "; this sanet reads version "
                            + SANetModel.FORMAT_VERSION);
        }
        SANet def;
        List<String> names = new ArrayList<>();
        int[] colors;
        int baseSize;
        int cropSize;
        try {
            def = SANet.fromJson(o.getAsJsonObject("architecture"));
            JsonArray classes = o.getAsJsonArray("classes");
            colors = new int[classes.size()];
            for (int k = 0; k < classes.size(); k++) {
                JsonObject c = classes.get(k).getAsJsonObject();
                names.add(c.get("name").getAsString());
                colors[k] = Integer.parseInt(c.get("color").getAsString().substring(1), 16);
            }
            baseSize = o.get("baseSize").getAsInt();
            cropSize = o.get("cropSize").getAsInt();
        } catch (RuntimeException e) {
            throw new ModelFileException(
                    metaFile, metaFile + " is incompatible or damaged: " + e.getMessage(), e);
        }
        Path params = dir.resolve(SANetModel.NAME + "-0000.params");
        if (!Files.isRegularFile(params)) {
            throw new ModelFileException(
                    params, params + " is missing: the model directory is incomplete");
        }
        // Without a normalization entry the model was trained on the data pipeline's: ImageNet's.
        ImagePreparation preparation = ImagePreparation.IMAGENET;
        try {
            if (o.has("normalization")) {
                JsonObject norm = o.getAsJsonObject("normalization");
                preparation =
                        ImagePreparation.of(
                                GSON.fromJson(norm.get("mean"), float[].class),
                                GSON.fromJson(norm.get("std"), float[].class));
            }
        } catch (RuntimeException e) {
            throw new ModelFileException(
                    metaFile, metaFile + " has an unusable normalization: " + e.getMessage(), e);
        }
        JsonElement training = o.get("training");
        return new ModelMetadata(
                def,
                List.copyOf(names),
                colors,
                preparation,
                baseSize,
                cropSize,
                training != null && training.isJsonObject()
                        ? training.getAsJsonObject()
                        : new JsonObject());
    }
}
