/**
 * A saved sanet model as an ordinary DJL model: the factories that {@code serving.properties} names
 * ({@link dev.sanet.core.ServingProperties}), so that {@code
 * Criteria.builder().setTypes(Image.class, CategoryMask.class).optModelPath(dir).build()
 * .loadModel()} loads a model directory with sanet-core on the class path and no sanet class in the
 * caller's code. {@link dev.sanet.core.zoo.SANetBlockFactory} builds the network from {@code
 * sanet.json} and wraps it in the evaluation protocol chosen by Criteria arguments ({@link
 * dev.sanet.core.zoo.ProtocolArguments}); {@link dev.sanet.core.zoo.SANetTranslatorFactory} turns
 * images into category masks or class scores.
 *
 * <p>Above {@code dev.sanet.core} in the layering.
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.sanet.core.zoo;

import org.jspecify.annotations.NullMarked;
