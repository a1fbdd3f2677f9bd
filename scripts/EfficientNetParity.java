// The Java half of scripts/efficientnet_parity.py: imports each torchvision EfficientNet the
// Python half wrote (efficientnet_b0, efficientnet_b7) by name into sanet's EfficientNet, runs
// the same input on MXNet and PyTorch, and compares every stage (undilated) and the four taps at
// output strides 8 and 16 with torchvision's, as the largest absolute difference over the largest
// activation. Run it as a single-file program with sanet-core and its dependencies on the class
// path (the `sanet` launcher builds sanet-examples/target/lib):
//
//   /usr/bin/python3 scripts/efficientnet_parity.py --out /tmp/effnet-parity
//   java -cp "sanet-examples/target/lib/*" scripts/EfficientNetParity.java /tmp/effnet-parity
//
// It prints one line per model, engine and output stride, and exits 1 when a ratio exceeds 1e-4.

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.sanet.core.io.HostArrays;
import dev.sanet.core.io.Npy;
import dev.sanet.core.nn.EfficientNet;
import dev.sanet.core.nn.EfficientNetConvention;
import dev.sanet.core.nn.EfficientNetScale;
import dev.sanet.core.nn.EfficientNetWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

public class EfficientNetParity {
    static final double TOLERANCE = 1e-4;

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        boolean pass = true;
        for (String model : List.of("efficientnet_b0", "efficientnet_b7")) {
            Path dir = root.resolve(model);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            EfficientNetScale scale = EfficientNetScale.fromName(model);
            Npy.Array input = Npy.read(dir.resolve("input.npy"));
            for (String engine : List.of("MXNet", "PyTorch")) {
                for (int os : new int[] {32, 16, 8}) {
                    try (NDManager nd = NDManager.newBaseManager(Device.cpu(), engine)) {
                        EfficientNet net =
                                EfficientNet.builder()
                                        .scale(scale)
                                        .convention(EfficientNetConvention.TORCHVISION)
                                        .outputStride(os)
                                        .build();
                        net.initialize(nd, DataType.FLOAT32, input.shape());
                        var report =
                                EfficientNetWeights.load(net, dir.resolve("weights.safetensors"), null);
                        if (os == 32 && engine.equals("MXNet")) {
                            System.out.println(model + ": " + report.summary());
                        }
                        NDArray x = HostArrays.floats(nd, input.values(), input.shape());
                        ParameterStore ps = new ParameterStore(nd, false);
                        NDList got;
                        List<String> names = new ArrayList<>();
                        if (os == 32) {
                            got = net.forwardStages(ps, x);
                            for (int i = 1; i <= 7; i++) {
                                names.add("stage" + i);
                            }
                        } else {
                            got = net.forward(ps, new NDList(x), false);
                            for (int i = 1; i <= 4; i++) {
                                names.add("os" + os + "_tap" + i);
                            }
                        }
                        StringBuilder line =
                                new StringBuilder(
                                        String.format(Locale.ROOT, "%s %-7s OS%-2d", model, engine, os));
                        for (int i = 0; i < names.size(); i++) {
                            Npy.Array want = Npy.read(dir.resolve(names.get(i) + ".npy"));
                            float[] a = got.get(i).toFloatArray();
                            if (!got.get(i).getShape().equals(want.shape())) {
                                throw new IllegalStateException(
                                        names.get(i) + ": shape " + got.get(i).getShape() + " vs " + want.shape());
                            }
                            double diff = 0;
                            double scaleOf = 0;
                            for (int j = 0; j < a.length; j++) {
                                diff = Math.max(diff, Math.abs(a[j] - want.values()[j]));
                                scaleOf = Math.max(scaleOf, Math.abs(want.values()[j]));
                            }
                            double ratio = diff / scaleOf;
                            pass &= ratio <= TOLERANCE;
                            line.append(String.format(Locale.ROOT, " %s %.1e", names.get(i), ratio));
                        }
                        System.out.println(line);
                    }
                }
            }
        }
        System.out.println(pass ? "PASS (every ratio <= 1e-4)" : "FAIL (a ratio > 1e-4)");
        System.exit(pass ? 0 : 1);
    }
}
