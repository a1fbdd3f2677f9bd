/**
 * The DJL blocks of SANet: the dilated deep-stem ResNet backbone ({@link
 * dev.sanet.core.nn.ResNetV1s} with {@link dev.sanet.core.nn.BottleneckBlock} and {@link
 * dev.sanet.core.nn.BasicBlock}), the dilated EfficientNets B0..B7 ({@link
 * dev.sanet.core.nn.EfficientNet} with {@link dev.sanet.core.nn.MBConvBlock}; their weight import
 * {@link dev.sanet.core.nn.EfficientNetWeights}), the squeeze-and-attention module ({@link
 * dev.sanet.core.nn.SqueezeAttention}), the squeeze-and-excitation module of the FCN-SE baseline
 * ({@link dev.sanet.core.nn.SqueezeExcitation}), the dense FCN head ({@link
 * dev.sanet.core.nn.DenseHead}), the whole network ({@link dev.sanet.core.SANetBlock}) and the
 * bilinear resize adapter ({@link dev.sanet.core.nn.Resize}), the only engine-specific call.
 *
 * <p>All blocks take and return NCHW float32 arrays. Everything here is non-null unless annotated
 * {@code @Nullable} (JSpecify).
 */
@NullMarked
package dev.sanet.core.nn;

import org.jspecify.annotations.NullMarked;
