/**
 * Inference with a trained network: how an image becomes the network's input ({@link
 * dev.sanet.core.inference.ImagePreparation}), the evaluation protocol ({@link
 * dev.sanet.core.inference.Protocol}, carried out per image by {@link
 * dev.sanet.core.inference.Segmenter}), the evaluation of a labelled dataset ({@link
 * dev.sanet.core.inference.Evaluation}) and a DJL translator from images to category masks.
 *
 * <p>Below {@code dev.sanet.core} in the layering: this package knows blocks and selectors, not
 * {@code SANet} or {@code SANetModel}, which offer conveniences on top of it.
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.sanet.core.inference;

import org.jspecify.annotations.NullMarked;
