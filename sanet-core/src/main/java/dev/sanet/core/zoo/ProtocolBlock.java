package dev.sanet.core.zoo;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sanet.core.inference.Segmenter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A SANet block run under an evaluation protocol: its forward pass takes one normalised image
 * {@code (1, 3, H, W)} (or {@code (3, H, W)}) and gives the summed class scores {@code (1, K, H,
 * W)} (or {@code (K, H, W)}) that a {@link Segmenter} computes from several scales, flip and a
 * sliding window. What DJL's predictor runs for a model loaded through {@code Criteria}.
 *
 * <p>On an inference-only engine (ONNX Runtime) the input comes on that engine's manager; the
 * protocol's NDArray work then runs on a work manager of a training engine, as it does for {@code
 * SANetModel.load(dir, "onnxruntime")}: the image is copied there and the scores copied back.
 *
 * <p>The parameters are the wrapped network's, saved and loaded in its own format, so the block
 * reads a model directory's {@code sanet-0000.params} as the network itself does. Inference only.
 */
public final class ProtocolBlock extends AbstractBlock {

    private final Block network;
    private final Segmenter segmenter;
    private final int numClasses;
    private final @Nullable NDManager work;

    /**
     * Wraps a network.
     *
     * @param network the SANet block (initialised)
     * @param segmenter a segmenter of that block under the chosen protocol
     * @param numClasses K, the number of classes
     */
    public ProtocolBlock(Block network, Segmenter segmenter, int numClasses) {
        this(network, segmenter, numClasses, null);
    }

    /**
     * Wraps a network whose protocol work runs on a given manager.
     *
     * @param network the network (initialised), taking arrays of {@code work}'s engine
     * @param segmenter a segmenter of that network under the chosen protocol
     * @param numClasses K, the number of classes
     * @param work where the protocol's NDArray work runs when an input comes on another engine
     *     (each call in a sub-manager of it), or null to run it on the input's manager; stays the
     *     caller's
     */
    public ProtocolBlock(
            Block network, Segmenter segmenter, int numClasses, @Nullable NDManager work) {
        this.network = addChildBlock("network", network);
        this.segmenter = segmenter;
        this.numClasses = numClasses;
        this.work = work;
    }

    /**
     * The segmenter the forward pass runs.
     *
     * @return the segmenter
     */
    public Segmenter segmenter() {
        return segmenter;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            @Nullable PairList<String, Object> params) {
        if (training) {
            throw new UnsupportedOperationException(
                    "a model loaded through Criteria is for inference; train with sanet train");
        }
        NDArray x = inputs.singletonOrThrow();
        NDManager caller = x.getManager();
        String engine = caller.getEngine().getEngineName();
        if (work == null || work.getEngine().getEngineName().equals(engine)) {
            return new NDList(scores(x));
        }
        // Only the copy of the scores onto the caller's engine outlives the sub-manager.
        try (NDManager sub = work.newSubManager()) {
            return new NDList(caller.from(scores(sub.from(x))));
        }
    }

    private NDArray scores(NDArray x) {
        NDArray scores;
        if ("MXNet".equals(x.getManager().getEngine().getEngineName())) {
            // MXNet's imperative engine deadlocked with two threads forwarding one network at
            // once: predictors of one model take turns, as ImagePredictor's calls do.
            synchronized (network) {
                scores = segmenter.scores(x);
            }
        } else {
            scores = segmenter.scores(x);
        }
        return x.getShape().dimension() == 4 ? scores.expandDims(0) : scores;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        int d = in.dimension();
        Shape out =
                d == 4
                        ? new Shape(in.get(0), numClasses, in.get(2), in.get(3))
                        : new Shape(numClasses, in.get(d - 2), in.get(d - 1));
        return new Shape[] {out};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        network.initialize(manager, dataType, inputShapes);
    }

    @Override
    public boolean isInitialized() {
        return network.isInitialized();
    }

    // The wrapped network's own format, so that a model folder's parameter file reads as is.
    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        network.saveParameters(os);
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is)
            throws IOException, MalformedModelException {
        network.loadParameters(manager, is);
    }
}
