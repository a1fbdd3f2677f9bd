package dev.sanet.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The engines' own operator profilers, behind one interface, and a table of where the time went per
 * layer type. PyTorch: libtorch's profiler (DJL's {@code JniUtils.startProfile}); MXNet: its
 * process profiler (reached through DJL's JNA binding). Both write a Chrome trace; the table sums
 * each operator's self time (its duration minus the operators it called) into layer types.
 */
final class EngineProfiler {

    /** Layer types, matched in order against operator names of either engine (case-insensitive). */
    static final Map<String, Pattern> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put(
                "convolution", Pattern.compile("(?i).*(conv|mkldnn_convolution|im2col|col2im).*"));
        TYPES.put("batch norm", Pattern.compile("(?i).*batch_?norm.*"));
        TYPES.put("relu / sigmoid", Pattern.compile("(?i).*(relu|sigmoid|activation|threshold).*"));
        TYPES.put("pooling", Pattern.compile("(?i).*(pool).*"));
        TYPES.put(
                "resize (matmul / bilinear)",
                Pattern.compile("(?i).*(bilinear|matmul|aten::mm|aten::bmm|addmm|dot|linear).*"));
        TYPES.put(
                "loss (softmax, pick, one-hot)",
                Pattern.compile("(?i).*(softmax|nll|gather|pick|one_hot|onehot|log_|take).*"));
        TYPES.put(
                "elementwise (add, mul, ...)",
                Pattern.compile(
                        "(?i).*(add|mul|sub|div|where|neg|elemwise|broadcast|_plus|_minus|sqrt|square|exp|abs).*"));
        TYPES.put(
                "reductions (sum, mean, max)",
                Pattern.compile("(?i).*(sum|mean|max|min|argmax|reduce).*"));
        TYPES.put(
                "copies, layout, allocation",
                Pattern.compile(
                        "(?i).*(copy|contiguous|empty|zeros|ones|fill|reshape|view|transpose|permute|stack|cat|concat|slice|expand|clone|to_|reorder|as_strided|resize_|set_|index|squeeze|flip|detach|random|normal|uniform).*"));
    }

    private EngineProfiler() {}

    /**
     * Starts the engine's profiler.
     *
     * @param engine DJL's engine name
     * @param trace the Chrome trace file the engine will write on {@link #stop}
     */
    static void start(String engine, Path trace) {
        if ("PyTorch".equals(engine)) {
            ai.djl.pytorch.jni.JniUtils.startProfile(false, true, true);
            return;
        }
        ai.djl.mxnet.jna.MxnetLibrary lib = mxnet();
        String[] keys = {"profile_imperative", "profile_memory", "profile_api", "filename"};
        String[] values = {"1", "0", "0", trace.toAbsolutePath().toString()};
        check(lib.MXSetProcessProfilerConfig(keys.length, keys, values, null), "config");
        check(lib.MXSetProcessProfilerState(1, 0, null), "start");
    }

    /**
     * Stops the profiler and writes the trace.
     *
     * @param engine DJL's engine name
     * @param trace where the Chrome trace goes
     */
    static void stop(String engine, Path trace) {
        if ("PyTorch".equals(engine)) {
            ai.djl.pytorch.jni.JniUtils.stopProfile(trace.toAbsolutePath().toString());
            return;
        }
        ai.djl.mxnet.jna.MxnetLibrary lib = mxnet();
        check(lib.MXSetProcessProfilerState(0, 0, null), "stop");
        check(lib.MXDumpProcessProfile(1, 0, null), "dump");
    }

    private static ai.djl.mxnet.jna.MxnetLibrary mxnet() {
        try {
            Class<?> utils = Class.forName("ai.djl.mxnet.jna.JnaUtils");
            Field lib = utils.getDeclaredField("LIB");
            lib.setAccessible(true);
            return (ai.djl.mxnet.jna.MxnetLibrary) lib.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "MXNet's profiler is not reachable through this DJL version: " + e, e);
        }
    }

    private static void check(int status, String what) {
        if (status != 0) {
            throw new IllegalStateException("MXNet's profiler failed to " + what);
        }
    }

    /** One line of the table: a layer type, its self time, its share and its operator calls. */
    record Row(String type, double ms, double share, long calls, double allocMiB) {}

    /**
     * Reads a Chrome trace and sums self times per layer type.
     *
     * @param trace the file
     * @param passes the number of passes it covers (times are per pass)
     * @return rows sorted by time, with a last row for operators of no known type
     * @throws IOException if the file cannot be read
     */
    static List<Row> table(Path trace, int passes) throws IOException {
        JsonElement root;
        try (Reader r = Files.newBufferedReader(trace, StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(r);
        }
        JsonArray events =
                root.isJsonArray()
                        ? root.getAsJsonArray()
                        : root.getAsJsonObject().getAsJsonArray("traceEvents");
        List<Span> spans = spans(events);
        Map<String, double[]> byType = new LinkedHashMap<>();
        for (String t : TYPES.keySet()) {
            byType.put(t, new double[3]);
        }
        byType.put("other", new double[3]);
        double total = 0;
        for (Span s : spans) {
            String type = "other";
            for (Map.Entry<String, Pattern> e : TYPES.entrySet()) {
                if (e.getValue().matcher(s.name).matches()) {
                    type = e.getKey();
                    break;
                }
            }
            double[] acc = byType.get(type);
            acc[0] += s.self;
            acc[1] += 1;
            acc[2] += s.allocKiB;
            total += s.self;
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, double[]> e : byType.entrySet()) {
            double[] a = e.getValue();
            if (a[1] == 0) {
                continue;
            }
            rows.add(
                    new Row(
                            e.getKey(),
                            a[0] / 1000.0 / passes,
                            total == 0 ? 0 : a[0] / total,
                            Math.round(a[1] / passes),
                            a[2] / 1024.0 / passes));
        }
        rows.sort(Comparator.comparingDouble(Row::ms).reversed());
        return rows;
    }

    /** An operator's span on one thread; self = duration minus the spans nested in it. */
    private static final class Span {
        final String name;
        final double start;
        final double end;
        final double allocKiB;
        double self;

        Span(String name, double start, double end, double allocKiB) {
            this.name = name;
            this.start = start;
            this.end = end;
            this.allocKiB = allocKiB;
            this.self = end - start;
        }
    }

    private static List<Span> spans(JsonArray events) {
        Map<String, List<Span>> byThread = new LinkedHashMap<>();
        Map<String, Deque<JsonObject>> open = new LinkedHashMap<>();
        for (JsonElement el : events) {
            if (!el.isJsonObject()) {
                continue;
            }
            JsonObject e = el.getAsJsonObject();
            String ph = e.has("ph") ? e.get("ph").getAsString() : "";
            if (!e.has("name") || !e.has("ts")) {
                continue;
            }
            String tid = e.has("tid") ? e.get("tid").getAsString() : "0";
            String name = e.get("name").getAsString();
            double ts = e.get("ts").getAsDouble();
            if ("X".equals(ph) && e.has("dur")) {
                byThread.computeIfAbsent(tid, k -> new ArrayList<>())
                        .add(new Span(name, ts, ts + e.get("dur").getAsDouble(), alloc(e)));
            } else if ("B".equals(ph)) {
                open.computeIfAbsent(tid + "/" + name, k -> new ArrayDeque<>()).push(e);
            } else if ("E".equals(ph)) {
                Deque<JsonObject> q = open.get(tid + "/" + name);
                if (q != null && !q.isEmpty()) {
                    double begin = q.pop().get("ts").getAsDouble();
                    byThread.computeIfAbsent(tid, k -> new ArrayList<>())
                            .add(new Span(name, begin, ts, 0));
                }
            }
        }
        List<Span> all = new ArrayList<>();
        for (List<Span> spans : byThread.values()) {
            // Outer spans first: by start, then the longer one.
            spans.sort(
                    Comparator.comparingDouble((Span s) -> s.start)
                            .thenComparing(s -> -(s.end - s.start)));
            Deque<Span> stack = new ArrayDeque<>();
            for (Span s : spans) {
                while (!stack.isEmpty() && stack.peek().end <= s.start) {
                    stack.pop();
                }
                if (!stack.isEmpty() && s.end <= stack.peek().end) {
                    stack.peek().self -= s.end - s.start;
                }
                stack.push(s);
            }
            all.addAll(spans);
        }
        return all;
    }

    private static double alloc(JsonObject e) {
        if (!e.has("cpu mem")) {
            return 0;
        }
        String v = e.get("cpu mem").getAsString().trim();
        String[] parts = v.split(" ");
        if (parts.length != 2) {
            return 0;
        }
        try {
            double n = Double.parseDouble(parts[0]);
            double kib =
                    switch (parts[1].toLowerCase(Locale.ROOT)) {
                        case "b" -> n / 1024;
                        case "kb" -> n;
                        case "mb" -> n * 1024;
                        case "gb" -> n * 1024 * 1024;
                        default -> 0;
                    };
            return Math.max(0, kib); // frees are reported as negative sizes
        } catch (NumberFormatException ex) {
            return 0;
        }
    }
}
