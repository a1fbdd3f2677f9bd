package dev.sanet.core.training;

import ai.djl.ndarray.NDList;

/**
 * What a training step differentiates and reports, given a batch's labels and the network's
 * outputs: the weighted total (the value to differentiate) and its parts by name. {@link SANetLoss}
 * is segmentation's (the parts are its unweighted terms); pretraining's classifier reports its
 * top-1 accuracy beside the cross-entropy. {@link BatchStep} runs either.
 */
interface Objective {

    /**
     * Evaluates the objective on one share of a batch.
     *
     * @param labels the share's labels
     * @param predictions the network's outputs on the share
     * @return the total and its parts (scalars; FLOAT32 or FLOAT64)
     */
    SANetLoss.Terms terms(NDList labels, NDList predictions);
}
