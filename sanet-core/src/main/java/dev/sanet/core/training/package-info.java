/**
 * Training SANet: the immutable {@link dev.sanet.core.training.TrainingConfig} (a {@link
 * dev.sanet.core.training.TrainingNetwork}, what is trained, and a {@link
 * dev.sanet.core.training.Recipe}, how), the trainer and its pieces (checkpoints holding the
 * optimizer's state for exact resume, reports, time cap, divergence and interrupt handling), {@link
 * dev.sanet.core.training.Training#run} (train, then write the model directory), the SANet loss
 * (paper Eq. 6-9), the learning-rate schedules ({@link dev.sanet.core.training.Schedule}: poly with
 * a faster head, or cosine) and training curves. {@link dev.sanet.core.training.Pretraining} runs
 * the same loop with the same recipe to pretrain a backbone as an image classifier ({@code sanet
 * pretrain}); {@link dev.sanet.core.training.Benchmark} times its step ({@code sanet bench}).
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.sanet.core.training;

import org.jspecify.annotations.NullMarked;
