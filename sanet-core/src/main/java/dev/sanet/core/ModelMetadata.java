package dev.sanet.core;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sanet.core.data.Resolution;
import dev.sanet.core.inference.ImagePreparation;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.io.StrictJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code sanet.json} of a model folder says, read without loading the parameters: the
 * architecture, class names and colours, normalisation, training resolution (base and crop size)
 * and the training summary. This type owns the file's JSON form ({@link #toJson}, {@link
 * #fromJson}); {@link ModelFolder} owns where the file lives and how the folder is read and
 * written. {@link SANetModel#load} and DJL's model-zoo factories ({@code dev.sanet.core.zoo}) read
 * a folder through it, so both report a bad folder with the same messages.
 *
 * @param definition the architecture
 * @param classNames K class names, index = class id
 * @param colors K colours as {@code 0xRRGGBB}
 * @param preparation the normalisation ({@link ImagePreparation#IMAGENET} when none is recorded)
 * @param resolution the training resolution: base size and crop size
 * @param training how the model was trained (free-form JSON, possibly empty)
 */
public record ModelMetadata(
        SANet definition,
        List<String> classNames,
        int[] colors,
        ImagePreparation preparation,
        Resolution resolution,
        JsonObject training) {

    private static final Gson GSON = new Gson();

    private static final Gson PRETTY =
            StrictJson.builder().setPrettyPrinting().serializeNulls().create();

    /**
     * Copies the values and checks that they agree with each other.
     *
     * @param definition the architecture
     * @param classNames K class names
     * @param colors K colours
     * @param preparation the normalisation
     * @param resolution the training resolution
     * @param training the training summary
     * @throws IllegalArgumentException when the class names or colours are not K, the network's
     *     number of classes
     */
    public ModelMetadata {
        if (classNames.size() != definition.numClasses()) {
            throw new IllegalArgumentException(
                    "the network has "
                            + definition.numClasses()
                            + " classes but "
                            + classNames.size()
                            + " class names were given");
        }
        if (colors.length != classNames.size()) {
            throw new IllegalArgumentException(
                    "expected " + classNames.size() + " colours, got " + colors.length);
        }
        classNames = List.copyOf(classNames);
        colors = colors.clone();
        training = training.deepCopy();
    }

    /**
     * Reads {@code sanet.json} of a model folder and checks that the parameter file is there
     * ({@link ModelFolder#readMetadata()}; the manifest is not verified).
     *
     * @param dir the model folder
     * @return the metadata
     * @throws IOException when the folder, {@code sanet.json} or the parameter file is missing,
     *     unreadable or incompatible; the message names the file
     */
    public static ModelMetadata read(Path dir) throws IOException {
        return ModelFolder.of(dir).readMetadata();
    }

    /**
     * The colours.
     *
     * @return a copy of the K colours as {@code 0xRRGGBB}
     */
    @Override
    public int[] colors() {
        return colors.clone();
    }

    /**
     * The training summary.
     *
     * @return a copy
     */
    @Override
    public JsonObject training() {
        return training.deepCopy();
    }

    /**
     * The training pipeline's base size, the reference for multi-scale evaluation.
     *
     * @return {@code resolution().baseSize()}
     */
    public int baseSize() {
        return resolution.baseSize();
    }

    /**
     * The training crop size, the sliding-window size of evaluation.
     *
     * @return {@code resolution().cropSize()}
     */
    public int cropSize() {
        return resolution.cropSize();
    }

    /**
     * The protocol prediction uses unless told otherwise, the one rule that {@code sanet predict},
     * the {@code Criteria} translator, Spark, the demo and the examples share: one pass with each
     * image's long side scaled to this model's training base size (so that a 3000 x 2000 photo
     * meets the network at the scale its objects had in training), no flip, the training crop as
     * the sliding window, the default size bound ({@link Protocol#DEFAULT_MAX_SIDE}). The class map
     * comes back at the image's own size. A base size of 0 instead segments each image at its own
     * resolution ({@code sanet predict --base-size 0}).
     *
     * @return the protocol
     */
    public Protocol predictionProtocol() {
        return Protocol.builder().baseSize(baseSize()).cropSize(cropSize()).build();
    }

    /**
     * The content of {@code sanet.json}, pretty-printed as sanet writes it: format and version, the
     * sanet version that wrote it, the architecture, the classes with their colours, the
     * normalisation, {@code baseSize} and {@code cropSize}, the parameter file's name and the
     * training summary.
     *
     * @return the JSON text
     */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", ModelFolder.FORMAT);
        o.addProperty("formatVersion", ModelFolder.FORMAT_VERSION);
        o.addProperty("sanet", RuntimeInfo.sanetVersion());
        o.add("architecture", definition.toJson());
        JsonArray classes = new JsonArray();
        for (int k = 0; k < classNames.size(); k++) {
            JsonObject c = new JsonObject();
            c.addProperty("id", k);
            c.addProperty("name", classNames.get(k));
            c.addProperty("color", String.format(Locale.ROOT, "#%06x", colors[k] & 0xFFFFFF));
            classes.add(c);
        }
        o.add("classes", classes);
        JsonObject norm = new JsonObject();
        norm.add("mean", PRETTY.toJsonTree(preparation.mean()));
        norm.add("std", PRETTY.toJsonTree(preparation.std()));
        o.add("normalization", norm);
        o.addProperty("baseSize", resolution.baseSize());
        o.addProperty("cropSize", resolution.cropSize());
        o.addProperty("parameters", ModelFolder.PARAMETERS);
        o.add("training", training);
        return StrictJson.toJson(PRETTY, o);
    }

    /**
     * Parses the content of {@code sanet.json}: this version's and every earlier one (without
     * {@code normalization}: ImageNet's; an architecture without {@code stem}/{@code avgDown}: the
     * deep 64-64-128 stem with strided shortcuts).
     *
     * @param text the file's text
     * @param file the file, for the messages
     * @return the metadata
     * @throws ModelFileException naming the file when it is not JSON, has another format version,
     *     or lacks or garbles a setting
     */
    public static ModelMetadata fromJson(String text, Path file) throws ModelFileException {
        JsonObject o;
        try {
            o = GSON.fromJson(text, JsonObject.class);
        } catch (RuntimeException e) {
            throw new ModelFileException(
                    file, file + " is not valid UTF-8 JSON (" + e.getMessage() + ")", e);
        }
        if (o == null || !o.has("formatVersion")) {
            throw new ModelFileException(
                    file, file + " has no formatVersion: not a sanet model file");
        }
        int version;
        try {
            version = o.get("formatVersion").getAsInt();
        } catch (RuntimeException e) {
            throw new ModelFileException(file, file + " has an unreadable formatVersion", e);
        }
        if (version != ModelFolder.FORMAT_VERSION) {
            throw new ModelFileException(
                    file,
                    file
                            + " has format version "
                            + version
                            + "; this sanet reads version "
                            + ModelFolder.FORMAT_VERSION);
        }
        SANet def;
        List<String> names = new ArrayList<>();
        int[] colors;
        Resolution resolution;
        try {
            def = SANet.fromJson(o.getAsJsonObject("architecture"));
            JsonArray classes = o.getAsJsonArray("classes");
            colors = new int[classes.size()];
            for (int k = 0; k < classes.size(); k++) {
                JsonObject c = classes.get(k).getAsJsonObject();
                names.add(c.get("name").getAsString());
                colors[k] = Integer.parseInt(c.get("color").getAsString().substring(1), 16);
            }
            resolution = new Resolution(o.get("baseSize").getAsInt(), o.get("cropSize").getAsInt());
        } catch (RuntimeException e) {
            throw new ModelFileException(
                    file, file + " is incompatible or damaged: " + e.getMessage(), e);
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
                    file, file + " has an unusable normalization: " + e.getMessage(), e);
        }
        JsonElement training = o.get("training");
        try {
            return new ModelMetadata(
                    def,
                    names,
                    colors,
                    preparation,
                    resolution,
                    training != null && training.isJsonObject()
                            ? training.getAsJsonObject()
                            : new JsonObject());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(
                    file, file + " is incompatible or damaged: " + e.getMessage(), e);
        }
    }
}
