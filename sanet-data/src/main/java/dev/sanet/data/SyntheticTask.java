package dev.sanet.data;

import dev.sanet.core.settings.SettingException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.List;
import java.util.Random;

/**
 * A generated segmentation task whose classes are defined by shape <em>and</em> texture, never by
 * colour: learnable by a small CNN in minutes on a CPU, yet not solvable by colour or by either cue
 * alone (docs/data.md).
 *
 * <p>Classes (ids 0..5): {@code background}, {@code striped disc}, {@code dotted disc}, {@code
 * striped square}, {@code checkered square}, {@code dotted triangle}. Each image has a random
 * two-colour gradient background with pixel noise and {@code minObjects..maxObjects} objects, drawn
 * in order (later ones occlude earlier ones). Every object gets its own random pair of colours,
 * size, rotation, texture period and texture orientation. With probability {@code distractors} an
 * object is a <em>distractor</em>: a shape/texture pair that is not a class (checkered disc, dotted
 * square, striped or checkered triangle, or any flat-coloured shape), labelled background. So
 * stripes alone do not tell disc from square, a disc alone does not tell stripes from dots, and a
 * flat disc is background.
 *
 * <p>Generation is deterministic: item {@code index} of stream {@code stream} depends only on the
 * seed, the stream, the index and the options. Default size 128x128 (fast CPU training); any size
 * works (e.g. 500x375, VOC-sized): object sizes and texture periods scale with the shorter side.
 */
public final class SyntheticTask {

    /** The class names, index = class id. */
    public static final List<String> CLASSES =
            List.of(
                    "background",
                    "striped disc",
                    "dotted disc",
                    "striped square",
                    "checkered square",
                    "dotted triangle");

    private static final int DISC = 0;
    private static final int SQUARE = 1;
    private static final int TRIANGLE = 2;

    private static final int STRIPES = 0;
    private static final int DOTS = 1;
    private static final int CHECKS = 2;
    private static final int FLAT = 3;

    /** Shape and texture of classes 1..5. */
    private static final int[][] CLASS_KINDS = {
        {DISC, STRIPES}, {DISC, DOTS}, {SQUARE, STRIPES}, {SQUARE, CHECKS}, {TRIANGLE, DOTS}
    };

    /** Shape/texture pairs that are not classes: drawn as background. */
    private static final int[][] DISTRACTOR_KINDS = {
        {DISC, CHECKS},
        {SQUARE, DOTS},
        {TRIANGLE, STRIPES},
        {TRIANGLE, CHECKS},
        {DISC, FLAT},
        {SQUARE, FLAT},
        {TRIANGLE, FLAT}
    };

    private final int width;
    private final int height;
    private final int minObjects;
    private final int maxObjects;
    private final double distractors;
    private final double textureScale;
    private final long seed;

    private SyntheticTask(Builder b) {
        this.width = b.width;
        this.height = b.height;
        this.minObjects = b.minObjects;
        this.maxObjects = b.maxObjects;
        this.distractors = b.distractors;
        this.textureScale = b.textureScale;
        this.seed = b.seed;
    }

    /**
     * A builder with the defaults: 128x128, 1 to 3 objects, 15% distractors, seed 42.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The class names, index = class id.
     *
     * @return {@link #CLASSES}
     */
    public List<String> classNames() {
        return CLASSES;
    }

    /**
     * The number of classes, background included.
     *
     * @return 6
     */
    public int numClasses() {
        return CLASSES.size();
    }

    /**
     * The image width.
     *
     * @return the width in pixels
     */
    public int width() {
        return width;
    }

    /**
     * The image height.
     *
     * @return the height in pixels
     */
    public int height() {
        return height;
    }

    /**
     * The seed.
     *
     * @return the seed every item derives from
     */
    public long seed() {
        return seed;
    }

