package dev.sanet.onnx.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sanet.core.inference.FixedSizeNetwork;
import org.jspecify.annotations.Nullable;

/**
 * An exported sanet graph on ONNX Runtime as the network of the prediction route: it takes the
 * normalised image {@code (N, 3, H, W)} on the caller's engine, runs DJL's ONNX Runtime block and
 * gives {@code [scores (N, K, H, W)]} back on the caller's engine, so the route's NDArray work
 * (resizing, flip, sliding window, argmax) never leaves it. A graph exported with a fixed size says
 * so ({@link FixedSizeNetwork}), and the route feeds it exactly that size. Inference only.
 */
final class OrtNetwork extends AbstractBlock implements FixedSizeNetwork {

    private static final byte VERSION = 1;

    private final Block graph;
    private final NDManager ortManager;
    private final String inputName;
    private final long numClasses;
    private final int @Nullable [] fixedSize;

    /**
     * Wraps the graph's block.
     *
     * @param graph DJL's ONNX Runtime block of the graph (one input, one output)
     * @param ortManager the ONNX Runtime model's manager
     * @param numClasses K, the output's channels
     * @param fixedSize the input's {@code {height, width}} when the graph fixes them, else null
     */
    OrtNetwork(Block graph, NDManager ortManager, long numClasses, int @Nullable [] fixedSize) {
        super(VERSION);
        this.graph = graph;
        this.ortManager = ortManager;
        this.inputName = graph.describeInput().get(0).getKey();
        this.numClasses = numClasses;
        this.fixedSize = fixedSize == null ? null : fixedSize.clone();
    }

    @Override
    public int @Nullable [] fixedSize() {
        return fixedSize == null ? null : fixedSize.clone();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps,
            NDList inputs,
            boolean training,
            @Nullable PairList<String, Object> params) {
        if (training) {
            throw new UnsupportedOperationException(
                    "ONNX Runtime runs inference only: train on mxnet or pytorch");
        }
        NDArray x = inputs.singletonOrThrow();
        NDManager caller = x.getManager();
        // The copy into an ONNX tensor and the graph's own output live in this sub-manager; only
        // the copy of the scores onto the caller's engine outlives it. An input that is an ONNX
        // tensor already (DJL's own predictor on this engine) is used as it is.
        try (NDManager sub = ortManager.newSubManager()) {
            NDArray in = sub.from(x);
            // DJL's block feeds inputs by name when they have one: give it the graph's.
            in.setName(inputName);
            NDList out = graph.forward(new ParameterStore(sub, false), new NDList(in), false);
            NDArray scores = out.singletonOrThrow();
            NDArray mine = caller.from(scores);
            if (mine == scores) {
                scores.attach(caller);
            }
            mine.setName("scores");
            return new NDList(mine);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), numClasses, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        // The graph's weights are inside the ONNX model: nothing to initialise.
    }
}
