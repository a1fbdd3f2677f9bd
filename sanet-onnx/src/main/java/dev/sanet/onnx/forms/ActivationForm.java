package dev.sanet.onnx.forms;

import ai.djl.nn.LambdaBlock;
import dev.sanet.onnx.OnnxExportException;
import java.util.List;

/**
 * The activation blocks sanet uses, DJL lambda blocks known by their names: {@code ReLU} ({@code
 * Activation.reluBlock()}) as ONNX {@code Relu}, {@code sigmoid} as {@code Sigmoid}. Any other
 * lambda block is opaque code and is refused.
 */
final class ActivationForm implements BlockForm<LambdaBlock> {

    @Override
    public List<String> emit(Emission e, LambdaBlock block, List<String> inputs) {
        String op =
                switch (block.getName()) {
                    case "ReLU" -> "Relu";
                    case "sigmoid" -> "Sigmoid";
                    default ->
                            throw new OnnxExportException(
                                    "no ONNX form for lambda block '"
                                            + block.getName()
                                            + "' at '"
                                            + e.path()
                                            + "': only ReLU and sigmoid lambda blocks export");
                };
        return List.of(e.graph().op(op, e.path(), inputs.get(0)));
    }
}