    /**
     * Generates one item (no void band; see {@link #voidBand}).
     *
     * @param stream an independent stream of items (e.g. 0 for train, 1 for val)
     * @param index the item index within the stream, from 0
     * @return the RGB image ({@code TYPE_3BYTE_BGR}) and its label map (ids 0..5)
     */
    public LabeledImage generate(int stream, long index) {
        Random rnd = new Random(Augmentation.mix(seed, index, 1_000_003L * stream + 17));
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int[] label = new int[width * height];
        float[] rgb = new float[3 * width * height];
        drawBackground(rgb, rnd);
        int objects = minObjects + rnd.nextInt(maxObjects - minObjects + 1);
        for (int o = 0; o < objects; o++) {
            drawObject(rgb, label, rnd);
        }
        for (int i = 0, p = 0; i < width * height; i++, p += 3) {
            for (int c = 0; c < 3; c++) {
                float v = rgb[p + c] + (rnd.nextFloat() - 0.5f) * 16f;
                bgr[p + 2 - c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        return new LabeledImage(image, label);
    }

    /**
     * The void band of VOC-style labels: every pixel next to a pixel of another class
     * (4-neighbours), grown by {@code radius - 1} pixels, becomes {@code ignore}.
     *
     * @param label the label map, row-major
     * @param width the width
     * @param height the height
     * @param radius the band half-width in pixels, at least 1
     * @param ignore the value written into the band (255)
     * @return a new label map
     */
    public static int[] voidBand(int[] label, int width, int height, int radius, int ignore) {
        boolean[] edge = new boolean[label.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                int v = label[i];
                edge[i] =
                        (x > 0 && label[i - 1] != v)
                                || (x < width - 1 && label[i + 1] != v)
                                || (y > 0 && label[i - width] != v)
                                || (y < height - 1 && label[i + width] != v);
            }
        }
        int[] out = label.clone();
        int grow = Math.max(0, radius - 1);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (!edge[y * width + x]) {
                    continue;
                }
                for (int yy = Math.max(0, y - grow); yy <= Math.min(height - 1, y + grow); yy++) {
                    for (int xx = Math.max(0, x - grow);
                            xx <= Math.min(width - 1, x + grow);
                            xx++) {
                        out[yy * width + xx] = ignore;
                    }
                }
            }
        }
        return out;
    }

    /**
     * The void band radius sanet's writers use for this image size: 1 up to 160 pixels on the
     * shorter side, then one more per 160 pixels (2 for VOC-sized images).
     *
     * @return the radius in pixels
     */
    public int voidRadius() {
        return Math.max(1, Math.round(Math.min(width, height) / 160f));
    }

