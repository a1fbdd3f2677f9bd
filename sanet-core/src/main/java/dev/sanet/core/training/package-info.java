/**
 * Training SANet: the immutable {@link dev.sanet.core.training.TrainingConfig}, the trainer and its
 * pieces (checkpoints holding the optimizer's state for exact resume, reports, time cap, divergence
 * and interrupt handling), {@link dev.sanet.core.training.Training#run} (train, then write the
 * model directory), the SANet loss (paper Eq. 6-9), the poly learning-rate schedule with a faster
 * head, and training curves. {@link dev.sanet.core.training.Pretraining} reuses the optimizer,
 * schedules ({@link dev.sanet.core.training.RateSchedule}: poly or cosine), checkpoints and seeds
 * to pretrain a backbone as an image classifier ({@code sanet pretrain}).
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.sanet.core.training;

import org.jspecify.annotations.NullMarked;
