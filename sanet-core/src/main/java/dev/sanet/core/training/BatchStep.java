package dev.sanet.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.util.Pair;
import dev.sanet.core.nn.Scalars;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The forward and backward passes of one batch, leaving the gradient of the whole batch's mean loss
 * in the parameters (the optimizer step is the caller's).
 *
 * <p>The batch is split into shares, one per device (data parallel) or {@code microBatches} on one
 * device. Each share's loss, a mean over its pixels, is weighted by its share of the batch and the
 * shares' gradients are summed (by DJL's parameter server across devices, here for micro-batches),
 * which gives the gradient of the whole batch's mean loss whatever the split. Every array of the
 * step lives in the batch's manager, closed with the batch.
 */
final class BatchStep {

    private final Objective objective;
    private final int microBatches;
    private final @Nullable Consumer<NDArray> afterLoss;

    /**
     * Creates the step.
     *
     * @param objective the loss (segmentation's {@link SANetLoss}, or the classifier's)
     * @param microBatches the micro-batches of a batch on one device, &gt;= 1
     */
    BatchStep(Objective objective, int microBatches) {
        this(objective, microBatches, null);
    }

    /**
     * Creates the step with a hook between the forward pass (loss included) and the backward pass,
     * for {@link Benchmark}'s phases.
     *
     * @param objective the loss
     * @param microBatches the micro-batches of a batch on one device, &gt;= 1
     * @param afterLoss receives each share's total loss before its backward pass, or null
     */
    BatchStep(Objective objective, int microBatches, @Nullable Consumer<NDArray> afterLoss) {
        this.objective = objective;
        this.microBatches = microBatches;
        this.afterLoss = afterLoss;
    }

    /**
     * Runs forward and backward over a batch.
     *
     * @param trainer the DJL trainer
     * @param batch the batch; its manager owns everything the step creates
     * @return the batch's {@code loss} (the weighted total) and its unweighted terms by name
     */
    Map<String, Double> run(Trainer trainer, Batch batch) {
        Map<String, Double> terms = new LinkedHashMap<>();
        if (microBatches > 1) {
            accumulate(trainer, batch, terms);
            return terms;
        }
        Batch[] splits = batch.split(trainer.getDevices(), false);
        try (GradientCollector collector = trainer.newGradientCollector()) {
            for (Batch split : splits) {
                double share = (double) split.getSize() / batch.getSize();
                backward(trainer, collector, split.getData(), split.getLabels(), share, terms);
            }
        }
        return terms;
    }

    private void backward(
            Trainer trainer,
            GradientCollector collector,
            NDList data,
            NDList labels,
            double share,
            Map<String, Double> terms) {
        NDList preds = trainer.forward(data, labels);
        SANetLoss.Terms t = objective.terms(labels, preds);
        if (afterLoss != null) {
            afterLoss.accept(t.total());
        }
        collector.backward(share == 1 ? t.total() : Scalars.mul(t.total(), (float) share));
        terms.merge("loss", t.total().getFloat() * share, Double::sum);
        for (Map.Entry<String, NDArray> e : t.parts().entrySet()) {
            terms.merge(e.getKey(), scalar(e.getValue()) * share, Double::sum);
        }
    }

    /** A part's value; an accuracy comes in double precision, loss terms in single. */
    private static double scalar(NDArray a) {
        return a.getDataType() == DataType.FLOAT64 ? a.getDouble() : a.getFloat();
    }

    /**
     * The micro-batch path on one device: each micro-batch runs forward and backward on its own,
     * and the gradients are summed here, since engines differ (MXNet overwrites a gradient on each
     * backward pass, PyTorch adds to it).
     */
    private void accumulate(Trainer trainer, Batch batch, Map<String, Double> terms) {
        long size = batch.getSize();
        long per = size / microBatches;
        NDManager scope = batch.getManager();
        List<NDArray> grads = new ArrayList<>();
        @Nullable NDArray @Nullable [] sum = null;
        for (int i = 0; i < microBatches; i++) {
            String range = (i * per) + ":" + ((i + 1) * per);
            NDList data = slice(batch.getData(), range);
            NDList labels = slice(batch.getLabels(), range);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                backward(trainer, collector, data, labels, (double) per / size, terms);
            }
            if (sum == null) {
                // After the first backward pass: before it, PyTorch has no gradient tensor yet
                // and DJL would hand out a detached array of zeros.
                for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
                    if (p.getValue().requiresGradient()) {
                        NDArray g = p.getValue().getArray().getGradient();
                        g.attach(scope); // a handle on the gradient, released with the batch
                        grads.add(g);
                    }
                }
                sum = new NDArray[grads.size()];
            }
            for (int j = 0; j < sum.length; j++) {
                NDArray g = grads.get(j);
                if (sum[j] == null) {
                    sum[j] = g.duplicate();
                    sum[j].attach(scope); // freed with the batch, not with the parameters
                } else {
                    sum[j].addi(g);
                }
                g.subi(g); // an engine that adds to gradients must start the next share at zero
            }
        }
        for (int j = 0; sum != null && j < sum.length; j++) {
            sum[j].copyTo(grads.get(j));
        }
    }

    private static NDList slice(NDList list, String range) {
        NDList out = new NDList(list.size());
        for (NDArray a : list) {
            out.add(a.get(range));
        }
        return out;
    }
}
