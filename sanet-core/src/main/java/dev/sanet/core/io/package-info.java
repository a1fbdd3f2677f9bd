/**
 * Files sanet reads and writes besides images: weights in the formats of the field (safetensors,
 * MXNet's NDArray lists), NumPy arrays, and the guards that keep outputs from overwriting a user's
 * files.
 *
 * <p>Everything here is non-null unless annotated {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.sanet.core.io;

import org.jspecify.annotations.NullMarked;
