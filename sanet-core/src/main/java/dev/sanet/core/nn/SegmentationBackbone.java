package dev.sanet.core.nn;

import ai.djl.nn.Block;

/**
 * A feature extractor that a SANet (or a baseline) can sit on: a block whose forward pass maps an
 * {@code (N, 3, H, W)} image batch to the outputs of four stages, {@code [c1, c2, c3, c4]}, each
 * {@code (N, C_i, H_i, W_i)}. The SA heads read all four (SA1..SA4), the dense head reads {@code
 * c4}, and the concatenation is resized to {@code c2}'s size, so {@code c2} should be the finest
 * map the heads are meant to work at (1/8 of the input in the paper).
 *
 * <p>{@link ResNetV1s}, the paper's dilated ResNet, implements it; a user's backbone does so too
 * and goes into {@code SANet.newBlock(backbone)}. Every parameter of the backbone trains at the
 * base learning rate, every other parameter of the network at the head multiplier (10x).
 */
public interface SegmentationBackbone extends Block {

    /**
     * The channels of the four stage outputs.
     *
     * @return a fresh array {@code [C1, C2, C3, C4]}, e.g. {@code [256, 512, 1024, 2048]} for a
     *     ResNet50 at width 64
     */
    int[] stageChannels();
}
