package dev.sanet.core.nn;

import java.nio.file.Path;

/**
 * Pretrained weights whose backbone layout (depth, stem, shortcuts, width) differs from the
 * backbone they are loaded into. The message names both layouts and the Java builder call that
 * builds the matching backbone; {@link #fileLayout()} lets a command line name its own options.
 */
public final class PretrainedLayoutException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** The layout the weights file holds. */
    private final ResNetLayout fileLayout;

    /** The layout of the backbone the weights were to go into. */
    private final ResNetLayout backboneLayout;

    /** The backbone's output stride. */
    private final int outputStride;

    /**
     * Creates the exception.
     *
     * @param file the weights file
     * @param fileLayout the layout its tensors describe
     * @param backboneLayout the layout of the backbone being loaded
     * @param outputStride the backbone's output stride
     */
    public PretrainedLayoutException(
            Path file, ResNetLayout fileLayout, ResNetLayout backboneLayout, int outputStride) {
        super(
                "pretrained weights "
                        + file
                        + " hold a "
                        + fileLayout.describe()
                        + ", but the backbone is a "
                        + backboneLayout.describe()
                        + ": build the backbone with "
                        + javaCall(fileLayout, outputStride)
                        + " (a SANet definition: the same depth, stem, avgDown and width)");
        this.file = file;
        this.fileLayout = fileLayout;
        this.backboneLayout = backboneLayout;
        this.outputStride = outputStride;
    }

    /**
     * The Java call that builds a backbone of a layout with an output stride.
     *
     * @param layout the layout
     * @param outputStride the output stride
     * @return e.g. {@code
     *     ResNetV1s.builder().depth(18).stem(Stem.STANDARD)...outputStride(8).build()}
     */
    public static String javaCall(ResNetLayout layout, int outputStride) {
        return layout.builderCall() + ".outputStride(" + outputStride + ").build()";
    }

    /**
     * The weights file.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * The layout the file's tensors describe.
     *
     * @return the layout
     */
    public ResNetLayout fileLayout() {
        return fileLayout;
    }

    /**
     * The layout of the backbone being loaded.
     *
     * @return the layout
     */
    public ResNetLayout backboneLayout() {
        return backboneLayout;
    }

    /**
     * The backbone's output stride.
     *
     * @return 8, 16 or 32
     */
    public int outputStride() {
        return outputStride;
    }
}
