package dev.sanet.core.nn;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sanet.core.io.HostArrays;
import dev.sanet.core.settings.SettingException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Batch normalisation over the channel axis of NCHW maps that keeps the same running statistics on
 * every engine: the running variance follows PyTorch's convention (the unbiased batch variance, as
 * PyTorch-Encoding, torchvision and their pretrained weights have it). MXNet updates it with the
 * biased variance, so on MXNet a training pass corrects the update afterwards, from the running
 * variance before and after it: {@code r = r' + (r' - m r) / (n - 1)}, n the values per channel (a
 * few operations on C numbers per layer).
 *
 * <p>Otherwise it is DJL's {@link BatchNorm} (the same engine call, parameters {@code gamma},
 * {@code beta}, {@code runningMean}, {@code runningVar}, momentum in MXNet's convention: {@code
 * running = momentum * running + (1 - momentum) * batch}) and it reads and writes DJL's batch-norm
 * parameter format byte for byte, so parameter files saved with either block load into the other.
 *
 * <p>Input and output: (N, C, H, W) (any rank with channels on axis 1).
 */
public final class BatchNorm2d extends AbstractBlock {

    /** DJL's {@code BatchNorm} format version: the files are interchangeable. */
    private static final byte VERSION = 2;

    private final float epsilon;
    private final float momentum;
    private long inChannels;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private volatile @Nullable Pending pending;
    private boolean folded;

    /**
     * Creates the block.
     *
     * @param epsilon added to the variance, e.g. 1e-5
     * @param momentum the running-average momentum in MXNet's convention, e.g. 0.9 (PyTorch's 0.1)
     * @throws SettingException if epsilon is not positive or momentum is outside [0, 1)
     */
    public BatchNorm2d(float epsilon, float momentum) {
        super(VERSION);
        if (!(epsilon > 0)) {
            throw new SettingException("epsilon", epsilon, "> 0");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new SettingException("momentum", momentum, "in [0, 1)");
        }
        this.epsilon = epsilon;
        this.momentum = momentum;
        this.gamma = addParameter(param("gamma", Parameter.Type.GAMMA, true));
        this.beta = addParameter(param("beta", Parameter.Type.BETA, true));
        this.runningMean = addParameter(param("runningMean", Parameter.Type.RUNNING_MEAN, false));
        this.runningVar = addParameter(param("runningVar", Parameter.Type.RUNNING_VAR, false));
    }

    private static Parameter param(String name, Parameter.Type type, boolean trainable) {
        return Parameter.builder().setName(name).setType(type).optRequiresGrad(trainable).build();
    }

    /**
     * The value added to the variance before its square root (what an exporter needs to fold this
     * layer into the convolution before it).
     *
     * @return epsilon, e.g. 1e-5
     */
    public float epsilon() {
        return epsilon;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps,
            NDList inputs,
            boolean training,
            @Nullable PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (folded) {
            if (training) {
                throw new IllegalStateException(
                        "this batch norm is folded into a convolution: it is for inference only");
            }
            return new NDList(x);
        }
        Device device = x.getDevice();
        NDArray g = ps.getValue(gamma, device, training);
        NDArray b = ps.getValue(beta, device, training);
        NDArray mean = ps.getValue(runningMean, device, training);
        NDArray var = ps.getValue(runningVar, device, training);
        settle();
        long n = x.size() / x.getShape().get(1);
        if (training && n > 1 && "MXNet".equals(x.getManager().getEngine().getEngineName())) {
            // MXNet (MKL-DNN) writes the running statistics during the backward pass, so the
            // correction waits until the next use of this layer or an explicit settle.
            pending = new Pending(var, var.toFloatArray(), n);
        }
        return BatchNorm.batchNorm(x, mean, var, g, b, 1, momentum, epsilon, training);
    }

    /**
     * Applies the running-variance correction of the last MXNet training pass, if one is pending
     * (see the class comment). Trainers call {@link #settleAll(Block)} after each step; the layer
     * also settles before its next forward pass and before its parameters are saved.
     */
    public void settle() {
        Pending p = pending;
        if (p == null) {
            return;
        }
        pending = null;
        float[] after = p.var().toFloatArray();
        if (java.util.Arrays.equals(after, p.before())) {
            return; // no update happened (a training forward without a backward pass)
        }
        for (int c = 0; c < after.length; c++) {
            after[c] += (after[c] - momentum * p.before()[c]) / (p.n() - 1);
        }
        // A plain memory copy, which MXNet's autograd does not track.
        HostArrays.set(p.var(), after);
    }

    /**
     * Settles every {@link BatchNorm2d} of a block tree (see {@link #settle()}).
     *
     * @param root the block, e.g. a SANet block
     */
    public static void settleAll(Block root) {
        if (root instanceof BatchNorm2d bn) {
            bn.settle();
        }
        for (Block child : root.getChildren().values()) {
            settleAll(child);
        }
    }

    /**
     * The per-channel affine this batch norm applies in inference: {@code y = x s + t} with {@code
     * s = gamma / sqrt(runningVar + eps)} and {@code t = beta - runningMean s}.
     *
     * @return {@code [s, t]}, two new (C) arrays on the parameters' manager; close them after use
     */
    NDArray[] scaleAndShift() {
        settle();
        NDArray s = gamma.getArray().div(runningVar.getArray().add(epsilon).sqrt());
        NDArray t = beta.getArray().sub(runningMean.getArray().mul(s));
        return new NDArray[] {s, t};
    }

    /** Turns this layer into the identity: its affine now lives in the convolution before it. */
    void markFolded() {
        folded = true;
    }

    /**
     * Whether this batch norm was folded into the convolution before it (inference only).
     *
     * @return true after folding
     */
    public boolean isFolded() {
        return folded;
    }

    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        if (folded) {
            throw new IllegalStateException(
                    "this batch norm is folded into a convolution: save the model before folding");
        }
        settle();
        super.saveParameters(os);
    }

    /** A running variance written by MXNet's biased rule, to correct once it is written. */
    private record Pending(NDArray var, float[] before, long n) {}

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        inChannels = inputShapes[0].get(1);
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape c = new Shape(inputShapes[0].get(1));
        gamma.setShape(c);
        beta.setShape(c);
        runningMean.setShape(c);
        runningVar.setShape(c);
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(inChannels);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion == VERSION) {
            readInputShapes(is);
        } else if (loadVersion != 1) {
            throw new MalformedModelException("Unsupported encoding version: " + loadVersion);
        }
        inChannels = is.readLong();
    }
}
