package dev.sanet.core.data;

import dev.sanet.core.settings.SettingException;

/**
 * The resolution a network is trained at (paper section 4.1; docs/training.md): the base size, the
 * long side an image is resized to before the random scale of the training transform, and the crop
 * size, the square side of a training sample and of the sliding window at evaluation. The one owner
 * of these two numbers: the training recipe holds one, the training transform reads it, the saved
 * model records it and evaluation and prediction default to it.
 *
 * <p>{@link #PAPER}: base 520, crop 480 (PASCAL VOC and Context in the paper).
 *
 * @param baseSize the long side before the random scale, in pixels, 8..4096
 * @param cropSize the training crop and sliding-window side, in pixels, 8..4096
 */
public record Resolution(int baseSize, int cropSize) {

    /** The paper's resolution: base 520, crop 480. */
    public static final Resolution PAPER = new Resolution(520, 480);

    /** The smallest side accepted: one pixel at output stride 8. */
    public static final int MIN_SIDE = 8;

    /** The largest side accepted: a typo (48000) stops here before it allocates gigabytes. */
    public static final int MAX_SIDE = 4096;

    /**
     * Checks the sizes.
     *
     * @param baseSize the long side before the random scale, in pixels
     * @param cropSize the training crop and sliding-window side, in pixels
     * @throws SettingException naming {@code baseSize} or {@code cropSize} when out of {@value
     *     #MIN_SIDE}..{@value #MAX_SIDE}
     */
    public Resolution {
        SettingException.checkRange("baseSize", baseSize, MIN_SIDE, MAX_SIDE);
        SettingException.checkRange("cropSize", cropSize, MIN_SIDE, MAX_SIDE);
    }
}
