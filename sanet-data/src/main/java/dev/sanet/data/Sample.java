package dev.sanet.data;

/**
 * An item transformed and normalised, ready for a batch: the CHW floats of the image and the
 * row-major label, at {@code height x width}.
 */
record Sample(float[] image, int[] label, int height, int width) {}
