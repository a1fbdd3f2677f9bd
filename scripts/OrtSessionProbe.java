// Times one ONNX graph in ONNX Runtime alone with a chosen set of session options, and prints the
// timed passes and the process's peak memory, so that session settings can be compared in
// alternating runs (each run is its own process: the peak is per setting). For example, ONNX
// Runtime's memory pattern on and off, three rounds:
//
//   for r in 1 2 3; do for o in "" nopattern; do
//     java -cp "sanet-examples/target/lib/*" scripts/OrtSessionProbe.java r50.onnx 512 $o
//   done; done
//
// Options after the size: nopattern (memory pattern off), noarena (CPU arena off), noprepack
// (no weight prepacking). Threads: OMP_NUM_THREADS, else 2. One warm-up pass, then 5 timed.

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

public class OrtSessionProbe {
    public static void main(String[] args) throws Exception {
        String file = args[0];
        int size = Integer.parseInt(args[1]);
        Set<String> opts = Set.copyOf(Arrays.asList(args).subList(2, args.length));
        String omp = System.getenv("OMP_NUM_THREADS");
        int threads = omp == null || omp.isBlank() ? 2 : Integer.parseInt(omp.trim());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(threads);
            so.setInterOpNumThreads(1);
            so.setMemoryPatternOptimization(!opts.contains("nopattern"));
            so.setCPUArenaAllocator(!opts.contains("noarena"));
            if (opts.contains("noprepack")) {
                so.addConfigEntry("session.disable_prepacking", "1");
            }
            try (OrtSession s = env.createSession(file, so)) {
                String input = s.getInputNames().iterator().next();
                float[] x = new float[3 * size * size];
                java.util.Random r = new java.util.Random(1);
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) r.nextGaussian();
                }
                List<Long> ms = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    long t0 = System.nanoTime();
                    try (OnnxTensor t =
                                    OnnxTensor.createTensor(
                                            env, FloatBuffer.wrap(x), new long[] {1, 3, size, size});
                            OrtSession.Result out = s.run(Map.of(input, t))) {
                        if (i > 0) {
                            ms.add((System.nanoTime() - t0) / 1_000_000);
                        }
                    }
                }
                Collections.sort(ms);
                System.out.printf(
                        Locale.ROOT,
                        "options %s: passes ms %s, median %d, peak RSS %.0f MiB%n",
                        opts.isEmpty() ? "default" : opts,
                        ms,
                        ms.get(ms.size() / 2),
                        peakKiB() / 1024.0);
            }
        }
    }

    private static long peakKiB() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmHWM:")) {
                return Long.parseLong(l.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
