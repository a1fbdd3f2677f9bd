package dev.sanet.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Refuses loaded parameters holding NaN or infinite values: a damaged file or a diverged model
 * would otherwise predict garbage without a word. Counted in Java, one parameter at a time, so it
 * works on every engine (MXNet has no {@code isInfinite}).
 */
final class FiniteParameters {

    private FiniteParameters() {}

    /**
     * Checks every initialised floating-point parameter of a block.
     *
     * @param block the loaded block
     * @param file the parameter file, for the message
     * @throws ModelFileException naming the first bad parameter and the count of bad values
     */
    static void require(Block block, Path file) throws ModelFileException {
        for (var entry : block.getParameters()) {
            Parameter p = entry.getValue();
            if (!p.isInitialized()) {
                continue;
            }
            NDArray a = p.getArray();
            if (!a.getDataType().isFloating()) {
                continue;
            }
            float[] v;
            if (a.getDataType() == DataType.FLOAT32) {
                v = a.toFloatArray();
            } else {
                try (NDArray copy = a.toType(DataType.FLOAT32, true)) {
                    v = copy.toFloatArray();
                }
            }
            long nan = 0;
            long inf = 0;
            for (float x : v) {
                if (Float.isNaN(x)) {
                    nan++;
                } else if (Float.isInfinite(x)) {
                    inf++;
                }
            }
            if (nan + inf > 0) {
                throw new ModelFileException(
                        file,
                        String.format(
                                Locale.ROOT,
                                "%s: parameter %s holds %d NaN and %d infinite value(s) of %d:"
                                        + " the file is damaged or the model diverged; use an"
                                        + " earlier checkpoint",
                                file,
                                entry.getKey(),
                                nan,
                                inf,
                                v.length));
            }
        }
    }
}
