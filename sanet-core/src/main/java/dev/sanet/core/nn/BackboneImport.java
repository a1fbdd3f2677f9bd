package dev.sanet.core.nn;

import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.sanet.core.io.ParameterNames;
import dev.sanet.core.io.TensorFile;
import dev.sanet.core.io.WeightsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * The steps that the ImageNet importers of both backbone families share ({@link PretrainedWeights}
 * for the ResNets, {@link EfficientNetWeights} for the EfficientNets): the backbone's parameters,
 * checked before anything is read, and the copy once every check has passed. What differs, the
 * names and how a misfit is reported, stays with each importer.
 */
final class BackboneImport {

    private BackboneImport() {}

    /**
     * The backbone's parameters by sanet name, each initialised and float32.
     *
     * @param backbone the backbone
     * @return its parameters in block order
     * @throws IllegalStateException when a parameter has no value
     * @throws IllegalArgumentException when a parameter is not float32
     */
    static Map<String, Parameter> parameters(Block backbone) {
        Map<String, Parameter> params = ParameterNames.of(backbone);
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Parameter p = e.getValue();
            if (!p.isInitialized()) {
                throw new IllegalStateException(
                        "parameter " + e.getKey() + " has no value: initialize the backbone first");
            }
            if (p.getArray().getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException(
                        "parameter "
                                + e.getKey()
                                + " is "
                                + p.getArray().getDataType()
                                + ", not float32");
            }
        }
        return params;
    }

    /**
     * Copies each parameter's tensor from the file into the parameter. Called only once every
     * tensor has been matched and its shape checked, so that a misfit copies nothing.
     *
     * @param source the open weights file
     * @param file its path, for messages
     * @param params the parameters by sanet name
     * @param fileName the file's tensor name for a sanet name
     * @throws IOException when reading fails
     * @throws IllegalArgumentException when a tensor holds NaN or infinite values (a model holding
     *     them would fail every later load)
     */
    static void copy(
            TensorFile source,
            Path file,
            Map<String, Parameter> params,
            Function<String, String> fileName)
            throws IOException {
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            String name = fileName.apply(e.getKey());
            WeightsFile.copyInto(
                    TensorFile.requireFinite(file, name, source.readFloats(name)),
                    e.getValue().getArray());
        }
    }
}
