package dev.sanet.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The class tables of PASCAL VOC 2012 and PASCAL Context, and the Context 459-to-59/60 mapping
 * (docs/pascal-data.md sections 1.3 and 3.2).
 *
 * <p>Context uses the <em>sorted original id</em> order of Encoding and mmseg: the k-th smallest of
 * the 59 original {@code labels.txt} ids becomes 59-class id {@code k} (background ignored) or
 * 60-class id {@code k + 1} (background = 0); every other original id (0 and the 400 unused
 * classes) is background.
 */
public final class PascalClasses {

    /** The 21 VOC classes, index = class id (0 background ... 20 tvmonitor). */
    public static final List<String> VOC =
            List.of(
                    "background",
                    "aeroplane",
                    "bicycle",
                    "bird",
                    "boat",
                    "bottle",
                    "bus",
                    "car",
                    "cat",
                    "chair",
                    "cow",
                    "diningtable",
                    "dog",
                    "horse",
                    "motorbike",
                    "person",
                    "pottedplant",
                    "sheep",
                    "sofa",
                    "train",
                    "tvmonitor");

    /** The largest original Context class id ({@code labels.txt} has ids 1..459). */
    public static final int CONTEXT_MAX_ID = 459;

    private static final int[] CONTEXT_IDS = {
        2, 9, 18, 19, 22, 23, 25, 31, 33, 34, 44, 45, 46, 59, 65, 68, 72, 80, 85, 98, 104, 105, 113,
        115, 144, 158, 159, 162, 187, 189, 207, 220, 232, 258, 259, 260, 284, 295, 296, 308, 324,
        326, 347, 349, 354, 355, 360, 366, 368, 397, 415, 416, 420, 424, 427, 440, 445, 454, 458
    };

    /** The 59 Context classes in sorted-original-id (alphabetical) order, 59-class ids 0..58. */
    public static final List<String> CONTEXT_59 =
            List.of(
                    "aeroplane",
                    "bag",
                    "bed",
                    "bedclothes",
                    "bench",
                    "bicycle",
                    "bird",
                    "boat",
                    "book",
                    "bottle",
                    "building",
                    "bus",
                    "cabinet",
                    "car",
                    "cat",
                    "ceiling",
                    "chair",
                    "cloth",
                    "computer",
                    "cow",
                    "cup",
                    "curtain",
                    "dog",
                    "door",
                    "fence",
                    "floor",
                    "flower",
                    "food",
                    "grass",
                    "ground",
                    "horse",
                    "keyboard",
                    "light",
                    "motorbike",
                    "mountain",
                    "mouse",
                    "person",
                    "plate",
                    "platform",
                    "pottedplant",
                    "road",
                    "rock",
                    "sheep",
                    "shelves",
                    "sidewalk",
                    "sign",
                    "sky",
                    "snow",
                    "sofa",
                    "table",
                    "track",
                    "train",
                    "tree",
                    "truck",
                    "tvmonitor",
                    "wall",
                    "water",
                    "window",
                    "wood");

    /** {@code background} followed by the 59 Context classes: 60-class ids 0..59. */
    public static final List<String> CONTEXT_60 = withBackground();

    private PascalClasses() {}

    /**
     * The 59 original Context ids, sorted; position k is 59-class id k.
     *
     * @return a new array of 59 ids in 2..458
     */
    public static int[] contextIds() {
        return CONTEXT_IDS.clone();
    }

    /**
     * The 460-entry lookup table from an original Context id (0..459) to a class id.
     *
     * @param withBackground {@code true} for the 60-class task (background = 0, classes 1..59),
     *     {@code false} for the 59-class task (classes 0..58, background = 255 = ignore)
     * @return a new array indexed by original id
     */
    public static int[] contextLookup(boolean withBackground) {
        int[] lut = new int[CONTEXT_MAX_ID + 1];
        Arrays.fill(lut, withBackground ? 0 : 255);
        for (int k = 0; k < CONTEXT_IDS.length; k++) {
            lut[CONTEXT_IDS[k]] = withBackground ? k + 1 : k;
        }
        return lut;
    }

    private static List<String> withBackground() {
        List<String> out = new ArrayList<>();
        out.add("background");
        out.addAll(CONTEXT_59);
        return List.copyOf(out);
    }
}
