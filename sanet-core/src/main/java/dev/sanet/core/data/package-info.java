/**
 * What sanet-core and the data sets share, below every other package but {@code settings}: {@link
 * dev.sanet.core.data.Resolution}, the base and crop size a network is trained at (the training
 * transform, the recipe and the saved model read the same value), and {@link
 * dev.sanet.core.data.EpochSeeded}, which a training split implements so that the trainer can seed
 * its augmentation once per epoch.
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.sanet.core.data;

import org.jspecify.annotations.NullMarked;
