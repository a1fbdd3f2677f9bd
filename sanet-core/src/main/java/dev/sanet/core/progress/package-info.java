/**
 * Progress on a console, at the bottom of sanet-core's layers beside {@code settings}: {@link
 * dev.sanet.core.progress.ConsoleProgressBar} draws training steps, validation, reading, scoring,
 * evaluating and predicting alike, so it depends on none of those packages; training adapts it to
 * its listener ({@code TrainingProgress.console}).
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.sanet.core.progress;

import org.jspecify.annotations.NullMarked;
