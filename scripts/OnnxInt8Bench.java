// Times a float ONNX graph and its int8 (QDQ) form in ONNX Runtime on the same random input, in
// alternating rounds so that both see the same machine state, and prints one JSON object: per
// model the median, min and max milliseconds per forward pass over the rounds (each round the mean
// of ITERS passes after WARMUP passes). With --profile DIR it also writes ONNX Runtime's profile of
// each model (one JSON trace per model) and prints the ten operator types that took longest.
// Run it as a single-file program with ONNX Runtime on the class path, e.g.
//
//   java -cp "sanet-examples/target/lib/*" scripts/OnnxInt8Bench.java FLOAT.onnx INT8.onnx \
//       --size 512x512 --threads 2 --rounds 5 --iters 10 --warmup 3 [--profile DIR]

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

public class OnnxInt8Bench {
    public static void main(String[] args) throws Exception {
        List<Path> models = new ArrayList<>();
        int h = 512;
        int w = 512;
        int threads = 2;
        int rounds = 5;
        int iters = 10;
        int warmup = 3;
        Path profile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size" -> {
                    String[] hw = args[++i].split("x");
                    h = Integer.parseInt(hw[0]);
                    w = Integer.parseInt(hw[1]);
                }
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--iters" -> iters = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--profile" -> profile = Path.of(args[++i]);
                default -> models.add(Path.of(args[i]));
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] x = new float[3 * h * w];
        Random r = new Random(0);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        long[] shape = {1, 3, h, w};
        Map<Path, OrtSession> sessions = new LinkedHashMap<>();
        Map<Path, double[]> times = new HashMap<>();
        for (Path m : models) {
            OrtSession.SessionOptions o = new OrtSession.SessionOptions();
            o.setIntraOpNumThreads(threads);
            o.setInterOpNumThreads(1);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            sessions.put(m, env.createSession(m.toString(), o));
            times.put(m, new double[rounds]);
        }
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape)) {
            for (Map.Entry<Path, OrtSession> e : sessions.entrySet()) {
                String in = e.getValue().getInputNames().iterator().next();
                for (int i = 0; i < warmup; i++) {
                    e.getValue().run(Map.of(in, t)).close();
                }
            }
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<Path, OrtSession> e : sessions.entrySet()) {
                    String in = e.getValue().getInputNames().iterator().next();
                    long start = System.nanoTime();
                    for (int i = 0; i < iters; i++) {
                        e.getValue().run(Map.of(in, t)).close();
                    }
                    times.get(e.getKey())[round] = (System.nanoTime() - start) / 1e6 / iters;
                }
            }
            JsonObject out = new JsonObject();
            out.addProperty("size", h + "x" + w);
            out.addProperty("threads", threads);
            out.addProperty("rounds", rounds);
            out.addProperty("iters", iters);
            out.addProperty("cpu", cpu());
            JsonArray rows = new JsonArray();
            double first = 0;
            for (Path m : models) {
                double[] v = times.get(m).clone();
                Arrays.sort(v);
                double median = v[v.length / 2];
                if (first == 0) {
                    first = median;
                }
                JsonObject row = new JsonObject();
                row.addProperty("model", m.toString());
                row.addProperty("medianMs", round(median));
                row.addProperty("minMs", round(v[0]));
                row.addProperty("maxMs", round(v[v.length - 1]));
                row.addProperty("ratioToFirst", round(median / first));
                rows.add(row);
            }
            out.add("models", rows);
            if (profile != null) {
                Files.createDirectories(profile);
                JsonObject profiles = new JsonObject();
                for (Path m : models) {
                    profiles.add(m.toString(), profileOf(env, m, t, threads, profile));
                }
                out.add("topOperators", profiles);
            }
            System.out.println(out);
        }
        for (OrtSession s : sessions.values()) {
            s.close();
        }
    }

    /** Runs a model 5 times with ORT's profiler and sums the kernel time per operator type. */
    private static JsonObject profileOf(
            OrtEnvironment env, Path m, OnnxTensor t, int threads, Path dir) throws Exception {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(threads);
        o.enableProfiling(dir.resolve(m.getFileName().toString()).toString());
        Path file;
        try (OrtSession s = env.createSession(m.toString(), o)) {
            String in = s.getInputNames().iterator().next();
            for (int i = 0; i < 5; i++) {
                s.run(Map.of(in, t)).close();
            }
            file = Path.of(s.endProfiling());
        }
        Map<String, Double> byOp = new HashMap<>();
        double total = 0;
        for (JsonElement e : JsonParser.parseString(Files.readString(file)).getAsJsonArray()) {
            JsonObject ev = e.getAsJsonObject();
            if (!"Node".equals(ev.get("cat").getAsString())
                    || !ev.get("name").getAsString().endsWith("_kernel_time")) {
                continue;
            }
            String op = ev.getAsJsonObject("args").get("op_name").getAsString();
            double us = ev.get("dur").getAsDouble();
            byOp.merge(op, us, Double::sum);
            total += us;
        }
        JsonObject out = new JsonObject();
        out.addProperty("profile", file.toString());
        double sum = total;
        byOp.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .limit(10)
                .forEach(
                        e ->
                                out.addProperty(
                                        e.getKey(),
                                        String.format(
                                                Locale.ROOT,
                                                "%.1f ms/run (%.0f%%)",
                                                e.getValue() / 5 / 1000,
                                                100 * e.getValue() / sum)));
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    String vnni =
                            line.contains("avx512_vnni")
                                    ? "avx512_vnni"
                                    : line.contains("avx_vnni") ? "avx_vnni" : "no vnni";
                    return vnni;
                }
            }
        } catch (Exception e) {
            // Not Linux: no flags to report.
        }
        return "unknown";
    }
}
