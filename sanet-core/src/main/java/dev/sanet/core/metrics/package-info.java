/**
 * Segmentation metrics over a confusion matrix accumulated across a whole split: pixel accuracy,
 * per-class IoU and mean IoU in both conventions (docs/paper-reading.md section 5).
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.sanet.core.metrics;

import org.jspecify.annotations.NullMarked;
