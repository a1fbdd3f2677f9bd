package dev.sanet.examples.cli;

import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.Protocol;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The evaluation protocol's flags ({@code --scales --flip --base-size --crop --max-side
 * --max-pixels --fold-bn}), shared by the commands that run a saved model over images. Their ranges
 * are {@link Protocol.Builder#build()}'s: this class only resolves the sentinel -1 to the model's
 * own sizes, so a value out of range fails there, named by its flag (through {@link SettingFlags}).
 */
final class ProtocolOptions {

    /** The sentinel of {@code --base-size} and {@code --crop}: the model's own size. */
    static final int MODEL_SIZE = -1;

    @Option(
            names = "--scales",
            split = ",",
            paramLabel = "LIST",
            description =
                    "Scales of the base size, comma-separated (default: 1.0; the paper:"
                            + " 0.5,0.75,1.0,1.25,1.5,1.75).")
    List<Double> scales = List.of(1.0);

    @Option(names = "--flip", description = "Add the horizontally flipped prediction.")
    boolean flip;

    @Option(
            names = "--base-size",
            description =
                    "Long side at scale 1.0: -1 = the model's base size, the resolution it was"
                            + " trained at; 0 = each image's own long side (default:"
                            + " ${DEFAULT-VALUE}).")
    int baseSize = MODEL_SIZE;

    @Option(
            names = "--crop",
            description =
                    "Sliding-window side: -1 = the model's crop size, 0 = no window (default:"
                            + " ${DEFAULT-VALUE}).")
    int crop = MODEL_SIZE;

    @Option(
            names = "--max-side",
            paramLabel = "N",
            description =
                    "Segment an image whose long side exceeds N at a copy scaled to N, and scale"
                            + " its classes back up (nearest) to the image's own size; keeps memory"
                            + " bounded by N, not by the input. 0 = no limit (default:"
                            + " ${DEFAULT-VALUE}).")
    int maxSide = Protocol.DEFAULT_MAX_SIDE;

    @Option(
            names = "--max-pixels",
            paramLabel = "N",
            description =
                    "Refuse an image whose header declares more than N pixels, before decoding it;"
                            + " a smaller one much larger than --max-side is decoded subsampled"
                            + " (default: ${DEFAULT-VALUE}, 100 megapixels).")
    long maxPixels = Protocol.DEFAULT_MAX_PIXELS;

    @Option(
            names = "--fold-bn",
            description =
                    "Fold every batch norm into the convolution before it once the model is"
                            + " loaded: the same masks within float rounding (1e-4),"
                            + " about 10-15%% faster (docs/performance.md).")
    boolean foldBn;

    /**
     * Checks the flags before any work (a bad {@code --crop} once reached 24 GB): builds the
     * protocol with the sentinels standing for a size the builder accepts.
     *
     * @throws dev.sanet.core.settings.SettingException naming the setting out of range
     */
    void check() {
        build(baseSize == MODEL_SIZE ? 0 : baseSize, crop == MODEL_SIZE ? 0 : crop);
    }

    /**
     * The protocol for a model: its prediction protocol ({@link SANetModel#predictionProtocol()})
     * with the flags given; -1 becomes the model's base or crop size.
     *
     * @param model the loaded model
     * @return the protocol, with {@code maxSide}
     * @throws dev.sanet.core.settings.SettingException naming the setting out of range
     */
    Protocol protocol(SANetModel model) {
        Protocol own = model.predictionProtocol();
        return build(
                baseSize == MODEL_SIZE ? own.baseSize() : baseSize,
                crop == MODEL_SIZE ? own.cropSize() : crop);
    }

    /**
     * Whether {@code --fold-bn} was given.
     *
     * @return true to fold the batch norms once the model is loaded
     */
    boolean foldBn() {
        return foldBn;
    }

    private Protocol build(int base, int cropSize) {
        return Protocol.builder()
                .scales(scales)
                .flip(flip)
                .baseSize(base)
                .cropSize(cropSize)
                .maxSide(maxSide)
                .maxPixels(maxPixels)
                .build();
    }
}
