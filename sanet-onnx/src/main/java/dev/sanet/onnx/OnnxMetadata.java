package dev.sanet.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.google.gson.Gson;
import dev.sanet.core.ModelFileException;
import dev.sanet.core.ModelMetadata;
import dev.sanet.core.Prediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code metadata_props} of an exported file: {@value #METADATA} holds the model folder's whole
 * {@code sanet.json}, so that a sanet reader rebuilds the model's metadata from the file alone; the
 * other keys repeat what a plain ONNX user needs to feed the graph and read its output, as JSON
 * values.
 */
public final class OnnxMetadata {

    /** The key of the model folder's {@code sanet.json} text. */
    public static final String METADATA = "sanet.metadata";

    /** The key of the class names, a JSON array (index = class id = output channel). */
    public static final String CLASSES = "classes";

    /** The key of the per-channel mean (R, G, B in [0, 1]), a JSON array. */
    public static final String MEAN = "mean";

    /** The key of the per-channel standard deviation, a JSON array. */
    public static final String STD = "std";

    /** The key of the training pipeline's base size (multi-scale reference). */
    public static final String BASE_SIZE = "base_size";

    /** The key of the training crop size (the sliding-window size). */
    public static final String CROP_SIZE = "crop_size";

    /** The key of the prediction the graph gives: {@code mask}, {@code dense} or {@code sum}. */
    public static final String PREDICTION = "prediction";

    private static final Gson GSON = new Gson();

    private OnnxMetadata() {}

    /**
     * The metadata entries for a model.
     *
     * @param metadata the model's metadata
     * @param prediction the prediction the graph gives
     * @return the entries, in a fixed order
     */
    static List<StringStringEntryProto> entries(ModelMetadata metadata, Prediction prediction) {
        List<StringStringEntryProto> out = new ArrayList<>();
        out.add(entry(METADATA, metadata.toJson()));
        out.add(entry(CLASSES, GSON.toJson(metadata.classNames())));
        out.add(entry(MEAN, GSON.toJson(metadata.preparation().mean())));
        out.add(entry(STD, GSON.toJson(metadata.preparation().std())));
        out.add(entry(BASE_SIZE, Integer.toString(metadata.baseSize())));
        out.add(entry(CROP_SIZE, Integer.toString(metadata.cropSize())));
        out.add(entry(PREDICTION, prediction.name().toLowerCase(Locale.ROOT)));
        return out;
    }

    /**
     * Reads the model's metadata back from an exported file's metadata properties (for example ONNX
     * Runtime's {@code session.getMetadata().getCustomMetadata()}).
     *
     * @param props the file's metadata properties
     * @param file the file, for the messages
     * @return the metadata of the model the file was exported from
     * @throws ModelFileException naming the file when it has no {@value #METADATA} entry or the
     *     entry is not a sanet model's {@code sanet.json}
     */
    public static ModelMetadata read(Map<String, String> props, Path file)
            throws ModelFileException {
        String json = props.get(METADATA);
        if (json == null) {
            throw new ModelFileException(
                    file,
                    file
                            + " has no '"
                            + METADATA
                            + "' metadata entry: not an ONNX file written by sanet export onnx");
        }
        return ModelMetadata.fromJson(json, file);
    }

    /**
     * The metadata properties of a model proto as a map.
     *
     * @param proto the model
     * @return key to value, in the file's order
     */
    public static Map<String, String> props(ModelProto proto) {
        Map<String, String> out = new LinkedHashMap<>();
        for (StringStringEntryProto e : proto.getMetadataPropsList()) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
