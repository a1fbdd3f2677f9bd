package dev.sanet.examples.cli;

import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.nn.PretrainedFormat;
import dev.sanet.core.nn.ResNetLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The command-line side of ImageNet weight files: parsing {@code --format} and turning a file's
 * {@link ResNetLayout} into the {@code --backbone}, {@code --stem}, {@code --avg-down} and {@code
 * --base-width} options that build the matching network.
 */
final class PretrainedOptions {

    private PretrainedOptions() {}

    /**
     * Parses a {@code --format} value.
     *
     * @param format the value, or null for recognition from the names
     * @return the format, or null
     * @throws UserException naming the option and the accepted values
     */
    static @Nullable PretrainedFormat format(@Nullable String format) {
        if (format == null) {
            return null;
        }
        try {
            return PretrainedFormat.fromName(format);
        } catch (IllegalArgumentException e) {
            throw new UserException("--format: " + e.getMessage(), e);
        }
    }

    /**
     * The options that build a network on a backbone of this layout.
     *
     * @param layout the layout of a weights file
     * @return e.g. {@code --backbone resnet50 --stem standard}, or null when no {@link Backbone}
     *     has the layout's blocks (a depth sanet does not offer) or the width is not one a SANet
     *     takes
     */
    static @Nullable String networkOptions(ResNetLayout layout) {
        if (!layout.standardDepth()) {
            return null;
        }
        Backbone backbone;
        try {
            backbone = Backbone.fromName("resnet" + layout.depth());
        } catch (IllegalArgumentException e) {
            return null;
        }
        int w = layout.width();
        if (w < 8 || w > 256 || w % 8 != 0) {
            return null;
        }
        List<String> o = new ArrayList<>();
        o.add("--backbone " + backbone.cliName());
        o.add("--stem " + layout.stem().cliName());
        if (layout.avgDown()) {
            o.add("--avg-down");
        }
        if (w != SANet.DEFAULT_WIDTH) {
            o.add(String.format(Locale.ROOT, "--base-width %d", w));
        }
        return String.join(" ", o);
    }
}
