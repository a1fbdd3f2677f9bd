package dev.sanet.core.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import dev.sanet.core.io.HostArrays;
import dev.sanet.core.metrics.ConfusionMatrix;
import dev.sanet.core.nn.Resize;
import dev.sanet.core.settings.SettingException;
import java.io.IOException;

/**
 * Evaluates a network on a labelled dataset under a {@link Protocol}: every image through a {@link
 * Segmenter}, the argmax of its scores counted against the label in one {@link ConfusionMatrix}
 * over the whole dataset (docs/paper-reading.md section 5). {@code sanet eval}, the trainer's
 * validation and {@code SANetModel.evaluate} all run this loop.
 *
 * <p>The dataset's records hold a normalised image {@code (3, H, W)} (or {@code (1, 3, H, W)}) as
 * their first data array and its class ids {@code (H, W)} (or {@code (1, H, W)}) as their first
 * label array, at the same size; that is what the datasets of {@code sanet-data} give with their
 * default {@code Transform.EVAL}, and what a DJL {@code ArrayDataset} of such arrays gives. Pixels
 * labelled outside {@code [0, K)} (the ignore label 255 in particular) are not counted; every
 * prediction is a class of the network, so none falls outside {@code [0, K)}.
 *
 * <p>Each record is read with {@code get(manager, index)} on its own sub-manager of the manager
 * passed to {@link #evaluate}, which must belong to the network's engine (its parameters' engine,
 * checked): an array of one engine cannot enter another's computation. Arrays a dataset makes on
 * another engine or device are copied over. The sub-manager is closed after the image, so memory
 * does not grow with the dataset. An evaluation holds no per-call state; use one per thread.
 *
 * <pre>{@code
 * Segmenter segmenter =
 *         Segmenter.builder(block, definition::predictionLogits)
 *                 .optProtocol(Protocol.PAPER_MULTI_SCALE)
 *                 .build();
 * Evaluation evaluation = Evaluation.of(segmenter, 21);
 * EvaluationResult r = evaluation.evaluate(dataset, model.getNDManager(), (done, total) -> {});
 * double mIoU = r.scores().meanIoU();
 * }</pre>
 */
public final class Evaluation {

    private final Block block;
    private final Segmenter segmenter;
    private final int numClasses;
    private final int maxSide;

    private Evaluation(Segmenter segmenter, int numClasses) {
        this.block = segmenter.block();
        this.numClasses = numClasses;
        this.maxSide = segmenter.protocol().maxSide();
        this.segmenter = segmenter;
    }

    /**
     * An evaluation that segments every image with a segmenter: its network, protocol (the size
     * bound included) and pad value, so that these are declared once, on the segmenter.
     *
     * @param segmenter the segmenter, e.g. {@code SANetModel.newSegmenter(protocol)}
     * @param numClasses K, at least 1: the network's class count
     * @return the evaluation
     * @throws SettingException naming {@code numClasses} when it is below 1
     */
    public static Evaluation of(Segmenter segmenter, int numClasses) {
        if (numClasses < 1) {
            throw new SettingException("numClasses", numClasses, ">= 1");
        }
        return new Evaluation(segmenter, numClasses);
    }

    /**
     * The protocol every image is segmented with.
     *
     * @return the protocol
     */
    public Protocol protocol() {
        return segmenter.protocol();
    }

    /**
     * The class count.
     *
     * @return K
     */
    public int numClasses() {
        return numClasses;
    }

    /**
     * Evaluates every record of the dataset, without progress reports.
     *
     * @param data records of a normalised image {@code (3, H, W)} and its labels {@code (H, W)}
     * @param manager a manager of the network's engine and device, e.g. the model's
     * @return the confusion matrix over the dataset and its scores
     * @throws IOException when a record cannot be read
     * @throws IllegalArgumentException when the manager's engine is not the network's, or a record
     *     is not an image with a label of its size
     */
    public EvaluationResult evaluate(RandomAccessDataset data, NDManager manager)
            throws IOException {
        return evaluate(data, manager, EvaluationListener.NONE);
    }

