package dev.sanet.core.inference;

import org.jspecify.annotations.Nullable;

/**
 * A network block that may take one input height and width only, such as an ONNX graph exported
 * with a fixed size. The prediction route ({@link Segmenter}) feeds such a network exactly that
 * size: each scale's resized image, however small or large, is padded to at least the network's
 * size with the pad value and covered by windows of that size (the sliding window, with the
 * network's size in place of the protocol's crop and the stride rule of {@link
 * Protocol#strideFor}). A network that takes any size returns null and runs as any other.
 */
public interface FixedSizeNetwork {

    /**
     * The input size this network is fixed to.
     *
     * @return {@code {height, width}}, each at least 1, or null when the network takes any size
     */
    int @Nullable [] fixedSize();
}
