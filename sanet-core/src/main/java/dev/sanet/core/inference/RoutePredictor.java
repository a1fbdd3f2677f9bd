package dev.sanet.core.inference;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

/**
 * DJL's predictor for the prediction route: it runs the model's network with {@link
 * PredictionOnly}'s forward parameter, so a SANet network computes only the heads its prediction
 * reads, as {@link Segmenter} runs it. Not thread-safe, like every DJL predictor.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class RoutePredictor<I, O> extends Predictor<I, O> {

    /**
     * A predictor of a model on the model's device.
     *
     * @param model the model whose block is the network
     * @param translator the translator, e.g. a {@link SANetTranslator}
     */
    public RoutePredictor(Model model, Translator<I, O> translator) {
        super(model, translator, model.getNDManager().getDevice(), false);
    }

    @Override
    protected NDList predictInternal(TranslatorContext ctx, NDList ndList) {
        if (ndList.isEmpty()) {
            return new NDList();
        }
        return block.forward(parameterStore, ndList, false, PredictionOnly.params());
    }
}
