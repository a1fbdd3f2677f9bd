/**
 * Training SANet: the immutable {@link dev.sanet.core.training.TrainingConfig}, the trainer and its
 * pieces (checkpoints holding the optimizer's state for exact resume, reports, time cap, divergence
 * and interrupt handling), {@link dev.sanet.core.training.Training#run} (train, then write the
 * model directory), the SANet loss (paper Eq. 6-9), the poly learning-rate schedule with a faster
 * head, and training curves.
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.sanet.core.training;

import org.jspecify.annotations.NullMarked;
