package dev.sanet.data;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Sampler;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Pipeline;
import ai.djl.translate.StackBatchifier;
import dev.sanet.core.io.HostArrays;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Iterates a {@link SegmentationDataset} in batches with parallel decoding and augmentation and a
 * bounded prefetch; what {@code SegmentationDataset.getData} returns.
 *
 * <p>Each item of a batch is a separate task on a fixed-size executor: the task decodes the image
 * and label, applies the transform and normalises, all in plain Java (no engine calls, so MXNet's
 * thread-local state is never touched off the caller's thread). At most {@code prefetch} batches
 * are in flight ahead of the consumer.
 *
 * <p>With {@link Transform#TRAIN}, the stack batchifiers and no pipeline (the usual training
 * set-up), tasks write straight into direct batch buffers (N, 3, crop, crop) float32 and (N, crop,
 * crop) int32, reused from batch to batch, and the caller's thread makes each batch with one {@code
 * NDManager.create(Buffer, Shape, DataType)} per array: no per-item float arrays and no extra copy.
 * Otherwise tasks return per-item arrays; equal-sized items are stacked with one {@code
 * create(float[], Shape)}, and with a custom batchifier or pipeline the arrays go through them as
 * in DJL's own iterator.
 *
 * <p>Every {@link Batch} owns a sub-manager; close it after use ({@code EasyTrain} does). A failed
 * item fails {@link #next()} with an {@link IllegalStateException} naming its file.
 */
public final class Loader implements Iterable<Batch>, Iterator<Batch> {

    private final SegmentationDataset dataset;
    private final NDManager manager;
    private final Iterator<List<Long>> sample;
    private final ExecutorService executor;
    private final int prefetch;
    private final Batchifier dataBatchifier;
    private final Batchifier labelBatchifier;
    private final @Nullable Pipeline pipeline;
    private final @Nullable Pipeline targetPipeline;
    private final @Nullable Device device;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final boolean direct;
    private final long total;
    private long submitted;
    private boolean closed;

    Loader(
            SegmentationDataset dataset,
            NDManager manager,
            Sampler sampler,
            ExecutorService executor,
            int prefetch,
            Batchifier dataBatchifier,
            Batchifier labelBatchifier,
            @Nullable Pipeline pipeline,
            @Nullable Pipeline targetPipeline,
            @Nullable Device device) {
        this.dataset = dataset;
        this.manager = manager.newSubManager();
        this.manager.setName("sanetLoader");
        this.sample = sampler.sample(dataset);
        this.executor = executor;
        this.prefetch = prefetch;
        this.dataBatchifier = dataBatchifier;
        this.labelBatchifier = labelBatchifier;
        this.pipeline = pipeline;
        this.targetPipeline = targetPipeline;
        this.device = device;
        this.total = dataset.size();
        this.direct =
                dataset.transform() == Transform.TRAIN
                        && pipeline == null
                        && dataBatchifier instanceof StackBatchifier
                        && labelBatchifier instanceof StackBatchifier;
        fill();
    }

    /**
     * This loader (it is its own iterator, for one pass).
     *
     * @return this
     */
    @Override
    public Iterator<Batch> iterator() {
        return this;
    }

    /**
     * Whether another batch is available; at the end of the pass the loader's manager is closed.
     *
     * @return {@code true} if {@link #next()} returns a batch
     */
    @Override
    public boolean hasNext() {
        if (queue.isEmpty()) {
            if (!closed) {
                closed = true;
                manager.close();
            }
            return false;
        }
        return true;
    }

    /**
     * Waits for the next batch, then submits the batch after the prefetched ones.
     *
     * @return the batch: data {@code [images (N, 3, H, W) float32]}, labels {@code [labels (N, H,
     *     W) int32]}
     * @throws IllegalStateException when an item cannot be read (the message names the file)
     * @throws NoSuchElementException after the last batch
     */
    @Override
    public Batch next() {
        Pending p = queue.poll();
        if (p == null) {
            throw new NoSuchElementException("no more batches");
        }
        fill();
        List<Sample> samples = new ArrayList<>(p.futures.size());
        try {
            for (Future<Sample> f : p.futures) {
                Sample s = f.get();
                if (s != null) {
                    samples.add(s);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(p);
            throw new IllegalStateException("interrupted while loading data", e);
        } catch (ExecutionException e) {
            cancel(p);
            Throwable cause = e.getCause();
            throw new IllegalStateException(
                    "data loading failed: " + (cause == null ? e : cause.getMessage()), cause);
        }
        if (p.buffers != null) {
            return assembleDirect(p);
        }
        return assemble(p, samples);
    }

    private BatchBuffers takeBatchBuffers(int items, int crop) {
        Deque<BatchBuffers> spare = dataset.spareBuffers();
        BatchBuffers b = spare.poll();
        while (b != null && (b.items < items || b.crop != crop)) {
            b = spare.poll();
        }
        return b != null ? b : new BatchBuffers(items, crop);
    }

    private void giveBack(BatchBuffers b) {
        Deque<BatchBuffers> spare = dataset.spareBuffers();
        if (spare.size() <= prefetch + 1) {
            spare.add(b);
        }
    }

    private Batch assembleDirect(Pending p) {
        BatchBuffers b = p.buffers;
        NDManager sub = manager.newSubManager();
        sub.setName("sanetLoader batch");
        int n = p.indices.size();
        int c = b.crop;
        NDList data =
                new NDList(
                        sub.create(
                                b.images.duplicate().clear(),
                                new Shape(n, 3, c, c),
                                DataType.FLOAT32));
        NDList labels =
                new NDList(
                        sub.create(
                                b.labels.duplicate().clear(), new Shape(n, c, c), DataType.INT32));
        // create() copied the data synchronously: the buffers can serve the next batch.
        giveBack(b);
        return finish(p, sub, data, labels, n);
    }

    private void fill() {
        while (queue.size() < prefetch && sample.hasNext()) {
            List<Long> indices = sample.next();
            List<Future<Sample>> futures = new ArrayList<>(indices.size());
            BatchBuffers buffers = null;
            if (direct) {
                int c = dataset.jointTransform().cropSize();
                buffers = takeBatchBuffers(indices.size(), c);
                BatchBuffers b = buffers;
                for (int i = 0; i < indices.size(); i++) {
                    long index = indices.get(i);
                    int image = i * 3 * c * c;
                    int label = i * c * c;
                    futures.add(
                            executor.submit(
                                    () -> {
                                        dataset.sampleInto(index, b.images, image, b.labels, label);
                                        return null;
                                    }));
                }
            } else {
                for (long index : indices) {
                    futures.add(executor.submit(() -> dataset.sample(index)));
                }
            }
            submitted += indices.size();
            queue.add(new Pending(indices, futures, submitted, buffers));
        }
    }

    private static void cancel(Pending p) {
        for (Future<?> f : p.futures) {
            f.cancel(true);
        }
    }

    private Batch assemble(Pending p, List<Sample> samples) {
        NDManager sub = manager.newSubManager();
        sub.setName("sanetLoader batch");
        int n = samples.size();
        NDList data;
        NDList labels;
        Sample first = samples.get(0);
        boolean uniform = true;
        for (Sample s : samples) {
            uniform &= s.height() == first.height() && s.width() == first.width();
        }
        boolean fast =
                uniform
                        && pipeline == null
                        && dataBatchifier instanceof StackBatchifier
                        && labelBatchifier instanceof StackBatchifier;
        if (fast) {
            int h = first.height();
            int w = first.width();
            int imageSize = 3 * h * w;
            int labelSize = h * w;
            float[] images = new float[n * imageSize];
            int[] labelData = new int[n * labelSize];
            for (int i = 0; i < n; i++) {
                System.arraycopy(samples.get(i).image(), 0, images, i * imageSize, imageSize);
                System.arraycopy(samples.get(i).label(), 0, labelData, i * labelSize, labelSize);
            }
            data = new NDList(HostArrays.floats(sub, images, new Shape(n, 3, h, w)));
            labels = new NDList(HostArrays.ints(sub, labelData, new Shape(n, h, w)));
        } else {
            if (!uniform && dataBatchifier instanceof StackBatchifier) {
                sub.close();
                throw new IllegalStateException(
                        "items of one batch differ in size ("
                                + first.width()
                                + "x"
                                + first.height()
                                + " and others): use Transform.TRAIN, batch size 1, or a"
                                + " padding batchifier");
            }
            NDList[] d = new NDList[n];
            NDList[] l = new NDList[n];
            for (int i = 0; i < n; i++) {
                Sample s = samples.get(i);
                NDArray img =
                        HostArrays.floats(sub, s.image(), new Shape(3, s.height(), s.width()));
                d[i] = new NDList(img);
                if (pipeline != null) {
                    d[i] = pipeline.transform(d[i]);
                }
                l[i] =
                        new NDList(
                                HostArrays.ints(sub, s.label(), new Shape(s.height(), s.width())));
            }
            data = dataBatchifier.batchify(d);
            labels = labelBatchifier.batchify(l);
        }
        return finish(p, sub, data, labels, n);
    }

    private Batch finish(Pending p, NDManager sub, NDList data, NDList labels, int n) {
        if (targetPipeline != null) {
            labels = targetPipeline.transform(labels);
        }
        if (device != null) {
            data = data.toDevice(device, false);
            labels = labels.toDevice(device, false);
        }
        return new Batch(
                sub,
                data,
                labels,
                n,
                dataBatchifier,
                labelBatchifier,
                p.progress,
                total,
                p.indices);
    }

    private record Pending(
            List<Long> indices,
            List<Future<Sample>> futures,
            long progress,
            @Nullable BatchBuffers buffers) {}
}
