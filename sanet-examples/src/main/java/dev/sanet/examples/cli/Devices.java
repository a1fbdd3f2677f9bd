package dev.sanet.examples.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses {@code --devices}: {@code cpu}, {@code gpu} (every GPU the engine sees), or a list such as
 * {@code gpu0,gpu1} (also {@code 0,1}). Batches are split across the devices; batch norm normalizes
 * per device (there is no synchronized batch norm in DJL).
 */
final class Devices {

    private Devices() {}

    /**
     * The devices named by a {@code --devices} value.
     *
     * @param spec the value
     * @return one or more devices
     * @throws UserException when a GPU is asked for and the engine sees none or fewer
     */
    static Device[] parse(String spec, String engine) {
        String v = spec.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("cpu")) {
            return new Device[] {Device.cpu()};
        }
        int gpus = Engine.getEngine(engine).getGpuCount();
        if (v.equals("gpu") || v.equals("all")) {
            if (gpus == 0) {
                throw noGpu(spec);
            }
            Device[] all = new Device[gpus];
            for (int i = 0; i < gpus; i++) {
                all[i] = Device.gpu(i);
            }
            return all;
        }
        List<Device> out = new ArrayList<>();
        for (String part : v.split(",")) {
            String id = part.trim();
            if (id.startsWith("gpu")) {
                id = id.substring(3);
            }
            int index;
            try {
                index = Integer.parseInt(id);
            } catch (NumberFormatException e) {
                throw new UserException(
                        "--devices "
                                + spec
                                + ": expected cpu, gpu (all GPUs) or a list such as gpu0,gpu1",
                        e);
            }
            if (gpus == 0) {
                throw noGpu(spec);
            }
            if (index < 0 || index >= gpus) {
                throw new UserException(
                        String.format(
                                Locale.ROOT,
                                "--devices %s: gpu%d does not exist (the engine sees %d GPU(s):"
                                        + " gpu0..gpu%d)",
                                spec,
                                index,
                                gpus,
                                gpus - 1));
            }
            out.add(Device.gpu(index));
        }
        return out.toArray(new Device[0]);
    }

    private static UserException noGpu(String spec) {
        return new UserException(
                "--devices "
                        + spec
                        + ": the engine sees no GPU (this build bundles the CPU-only MXNet"
                        + " native library; see docs/training.md, 'GPUs'): use --devices cpu");
    }
}
