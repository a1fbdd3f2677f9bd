package dev.sanet.examples.cli;

import dev.sanet.core.inference.Protocol;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The note {@code sanet predict} prints for an image far from the resolution the model was trained
 * at: a network meets objects at the scale it learned them, so an image much larger or smaller than
 * the model's base size is scaled to it by default, and an image segmented at its own size ({@code
 * --base-size 0}) that far away will likely get wrong classes. "Far" is more than {@value #FAR}
 * times larger or smaller on the long side. The note names the flag that changes the behaviour,
 * once per run (later images are counted, for a last line).
 */
final class ResolutionNote {

    /** How many times larger or smaller than the model's base size an image is far from it. */
    static final double FAR = 2.0;

    private final int modelBase;
    private final Protocol protocol;
    private int far;

    /**
     * A note for one run.
     *
     * @param modelBase the model's training base size
     * @param protocol the protocol the run uses
     */
    ResolutionNote(int modelBase, Protocol protocol) {
        this.modelBase = modelBase;
        this.protocol = protocol;
    }

    /**
     * The note for an image, or null when it needs none or the run has said it already.
     *
     * @param input the image's name, for the message
     * @param width the image's width
     * @param height the image's height
     * @return one line, or null
     */
    @Nullable String note(String input, int width, int height) {
        int base = protocol.baseSize();
        if (base == 0) {
            int[] bounded = protocol.boundedSize(width, height);
            int side = Math.max(bounded[0], bounded[1]);
            if (!isFar(side, modelBase) || far++ > 0) {
                return null;
            }
            return String.format(
                    Locale.ROOT,
                    "sanet predict: %s is segmented at its own resolution (long side %d), %s the"
                            + " model's training size (long side %d), so its classes may be"
                            + " wrong; drop --base-size 0 to scale it to the model's size",
                    input,
                    side,
                    times(side, modelBase),
                    modelBase);
        }
        int side = Math.max(width, height);
        if (base != modelBase || !isFar(side, base) || far++ > 0) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "sanet predict: %s is %dx%d, %s the model's training size: segmenting it with the"
                        + " long side scaled to %d, as the model was trained, and the mask scaled"
                        + " back (--base-size 0 keeps the image's own resolution)",
                input,
                width,
                height,
                times(side, base),
                base);
    }

    /**
     * The last line of a run with more than one image far from the model's size, else null.
     *
     * @param images the run's images
     * @return one line, or null
     */
    @Nullable String summary(int images) {
        if (far < 2) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "sanet predict: %d of %d images were far from the model's training size (long"
                        + " side %d); the note above applies to each",
                far,
                images,
                modelBase);
    }

    /**
     * Whether the size bound's note ({@code --max-side}) says something: with a base size the image
     * is scaled to it anyway, so the bound only matters when a scale of the base exceeds it.
     *
     * @return true when the bound changes the resolution the network sees
     */
    boolean boundMatters() {
        double top = protocol.scales().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        return protocol.baseSize() == 0 || protocol.baseSize() * top > protocol.maxSide();
    }

    private static boolean isFar(int side, int base) {
        return side > FAR * base || side * FAR < base;
    }

    private static String times(int side, int base) {
        return side >= base
                ? String.format(Locale.ROOT, "%.1fx", (double) side / base)
                : String.format(Locale.ROOT, "1/%.1f of", (double) base / side);
    }
}
