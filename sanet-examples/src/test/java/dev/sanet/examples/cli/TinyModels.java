package dev.sanet.examples.cli;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Small models saved for the CLI tests: untrained ones, enough for file checks, not for masks
 * ({@link MaskParity} saves one with random weights whose masks hold several classes).
 */
final class TinyModels {
    private TinyModels() {}

    /**
     * Saves an untrained 3-class ResNet18 SANet of width 8 (64 x 64 base and crop).
     *
     * @param dir the model directory
     * @param backbone the backbone
     * @return {@code dir}
     */
    static Path save(Path dir, Backbone backbone) throws IOException {
        SANet def = SANet.builder().backbone(backbone).width(8).numClasses(3).build();
        try (Model model = Model.newInstance("sanet")) {
            model.setBlock(def.newBlock());
            initialize(model);
            return save(dir, def, model);
        }
    }

    /** Initialises a model's block for 64 x 64 input, the size the saved models take. */
    static void initialize(Model model) {
        model.getBlock()
                .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 64, 64));
    }

    /**
     * Saves an initialised 3-class model as a model folder: classes bg, a and b, 64 x 64 base and
     * crop.
     *
     * @param dir the model directory
     * @param def the model's definition
     * @param model the model, its block initialised
     * @return {@code dir}
     */
    static Path save(Path dir, SANet def, Model model) throws IOException {
        SANetModel.of(
                        def,
                        model,
                        List.of("bg", "a", "b"),
                        new int[] {0, 0x800000, 0x008000},
                        64,
                        64,
                        new JsonObject())
                .save(dir);
        return dir;
    }
}
