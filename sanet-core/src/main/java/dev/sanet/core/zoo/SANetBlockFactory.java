package dev.sanet.core.zoo;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import dev.sanet.core.ModelMetadata;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.inference.Segmenter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * DJL's {@link BlockFactory} for a sanet model directory: the network described by {@code
 * sanet.json}, initialised and wrapped in a {@link ProtocolBlock} under the protocol the Criteria
 * arguments select ({@link ProtocolArguments}); DJL then loads {@code sanet-0000.params} into it.
 * Named by {@code serving.properties} ({@code blockFactory=}), or passed as {@code
 * Criteria.optArgument("blockFactory", "dev.sanet.core.zoo.SANetBlockFactory")} for a directory
 * written before that file existed (together with {@code optOption("modelName", "sanet")}).
 */
public final class SANetBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    /** Creates the factory (DJL instantiates it by its class name). */
    public SANetBlockFactory() {}

    /**
     * Builds the network of a model directory under the chosen protocol.
     *
     * @param model the DJL model being loaded; its name must be {@code sanet}, the parameter file's
     *     prefix
     * @param modelPath the model directory
     * @param arguments Criteria's arguments: the protocol ({@link ProtocolArguments})
     * @return a {@link ProtocolBlock}
     * @throws IOException when {@code sanet.json} is missing or unusable
     * @throws IllegalArgumentException for a bad protocol argument, or a model name other than
     *     {@code sanet} (a directory without {@code serving.properties}), saying how to fix it
     */
    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments)
            throws IOException {
        ModelMetadata meta = ModelMetadata.read(modelPath);
        if (!SANetModel.NAME.equals(model.getName())) {
            throw new IllegalArgumentException(
                    "DJL looks for the parameters of "
                            + modelPath
                            + " under the name '"
                            + model.getName()
                            + "' but they are sanet-0000.params: upgrade the directory (load it"
                            + " with SANetModel.load and save it again, which writes"
                            + " serving.properties) or pass Criteria.optOption(\"modelName\","
                            + " \"sanet\")");
        }
        Protocol protocol = ProtocolArguments.parse(arguments, meta.predictionProtocol());
        SANet definition = meta.definition();
        Block network = definition.newBlock();
        network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 64, 64));
        Segmenter segmenter =
                Segmenter.builder(network, definition::predictionLogits)
                        .optProtocol(protocol)
                        .optPadValue(meta.preparation().black())
                        .build();
        return new ProtocolBlock(network, segmenter, definition.numClasses());
    }
}
