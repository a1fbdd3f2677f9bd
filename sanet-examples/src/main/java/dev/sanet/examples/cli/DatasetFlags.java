package dev.sanet.examples.cli;

import dev.sanet.data.DatasetOptions;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --dataset D --data ROOT --split S}: which split of which dataset a command reads ({@code
 * eval}, {@code train}, {@code dataset stats}, {@code dataset bench}). They become a {@link
 * DatasetOptions}, the one value of the dataset settings; each command's own help text for them is
 * in {@code OptionTexts.properties}.
 */
final class DatasetFlags implements RequiredFlags.Group {

    @Option(
            names = "--dataset",
            paramLabel = "D",
            description =
                    "voc, voc-aug, context59, context60, folder, synthetic, or a name registered"
                            + " with Datasets.register.")
    @Nullable String dataset;

    @Option(names = "--data", paramLabel = "ROOT", description = "The dataset's root folder.")
    @Nullable Path data;

    @Option(names = "--split", description = "Split (default: ${DEFAULT-VALUE}).")
    String split;

    private final boolean required;

    /**
     * Dataset flags with a command's defaults.
     *
     * @param defaultDataset the dataset without {@code --dataset}, or null when the flag is
     *     required
     * @param defaultSplit the split without {@code --split}
     */
    DatasetFlags(@Nullable String defaultDataset, String defaultSplit) {
        this.dataset = defaultDataset;
        this.split = defaultSplit;
        this.required = defaultDataset == null;
    }

    @Override
    public List<String> requiredFlags() {
        return required ? List.of("--dataset") : List.of();
    }

    /**
     * The dataset's name.
     *
     * @return the {@code --dataset} value or the command's default
     * @throws UserException when neither is set (picocli stops a required {@code --dataset} first)
     */
    String name() {
        if (dataset == null) {
            throw new UserException(
                    "missing required option '--dataset=D': name the dataset (voc, voc-aug,"
                            + " context59, context60, folder or synthetic)");
        }
        return dataset;
    }

    /**
     * The dataset's root folder.
     *
     * @return the {@code --data} value, or null (the dataset's default location)
     */
    @Nullable Path root() {
        return data;
    }

    /**
     * The split.
     *
     * @return the {@code --split} value or the command's default
     */
    String split() {
        return split;
    }

    /**
     * The dataset settings these flags give: root and split; the command adds the rest.
     *
     * @return a builder holding the root and the split
     */
    DatasetOptions.Builder options() {
        return DatasetOptions.builder().root(data).split(split);
    }
}
