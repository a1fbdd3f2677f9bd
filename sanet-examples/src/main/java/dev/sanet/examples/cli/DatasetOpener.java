package dev.sanet.examples.cli;

import dev.sanet.core.data.Resolution;
import dev.sanet.data.DatasetOptions;
import dev.sanet.data.Datasets;
import dev.sanet.data.SegmentationDataset;
import dev.sanet.data.Transform;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * How every command opens a dataset: {@link Datasets#open(String, DatasetOptions)}, with the
 * library's one-line message turned into a user mistake that names the flag ({@code --dataset},
 * {@code --data}).
 */
final class DatasetOpener {

    private DatasetOpener() {}

    /**
     * Opens the named dataset.
     *
     * @param name the {@code --dataset} value: a built-in or registered name
     * @param options the root ({@code --data}), split and the other options
     * @return the dataset; close it after use
     * @throws UserException naming the flag and the library's reason when the name is unknown or
     *     the root, layout, split or an option is wrong
     */
    static SegmentationDataset open(String name, DatasetOptions options) {
        if (!Datasets.contains(name)) {
            try {
                Datasets.builder(name);
            } catch (IllegalArgumentException e) {
                throw new UserException("--dataset " + name + ": " + e.getMessage(), e);
            }
        }
        try {
            return Datasets.open(name, options);
        } catch (IllegalArgumentException e) {
            throw new UserException(prefix(name, options.root()) + e.getMessage(), e);
        }
    }

    /**
     * The training split of a synthetic VOC tree written by {@code SyntheticWriter}, as the demo
     * trains on it: the images at their own size (base = crop = side), long side scaled in [0.75,
     * 1.5] (the images are small already), flipped, shuffled, full batches only.
     *
     * @param dataDir the tree's root
     * @param side the synthetic images' side
     * @param batch the batch size
     * @param seed the augmentation seed
     * @return the options for {@link #open(String, DatasetOptions)} with {@code voc}
     */
    static DatasetOptions syntheticTrain(Path dataDir, int side, int batch, long seed) {
        return DatasetOptions.builder()
                .root(dataDir)
                .split("train")
                .transform(Transform.TRAIN)
                .resolution(new Resolution(side, side))
                .scaleRange(0.75, 1.5)
                .seed(seed)
                .sampling(batch, true, true)
                .build();
    }

    /** The flag a failure is about: the root when one was given or is needed, else none. */
    private static String prefix(String name, @Nullable Path root) {
        if (root != null) {
            return "--data " + root + ": ";
        }
        return Datasets.builder(name).requiresRoot() ? "--data: " : "";
    }
}
