package dev.sanet.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.sanet.core.SANet;
import dev.sanet.core.io.TensorFile;
import dev.sanet.core.io.WeightsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code sanet weights inspect} says of sanet's own export of a model ({@link
 * WeightsFile#export}: the metadata {@code format} is {@value WeightsFile#FORMAT}, {@code
 * architecture} the network's definition, {@code classes} its class names): the network, the
 * classes and the tensors, read from the header without loading any value. An export of a bare
 * ResNet backbone has no architecture and is described by the ResNet reading.
 */
final class SanetExport {

    private SanetExport() {}

    /**
     * Prints what a sanet export holds, or nothing when the file is not one.
     *
     * @param file the weights file
     * @param json whether to print one JSON object
     * @return true when the file is a sanet export and was described
     * @throws UserException when it says it is one but its metadata does not parse
     * @throws IOException when the file cannot be read
     */
    static boolean inspect(Path file, boolean json) throws IOException {
        Map<String, String> meta;
        long tensors;
        long values = 0;
        try (TensorFile f = TensorFile.open(file)) {
            meta = f.metadata();
            // A bare backbone's export has no architecture: the ResNet reading describes it.
            if (!WeightsFile.FORMAT.equals(meta.get("format"))
                    || !meta.containsKey("architecture")) {
                return false;
            }
            tensors = f.tensors().size();
            for (TensorFile.Tensor t : f.tensors().values()) {
                values += t.shape().size();
            }
        } catch (IllegalArgumentException e) {
            return false; // not a file TensorFile reads: the ResNet path names the problem
        }
        JsonObject architecture;
        SANet definition;
        List<String> classes = new ArrayList<>();
        try {
            architecture = JsonParser.parseString(meta.get("architecture")).getAsJsonObject();
            definition = SANet.fromJson(architecture);
            String c = meta.get("classes");
            if (c != null) {
                JsonArray arr = JsonParser.parseString(c).getAsJsonArray();
                for (JsonElement e : arr) {
                    classes.add(e.getAsString());
                }
            }
        } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
            throw new UserException(
                    "--weights "
                            + file
                            + ": a sanet export whose metadata does not parse ("
                            + e.getMessage()
                            + "): export it again with sanet weights export",
                    e);
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("file", file.toString());
            o.put("format", WeightsFile.FORMAT);
            o.put("formatVersion", meta.get("formatVersion"));
            o.put("network", definition.toString());
            o.put("architecture", architecture.toString());
            o.put("classes", classes);
            o.put("tensors", tensors);
            o.put("parameters", values);
            Json.print(System.out, o);
        } else {
            System.out.println(
                    file
                            + ": sanet weights (format version "
                            + meta.get("formatVersion")
                            + ") of "
                            + definition);
            System.out.println(
                    classes.size()
                            + " classes: "
                            + String.join(", ", classes)
                            + "; "
                            + tensors
                            + " tensors, "
                            + values
                            + " values");
            System.out.println(
                    "import into a model of this architecture with: sanet weights import --model"
                            + " DIR --weights "
                            + file
                            + " --out NEW_DIR");
        }
        return true;
    }
}
