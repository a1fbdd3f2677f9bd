package dev.sanet.core.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import dev.sanet.core.io.HostArrays;
import dev.sanet.core.io.ParameterNames;
import dev.sanet.core.io.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * SGD with momentum and Adam as a DJL {@link Optimizer} whose state (the momentum buffers, Adam's
 * two moments) lives here, one array per parameter, so that a checkpoint can save it and a resumed
 * run continue exactly where the interrupted one was. DJL's own {@code Sgd} and {@code Adam} keep
 * their state in private maps that nothing can read or write.
 *
 * <p>The update rules are those of DJL 0.36's optimizers, which both engines implement alike
 * (MXNet's {@code sgd_mom_update} / {@code adam_update}, DJL's libtorch JNI), with weight decay as
 * L2 added to the gradient of every trainable parameter, {@code g = grad + wd * w}:
 *
 * <ul>
 *   <li>SGD: {@code s = momentum * s + lr * g; w -= s} (the rate inside the buffer, MXNet's form;
 *       with momentum 0, {@code w -= lr * g}).
 *   <li>Adam: {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr_t m / (sqrt(v) + eps)}
 *       with {@code lr_t = lr sqrt(1 - b2^t) / (1 - b1^t)}, b1 0.9, b2 0.999, eps 1e-8. The step t
 *       is the run's 1-based iteration; DJL counts one update per device, so on k devices its t
 *       runs k times too fast, which this class does not copy.
 * </ul>
 *
 * <p>The rate of each parameter comes from the {@link RateSchedule} ({@link PolySchedule} or {@link
 * CosineSchedule}) at its current iteration. After each update the parameter's gradient is set to
 * zero, as DJL's optimizers do on PyTorch (which adds to gradients; MXNet overwrites them, where
 * the zeroing changes nothing). Temporaries live in a sub-manager closed at the end of each update;
 * the state arrays belong to the manager given at construction (the model's) and live as long as
 * it.
 */
final class ResumableOptimizer extends Optimizer {

    /** Adam's decay of the first moment (DJL's default). */
    static final float BETA1 = 0.9f;

    /** Adam's decay of the second moment (DJL's default). */
    static final float BETA2 = 0.999f;

    /** Adam's epsilon (DJL's default). */
    static final float EPSILON = 1e-8f;

    private static final String FORMAT = "sanet-optimizer";

    private final NDManager manager;
    private final OptimizerKind kind;
    private final RateSchedule schedule;
    private final float momentum;
    private final float weightDecay;

    /** SGD's momentum buffer, or Adam's first moment, by parameter id and device. */
    private final Map<String, Map<Device, NDArray>> first = new ConcurrentHashMap<>();

    /** Adam's second moment by parameter id and device; unused by SGD. */
    private final Map<String, Map<Device, NDArray>> second = new ConcurrentHashMap<>();

    /**
     * Creates the optimizer.
     *
     * @param manager owns the state arrays (the model's, so that they live as long as the model)
     * @param kind SGD or Adam
     * @param schedule the learning rates, read at the schedule's current iteration
     * @param momentum SGD's momentum in [0, 1); ignored by Adam
     * @param weightDecay the L2 weight decay, >= 0
     */
    ResumableOptimizer(
            NDManager manager,
            OptimizerKind kind,
            RateSchedule schedule,
            double momentum,
            double weightDecay) {
        super(new Settings());
        this.manager = manager;
        this.kind = kind;
        this.schedule = schedule;
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
    }

    /**
     * The optimizer's kind.
     *
     * @return SGD or Adam
     */
    OptimizerKind kind() {
        return kind;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = schedule.iteration();
        float lr = (float) schedule.rate(parameterId, t);
        try (NDManager scope = manager.newSubManager(weight.getDevice())) {
            // g = grad + wd * w, in the scope (the engines' order: the decay joins the gradient).
            NDArray g =
                    weightDecay == 0
                            ? own(scope, grad.duplicate())
                            : own(scope, grad.add(own(scope, weight.mul(weightDecay))));
            if (kind == OptimizerKind.SGD) {
                g.muli(lr);
                if (momentum == 0) {
                    weight.subi(g);
                } else {
                    NDArray s = state(first, parameterId, weight);
                    s.muli(momentum).addi(g);
                    weight.subi(s);
                }
            } else {
                NDArray m = state(first, parameterId, weight);
                NDArray v = state(second, parameterId, weight);
                m.muli(BETA1).addi(g.mul(1 - BETA1));
                v.muli(BETA2).addi(g.square().muli(1 - BETA2));
                // DJL's bias correction, in double from the float rate, as Adam.update does it.
                long step = (long) t + 1;
                double c1 = 1.0 - Math.pow(BETA1, step);
                double c2 = 1.0 - Math.pow(BETA2, step);
                float corrected = (float) (lr * Math.sqrt(c2) / c1);
                NDArray denominator = own(scope, v.sqrt()).addi(EPSILON);
                weight.subi(own(scope, m.mul(corrected)).divi(denominator));
            }
        }
        if (weight.hasGradient()) {
            try (NDArray g = weight.getGradient()) {
                g.subi(g);
            }
        }
    }

    /**
     * Saves the state of the parameters on the block's own device (every device holds the same
     * state) as safetensors: tensors {@code momentum.NAME} (SGD) or {@code adam_m.NAME} and {@code
     * adam_v.NAME} (Adam), NAME the parameter's stable name ({@link ParameterNames}); parameters
     * not updated yet have no state and no tensor.
     *
     * @param block the trained block
     * @param file the file to write
     * @throws IOException when writing fails
     */
    void save(Block block, Path file) throws IOException {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : names(block).entrySet()) {
            Parameter p = e.getValue();
            if (!p.isInitialized()) {
                continue;
            }
            Device device = p.getArray().getDevice();
            put(arrays, firstSlot() + "." + e.getKey(), first.get(p.getId()), device);
            put(arrays, "adam_v." + e.getKey(), second.get(p.getId()), device);
        }
        Map<String, Shape> shapes = new LinkedHashMap<>();
        arrays.forEach((k, a) -> shapes.put(k, a.getShape()));
        Safetensors.write(
                file,
                shapes,
                name -> arrays.get(name).toFloatArray(),
                Map.of("format", FORMAT, "optimizer", kind.name().toLowerCase(Locale.ROOT)));
    }

    /**
     * Restores the state saved by {@link #save} into this optimizer, for the block's parameters on
     * their device; other devices copy it on their first update.
     *
     * @param block the block, initialised, of the same architecture as the saved one
     * @param file the file written by {@link #save}
     * @return false, restoring nothing, when the file holds another optimizer's state
     * @throws IOException when the file cannot be read or does not fit the block; the message names
     *     the file and the tensor
     */
    boolean load(Block block, Path file) throws IOException {
        try (Safetensors st = Safetensors.open(file)) {
            String saved = st.metadata().get("optimizer");
            if (!kind.name().toLowerCase(Locale.ROOT).equals(saved)) {
                return false;
            }
            Map<String, Parameter> params = names(block);
            for (Safetensors.Tensor t : st.tensors().values()) {
                int dot = t.name().indexOf('.');
                String slot = dot < 0 ? "" : t.name().substring(0, dot);
                @Nullable Parameter p = dot < 0 ? null : params.get(t.name().substring(dot + 1));
                @Nullable Map<String, Map<Device, NDArray>> target =
                        slot.equals(firstSlot()) ? first : slot.equals("adam_v") ? second : null;
                if (p == null || target == null || !p.isInitialized()) {
                    throw new IOException(
                            "optimizer state "
                                    + file
                                    + ": tensor '"
                                    + t.name()
                                    + "' matches no parameter of this network");
                }
                NDArray w = p.getArray();
                if (!t.shape().equals(w.getShape())) {
                    throw new IOException(
                            "optimizer state "
                                    + file
                                    + ": tensor '"
                                    + t.name()
                                    + "' has shape "
                                    + t.shape()
                                    + ", the parameter "
                                    + w.getShape());
                }
                // The model's manager is on the model's device, where the block's parameters are.
                NDArray a = HostArrays.floats(manager, st.readFloats(t.name()), w.getShape());
                Map<Device, NDArray> byDevice = new ConcurrentHashMap<>();
                byDevice.put(w.getDevice(), a);
                Map<Device, NDArray> previous = target.put(p.getId(), byDevice);
                if (previous != null) {
                    previous.values().forEach(NDArray::close);
                }
            }
            return true;
        }
    }

    /**
     * The parameters by stable name ({@link ParameterNames}); for a custom block whose children's
     * names collide once DJL's position prefix is dropped, by DJL's own unique names instead.
     */
    private static Map<String, Parameter> names(Block block) {
        try {
            return ParameterNames.of(block);
        } catch (IllegalStateException e) {
            Map<String, Parameter> djl = new LinkedHashMap<>();
            block.getParameters().forEach(p -> djl.put(p.getKey(), p.getValue()));
            return djl;
        }
    }

    private String firstSlot() {
        return kind == OptimizerKind.SGD ? "momentum" : "adam_m";
    }

    private static void put(
            Map<String, NDArray> out,
            String name,
            @Nullable Map<Device, NDArray> byDevice,
            Device device) {
        @Nullable NDArray a = byDevice == null ? null : byDevice.get(device);
        if (a != null) {
            out.put(name, a);
        }
    }

    /**
     * The state array of a parameter on the weight's device: zeros on first use, or a copy of
     * another device's state (restored from a checkpoint), in the optimizer's manager.
     */
    private NDArray state(
            Map<String, Map<Device, NDArray>> slot, String parameterId, NDArray weight) {
        Map<Device, NDArray> byDevice =
                slot.computeIfAbsent(parameterId, k -> new ConcurrentHashMap<>());
        return byDevice.computeIfAbsent(
                weight.getDevice(),
                d -> {
                    @Nullable NDArray any = byDevice.values().stream().findFirst().orElse(null);
                    NDArray s =
                            any == null
                                    ? manager.zeros(weight.getShape(), weight.getDataType(), d)
                                    : any.toDevice(d, true);
                    s.attach(manager);
                    return s;
                });
    }

    private static NDArray own(NDManager scope, NDArray a) {
        a.attach(scope);
        return a;
    }

    /** DJL's optimizer settings: no rescaling, no clipping; the decay is applied here. */
    private static final class Settings extends OptimizerBuilder<Settings> {
        @Override
        protected Settings self() {
            return this;
        }
    }
}