    /**
     * Evaluates every record of the dataset, each in its own sub-manager of {@code manager}.
     *
     * @param data records of a normalised image {@code (3, H, W)} and its labels {@code (H, W)}
     * @param manager a manager of the network's engine and device, e.g. the model's
     * @param listener told after each image
     * @return the confusion matrix over the dataset and its scores
     * @throws IOException when a record cannot be read
     * @throws IllegalArgumentException when the manager's engine is not the network's, or a record
     *     is not an image with a label of its size
     * @throws IllegalStateException when the network's scores do not have K channels
     */
    public EvaluationResult evaluate(
            RandomAccessDataset data, NDManager manager, EvaluationListener listener)
            throws IOException {
        checkEngine(manager);
        ConfusionMatrix cm = new ConfusionMatrix(numClasses);
        long n = data.size();
        try (NDManager root = manager.newSubManager()) {
            for (long i = 0; i < n; i++) {
                try (NDManager m = root.newSubManager()) {
                    Record r = data.get(m, i);
                    NDArray image = onManager(m, r.getData().head());
                    NDArray label = onManager(m, r.getLabels().head());
                    Shape full = image.getShape();
                    boolean large = maxSide > 0 && Math.max(full.get(1), full.get(2)) > maxSide;
                    NDArray scores = segmenter.scores(large ? bounded(image) : image);
                    if (scores.getShape().get(0) != numClasses) {
                        throw new IllegalStateException(
                                "the network gave "
                                        + scores.getShape().get(0)
                                        + " class scores but the evaluation counts "
                                        + numClasses
                                        + " classes");
                    }
                    NDArray classes = scores.argMax(0);
                    if (large) {
                        classes = nearest(classes, (int) full.get(1), (int) full.get(2));
                    }
                    cm.add(labelMap(label, classes.getShape(), i), classes);
                }
                listener.onImage(i + 1, n);
            }
        }
        return new EvaluationResult(cm, n, segmenter.protocol());
    }

    /**
     * The image scaled (bilinear) so that its long side is {@link Protocol#maxSide()}: the
     * network's scores then exist only at that size, whatever the input's.
     */
    private NDArray bounded(NDArray image) {
        Shape s = image.getShape();
        double f = (double) maxSide / Math.max(s.get(1), s.get(2));
        int h = (int) Math.max(1, Math.round(s.get(1) * f));
        int w = (int) Math.max(1, Math.round(s.get(2) * f));
        return Resize.bilinear(image.expandDims(0), h, w).squeeze(0);
    }

    /**
     * Scales a class map up to {@code (height, width)} by nearest neighbour (pixel centres), so
     * that it is counted against the label at the label's own resolution: one {@code take} of
     * linear indices built from a row and a column index vector, on the class map's engine.
     */
    private static NDArray nearest(NDArray classes, int height, int width) {
        NDManager m = classes.getManager();
        int w = (int) classes.getShape().get(1);
        NDArray rows =
                HostArrays.longs(m, sources(height, (int) classes.getShape().get(0)))
                        .mul(w)
                        .reshape(height, 1);
        NDArray cols = HostArrays.longs(m, sources(width, w)).reshape(1, width);
        return classes.flatten().take(rows.add(cols));
    }

    /** For each of {@code out} output positions, the input position whose centre is nearest. */
    private static long[] sources(int out, int in) {
        long[] src = new long[out];
        for (int i = 0; i < out; i++) {
            src[i] = Math.min(in - 1, (long) ((i + 0.5) * in / out));
        }
        return src;
    }

    /** The label as an {@code (H, W)} map, or an error naming the record and both shapes. */
    private static NDArray labelMap(NDArray label, Shape expected, long index) {
        Shape s = label.getShape();
        if (s.dimension() == 3 && s.get(0) == 1) {
            label = label.squeeze(0);
        }
        if (!label.getShape().equals(expected)) {
            throw new IllegalArgumentException(
                    "record "
                            + index
                            + ": the label has shape "
                            + s
                            + " but its image is "
                            + expected
                            + " (H, W)");
        }
        return label;
    }

    /** The array on {@code m}'s engine and device: itself when it is already there. */
    private static NDArray onManager(NDManager m, NDArray a) {
        NDArray x = m.from(a);
        if (!x.getDevice().equals(m.getDevice())) {
            x = x.toDevice(m.getDevice(), false);
        }
        return x;
    }

    /** Refuses a manager of another engine than the network's parameters. */
    private void checkEngine(NDManager manager) {
        String engine = manager.getEngine().getEngineName();
        for (Parameter p : block.getParameters().values()) {
            if (p.isInitialized()) {
                String own = p.getArray().getManager().getEngine().getEngineName();
                if (!own.equals(engine)) {
                    throw new IllegalArgumentException(
                            "the network's parameters live on "
                                    + own
                                    + " but the evaluation manager is on "
                                    + engine
                                    + ": pass a manager of the network's engine (the model's)");
                }
                return;
            }
        }
    }
}
