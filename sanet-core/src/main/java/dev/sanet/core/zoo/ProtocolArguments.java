package dev.sanet.core.zoo;

import dev.sanet.core.inference.Protocol;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The evaluation protocol of a model loaded through DJL's {@code Criteria}, read from its arguments
 * ({@code Criteria.optArgument(name, value)}; a value may be a string or a number, a boolean or a
 * list):
 *
 * <ul>
 *   <li>{@value #SCALES}: the scales of the base size, comma-separated, e.g. {@code
 *       "0.75,1.0,1.25"} (default {@code 1.0});
 *   <li>{@value #FLIP}: {@code true} to add the horizontally flipped prediction (default false);
 *   <li>{@value #BASE_SIZE}: the long side at scale 1.0 in pixels, {@code -1} for the model's base
 *       size, {@code 0} for each image's own long side (default: the model's base size, the
 *       resolution it was trained at);
 *   <li>{@value #CROP} (or {@value #CROP_SIZE}): the sliding-window side, {@code -1} for the
 *       model's crop size, {@code 0} for no window (default -1);
 *   <li>{@value #MAX_SIDE}: the bound on an image's long side, {@code 0} for none (default {@value
 *       Protocol#DEFAULT_MAX_SIDE}); a larger image is segmented at a copy scaled to it and its
 *       classes scaled back up.
 *   <li>{@value #MAX_PIXELS}: the most pixels an input may declare in its header (default {@value
 *       Protocol#DEFAULT_MAX_PIXELS}); a larger one is refused before it is decoded.
 * </ul>
 *
 * <p>The defaults are the model's prediction protocol ({@code ModelMetadata.predictionProtocol()}),
 * those of {@code sanet predict}, so both give the same masks.
 */
public final class ProtocolArguments {

    /** The argument naming the scales. */
    public static final String SCALES = "scales";

    /** The argument switching flip on. */
    public static final String FLIP = "flip";

    /** The argument giving the base size. */
    public static final String BASE_SIZE = "baseSize";

    /** The argument giving the sliding-window side. */
    public static final String CROP = "crop";

    /** The argument giving the bound on an image's long side. */
    public static final String MAX_SIDE = "maxSide";

    /** The argument giving the most pixels an input may declare. */
    public static final String MAX_PIXELS = "maxPixels";

    /** Another name of {@value #CROP}. */
    public static final String CROP_SIZE = "cropSize";

    private ProtocolArguments() {}

    /**
     * The protocol the arguments select, with the defaults of a model of these sizes: its base size
     * as the long side, its crop size as the window.
     *
     * @param arguments Criteria's arguments (other keys are ignored)
     * @param modelBaseSize the model's base size, for {@code baseSize=-1} and by default
     * @param modelCropSize the model's crop size, for {@code crop=-1} and by default
     * @return the protocol
     * @throws IllegalArgumentException naming the argument and its bad value
     */
    public static Protocol parse(Map<String, ?> arguments, int modelBaseSize, int modelCropSize) {
        return parse(
                arguments,
                Protocol.builder().baseSize(modelBaseSize).cropSize(modelCropSize).build());
    }

    /**
     * The protocol the arguments select: each argument left out keeps the model's prediction
     * protocol's value, and {@code -1} for a size is the model's own.
     *
     * @param arguments Criteria's arguments (other keys are ignored)
     * @param model the model's prediction protocol ({@code ModelMetadata.predictionProtocol()})
     * @return the protocol
     * @throws IllegalArgumentException naming the argument and its bad value
     */
    public static Protocol parse(Map<String, ?> arguments, Protocol model) {
        List<Double> scales =
                arguments.get(SCALES) == null ? model.scales() : scales(arguments.get(SCALES));
        boolean flip = arguments.get(FLIP) == null ? model.flip() : flag(arguments.get(FLIP));
        int base = size(BASE_SIZE, arguments.get(BASE_SIZE), -1);
        Object cropValue = arguments.get(CROP);
        String cropName = CROP;
        if (cropValue == null) {
            cropValue = arguments.get(CROP_SIZE);
            cropName = CROP_SIZE;
        }
        int crop = size(cropName, cropValue, -1);
        int maxSide = size(MAX_SIDE, arguments.get(MAX_SIDE), model.maxSide());
        return model.toBuilder()
                .scales(scales)
                .flip(flip)
                .baseSize(base < 0 ? model.baseSize() : base)
                .cropSize(crop < 0 ? model.cropSize() : crop)
                .maxSide(Math.max(0, maxSide))
                .maxPixels(pixels(arguments.get(MAX_PIXELS)))
                .build();
    }

    private static List<Double> scales(@Nullable Object value) {
        if (value == null) {
            return List.of(1.0);
        }
        List<Object> items = new ArrayList<>();
        if (value instanceof Collection<?> c) {
            items.addAll(c);
        } else if (value instanceof Number n) {
            items.add(n);
        } else {
            for (String s : value.toString().split(",")) {
                items.add(s.trim());
            }
        }
        List<Double> out = new ArrayList<>();
        for (Object o : items) {
            try {
                double s =
                        o instanceof Number n ? n.doubleValue() : Double.parseDouble(o.toString());
                if (!(s > 0) || Double.isInfinite(s)) {
                    throw new NumberFormatException();
                }
                out.add(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "argument "
                                + SCALES
                                + "="
                                + value
                                + ": expected finite positive numbers separated by commas, e.g."
                                + " 0.75,1.0,1.25",
                        e);
            }
        }
        return out;
    }

    private static boolean flag(@Nullable Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String s = value.toString().trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default ->
                    throw new IllegalArgumentException(
                            "argument " + FLIP + "=" + value + ": expected true or false");
        };
    }

    private static long pixels(@Nullable Object value) {
        if (value == null) {
            return Protocol.DEFAULT_MAX_PIXELS;
        }
        try {
            long v =
                    value instanceof Number n
                            ? n.longValue()
                            : Long.parseLong(value.toString().trim());
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "argument "
                            + MAX_PIXELS
                            + "="
                            + value
                            + ": expected a pixel count of at least 1",
                    e);
        }
    }

    private static int size(String name, @Nullable Object value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            int v =
                    value instanceof Number n
                            ? Math.toIntExact(n.longValue())
                            : Integer.parseInt(value.toString().trim());
            if (v < -1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    "argument "
                            + name
                            + "="
                            + value
                            + ": expected pixels, 0, or -1 for the model's own size",
                    e);
        }
    }
}