    private void drawBackground(float[] rgb, Random rnd) {
        float[] a = randomColor(rnd);
        float[] b = randomColor(rnd);
        double angle = rnd.nextDouble() * 2 * Math.PI;
        double cx = Math.cos(angle);
        double cy = Math.sin(angle);
        double span = Math.abs(cx) * width + Math.abs(cy) * height;
        double min = Math.min(0, cx * width) + Math.min(0, cy * height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float t = (float) ((cx * x + cy * y - min) / span);
                int p = 3 * (y * width + x);
                for (int c = 0; c < 3; c++) {
                    rgb[p + c] = a[c] + (b[c] - a[c]) * t;
                }
            }
        }
    }

    private void drawObject(float[] rgb, int[] label, Random rnd) {
        int cls;
        int shape;
        int texture;
        if (rnd.nextDouble() < distractors) {
            int[] k = DISTRACTOR_KINDS[rnd.nextInt(DISTRACTOR_KINDS.length)];
            cls = 0;
            shape = k[0];
            texture = k[1];
        } else {
            cls = 1 + rnd.nextInt(CLASS_KINDS.length);
            shape = CLASS_KINDS[cls - 1][0];
            texture = CLASS_KINDS[cls - 1][1];
        }
        int side = Math.min(width, height);
        double r = side * (0.14 + 0.14 * rnd.nextDouble());
        double cx = r * 0.5 + rnd.nextDouble() * Math.max(1, width - r);
        double cy = r * 0.5 + rnd.nextDouble() * Math.max(1, height - r);
        double rot = rnd.nextDouble() * 2 * Math.PI;
        double period = Math.max(4.0, textureScale * side * (0.055 + 0.03 * rnd.nextDouble()));
        double texAngle = rnd.nextDouble() * Math.PI;
        float[] c1 = randomColor(rnd);
        float[] c2 = randomColor(rnd);
        for (int tries = 0; tries < 20 && distance(c1, c2) < 110; tries++) {
            c2 = randomColor(rnd);
        }
        double cr = Math.cos(rot);
        double sr = Math.sin(rot);
        double ct = Math.cos(texAngle);
        double st = Math.sin(texAngle);
        double dotR2 = (0.3 * period) * (0.3 * period);
        double half = period / 2;
        int x0 = Math.max(0, (int) Math.floor(cx - r));
        int x1 = Math.min(width - 1, (int) Math.ceil(cx + r));
        int y0 = Math.max(0, (int) Math.floor(cy - r));
        int y1 = Math.min(height - 1, (int) Math.ceil(cy + r));
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double px = x + 0.5 - cx;
                double py = y + 0.5 - cy;
                double dx = cr * px + sr * py;
                double dy = -sr * px + cr * py;
                if (!inside(shape, dx, dy, r)) {
                    continue;
                }
                double tx = ct * px + st * py;
                double ty = -st * px + ct * py;
                boolean first =
                        switch (texture) {
                            case STRIPES -> Math.floorMod((long) Math.floor(tx / half), 2) == 0;
                            case DOTS -> {
                                double u = tx - period * Math.floor(tx / period) - half;
                                double v = ty - period * Math.floor(ty / period) - half;
                                yield u * u + v * v <= dotR2;
                            }
                            case CHECKS ->
                                    Math.floorMod(
                                                    (long) Math.floor(tx / half)
                                                            + (long) Math.floor(ty / half),
                                                    2)
                                            == 0;
                            default -> true;
                        };
                float[] c = first ? c1 : c2;
                int i = y * width + x;
                int p = 3 * i;
                rgb[p] = c[0];
                rgb[p + 1] = c[1];
                rgb[p + 2] = c[2];
                label[i] = cls;
            }
        }
    }

    private static boolean inside(int shape, double dx, double dy, double r) {
        switch (shape) {
            case DISC:
                return dx * dx + dy * dy <= r * r;
            case SQUARE:
                double s = 0.8 * r;
                return Math.abs(dx) <= s && Math.abs(dy) <= s;
            default:
                // Equilateral triangle with circumradius r: inside all three edges at distance r/2.
                double h = r / 2;
                return dy <= h
                        && (-0.8660254 * dx - 0.5 * dy) <= h
                        && (0.8660254 * dx - 0.5 * dy) <= h;
        }
    }

    private static float[] randomColor(Random rnd) {
        return new float[] {20 + rnd.nextInt(216), 20 + rnd.nextInt(216), 20 + rnd.nextInt(216)};
    }

    private static double distance(float[] a, float[] b) {
        double d0 = a[0] - b[0];
        double d1 = a[1] - b[1];
        double d2 = a[2] - b[2];
        return Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2);
    }

    /** Builder of {@link SyntheticTask}. */
    public static final class Builder {
        private int width = 128;
        private int height = 128;
        private int minObjects = 1;
        private int maxObjects = 3;
        private double distractors = 0.15;
        private double textureScale = 1.0;
        private long seed = 42;

        private Builder() {}

        /**
         * Sets the image size (default 128x128; 500x375 is VOC-sized).
         *
         * @param width the width in pixels, at least 16
         * @param height the height in pixels, at least 16
         * @return this builder
         */
        public Builder optSize(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /**
         * Sets the number of objects per image, drawn uniformly (default 1 to 3).
         *
         * @param min the fewest objects, at least 0
         * @param max the most objects, at least {@code min}
         * @return this builder
         */
        public Builder optObjects(int min, int max) {
            this.minObjects = min;
            this.maxObjects = max;
            return this;
        }

        /**
         * Sets the probability that an object is a background distractor (default 0.15).
         *
         * @param probability 0 (no distractors) to 1
         * @return this builder
         */
        public Builder optDistractors(double probability) {
            this.distractors = probability;
            return this;
        }

        /**
         * Scales the texture period (stripes, dots, checks) relative to the default of 5.5 to 8.5%
         * of the shorter side (default 1). Coarser textures are easier to tell apart at small image
         * sizes.
         *
         * @param scale a factor in [0.5, 3]
         * @return this builder
         */
        public Builder optTextureScale(double scale) {
            this.textureScale = scale;
            return this;
        }

        /**
         * Sets the seed (default 42).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the task.
         *
         * @return the task
         * @throws SettingException naming {@code size} when a side is below 16, {@code objects}
         *     when the range is empty or negative, {@code distractors} when outside [0, 1], {@code
         *     textureScale} when outside [0.5, 3]
         */
        public SyntheticTask build() {
            if (width < 16 || height < 16) {
                throw new SettingException("size", width + "x" + height, "at least 16x16");
            }
            if (minObjects < 0 || maxObjects < minObjects) {
                throw new SettingException(
                        "objects", minObjects + ".." + maxObjects, "a range with 0 <= min <= max");
            }
            SettingException.checkRange("distractors", distractors, 0.0, 1.0);
            SettingException.checkRange("textureScale", textureScale, 0.5, 3.0);
            return new SyntheticTask(this);
        }
    }
}
