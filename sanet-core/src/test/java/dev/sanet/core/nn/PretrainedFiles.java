package dev.sanet.core.nn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Writes ImageNet-style ResNet weight files the way each family names them, from that family's own
 * rules (written out here, not derived from sanet's names), with seeded values: what {@link
 * PretrainedWeightsTest} imports.
 */
final class PretrainedFiles {

    /** A family's file: tensor names in the family's order, their shapes and values. */
    static final class Weights {
        final Map<String, long[]> shapes = new LinkedHashMap<>();
        final Map<String, float[]> values = new LinkedHashMap<>();
        final Map<String, Long> counters = new LinkedHashMap<>();

        void remove(String key) {
            shapes.remove(key);
            values.remove(key);
        }

        /** Replaces a tensor by one of another shape (zeros). */
        void reshape(String key, long... shape) {
            shapes.put(key, shape);
            values.put(
                    key,
                    new float[Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b))]);
        }

        /** Renames every tensor (keeps the order). */
        Weights prefixed(String prefix) {
            Weights w = new Weights();
            shapes.forEach((k, v) -> w.shapes.put(prefix + k, v));
            values.forEach((k, v) -> w.values.put(prefix + k, v));
            counters.forEach((k, v) -> w.counters.put(prefix + k, v));
            return w;
        }
    }

    /** How a family spells things. */
    record Style(
            String stem, // "7x7", "conv1" (conv1.0..6 + bn1) or "mmcv" (stem.0..7)
            boolean gluonBatchNorm, // gamma/beta rather than weight/bias
            boolean counters, // PyTorch's num_batches_tracked
            boolean poolAtStrideOne) {} // avg_down shortcuts keep the pool where the stride is 1

    static final Style TORCHVISION = new Style("7x7", false, true, true);
    static final Style TIMM = new Style("conv1", false, true, true);
    static final Style ENCODING = new Style("conv1", false, true, true);
    static final Style MMSEG = new Style("mmcv", false, true, true);
    static final Style MMDET = new Style("mmcv", false, true, false);
    static final Style GLUON = new Style("conv1", true, false, true);
    static final Style GLUON_V1B = new Style("7x7", true, false, true);

    private PretrainedFiles() {}

    /**
     * The tensors of an ImageNet ResNet of one family.
     *
     * @param style the family's spelling
     * @param blocks blocks per stage
     * @param bottleneck bottleneck blocks
     * @param stemFirst channels of the first (and second) deep-stem convolution; for the 7x7 stem
     *     unused
     * @param stemOut the stem's output channels
     * @param width the base width
     * @param avgDown average-pool shortcuts
     * @param classes classifier outputs
     * @param seed the values' seed
     */
    static Weights resnet(
            Style style,
            int[] blocks,
            boolean bottleneck,
            int stemFirst,
            int stemOut,
            int width,
            boolean avgDown,
            int classes,
            long seed) {
        Weights w = new Weights();
        Random rnd = new Random(seed);
        switch (style.stem()) {
            case "7x7" -> {
                conv(w, rnd, "conv1.weight", stemOut, 3, 7);
                bn(w, rnd, style, "bn1", stemOut);
            }
            case "conv1" -> {
                conv(w, rnd, "conv1.0.weight", stemFirst, 3, 3);
                bn(w, rnd, style, "conv1.1", stemFirst);
                conv(w, rnd, "conv1.3.weight", stemFirst, stemFirst, 3);
                bn(w, rnd, style, "conv1.4", stemFirst);
                conv(w, rnd, "conv1.6.weight", stemOut, stemFirst, 3);
                bn(w, rnd, style, "bn1", stemOut);
            }
            case "mmcv" -> {
                conv(w, rnd, "stem.0.weight", stemFirst, 3, 3);
                bn(w, rnd, style, "stem.1", stemFirst);
                conv(w, rnd, "stem.3.weight", stemFirst, stemFirst, 3);
                bn(w, rnd, style, "stem.4", stemFirst);
                conv(w, rnd, "stem.6.weight", stemOut, stemFirst, 3);
                bn(w, rnd, style, "stem.7", stemOut);
            }
            default -> throw new IllegalArgumentException(style.stem());
        }
        int in = stemOut;
        int expansion = bottleneck ? 4 : 1;
        for (int s = 0; s < 4; s++) {
            int planes = width << s;
            int stride = s == 0 ? 1 : 2; // ImageNet strides: what the names and shapes follow
            for (int i = 0; i < blocks[s]; i++) {
                String p = "layer" + (s + 1) + "." + i + ".";
                if (bottleneck) {
                    conv(w, rnd, p + "conv1.weight", planes, in, 1);
                    bn(w, rnd, style, p + "bn1", planes);
                    conv(w, rnd, p + "conv2.weight", planes, planes, 3);
                    bn(w, rnd, style, p + "bn2", planes);
                    conv(w, rnd, p + "conv3.weight", planes * 4, planes, 1);
                    bn(w, rnd, style, p + "bn3", planes * 4);
                } else {
                    conv(w, rnd, p + "conv1.weight", planes, in, 3);
                    bn(w, rnd, style, p + "bn1", planes);
                    conv(w, rnd, p + "conv2.weight", planes, planes, 3);
                    bn(w, rnd, style, p + "bn2", planes);
                }
                if (i == 0 && (stride != 1 || in != planes * expansion)) {
                    int at = avgDown && (stride != 1 || style.poolAtStrideOne()) ? 1 : 0;
                    conv(w, rnd, p + "downsample." + at + ".weight", planes * expansion, in, 1);
                    bn(w, rnd, style, p + "downsample." + (at + 1), planes * expansion);
                }
                in = planes * expansion;
            }
        }
        put(w, rnd, "fc.weight", classes, in);
        put(w, rnd, "fc.bias", classes);
        return w;
    }

    private static void conv(Weights w, Random rnd, String key, long out, long in, long k) {
        put(w, rnd, key, out, in, k, k);
    }

    private static void bn(Weights w, Random rnd, Style style, String prefix, long c) {
        put(w, rnd, prefix + (style.gluonBatchNorm() ? ".gamma" : ".weight"), c);
        put(w, rnd, prefix + (style.gluonBatchNorm() ? ".beta" : ".bias"), c);
        put(w, rnd, prefix + ".running_mean", c);
        float[] var = put(w, rnd, prefix + ".running_var", c);
        for (int i = 0; i < var.length; i++) {
            var[i] = Math.abs(var[i]) + 0.5f;
        }
        if (style.counters()) {
            w.counters.put(prefix + ".num_batches_tracked", 1000L + w.counters.size());
        }
    }

    private static float[] put(Weights w, Random rnd, String key, long... shape) {
        float[] v = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        w.shapes.put(key, shape);
        w.values.put(key, v);
        return v;
    }

    /**
     * Writes safetensors: the float tensors as F32 and the counters as I64 scalars, in insertion
     * order (the format sorts nothing; readers go by offsets).
     */
    static void writeSafetensors(Path file, Weights w) throws IOException {
        List<String> entries = new ArrayList<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, float[]> e : w.values.entrySet()) {
            int begin = data.size();
            ByteBuffer b = le(4 * e.getValue().length);
            for (float f : e.getValue()) {
                b.putFloat(f);
            }
            data.write(b.array());
            entries.add(entry(e.getKey(), "F32", w.shapes.get(e.getKey()), begin, data.size()));
        }
        for (Map.Entry<String, Long> e : w.counters.entrySet()) {
            int begin = data.size();
            data.write(le(8).putLong(e.getValue()).array());
            entries.add(entry(e.getKey(), "I64", new long[0], begin, data.size()));
        }
        byte[] header =
                ("{\"__metadata__\":{\"format\":\"pt\"}," + String.join(",", entries) + "}")
                        .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(le(8).putLong(header.length).array());
        out.write(header);
        out.write(data.toByteArray());
        Files.write(file, out.toByteArray());
    }

    /** Writes an MXNet NDArray list, as GluonCV's {@code save_parameters} does. */
    static void writeParams(Path file, Weights w) throws IOException {
        GluonWeightsTest.writeMxnetParams(file, w.values, w.shapes);
    }

    private static String entry(String name, String dtype, long[] shape, int begin, int end) {
        return "\""
                + name
                + "\":{\"dtype\":\""
                + dtype
                + "\",\"shape\":["
                + Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(","))
                + "],\"data_offsets\":["
                + begin
                + ","
                + end
                + "]}";
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
