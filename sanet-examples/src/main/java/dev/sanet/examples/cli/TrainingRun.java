package dev.sanet.examples.cli;

import dev.sanet.core.RuntimeInfo;
import dev.sanet.core.SANet;
import dev.sanet.core.data.Resolution;
import dev.sanet.core.io.OutputLock;
import dev.sanet.core.io.Palette;
import dev.sanet.core.training.EpochRecord;
import dev.sanet.core.training.Recipe;
import dev.sanet.core.training.Training;
import dev.sanet.core.training.TrainingConfig;
import dev.sanet.core.training.TrainingNetwork;
import dev.sanet.core.training.TrainingProgress;
import dev.sanet.core.training.TrainingResult;
import dev.sanet.data.SegmentationDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The command line's side of a training run: a {@link TrainingConfig} preset from a network and the
 * training split (class names and colours, crop and base size, title, progress bar), and the JSON
 * fields every training command reports. The run itself, training and then writing the model
 * directory, is {@link Training#run}.
 */
final class TrainingRun {

    private TrainingRun() {}

    /**
     * The network preset for a definition and its training split: the split's class names in the
     * VOC palette's colours. The caller adds the loss and pretrained weights.
     *
     * @param def the network
     * @param train the training split (TRAIN transform)
     * @return the builder
     */
    static TrainingNetwork.Builder network(SANet def, SegmentationDataset train) {
        List<String> classes = train.classNames();
        int[] colors = new int[classes.size()];
        for (int k = 0; k < colors.length; k++) {
            colors[k] = Palette.voc().rgb(k);
        }
        return TrainingNetwork.builder(def).classes(classes).colors(colors);
    }

    /**
     * A configuration preset for a network and its training split: a title naming the backbone and
     * the dataset, and a progress bar on standard error. The caller adds the recipe (from {@link
     * #recipe}), the run folder and the devices.
     *
     * @param network the network (of a definition, from {@link #network})
     * @param train the training split (TRAIN transform)
     * @return the builder
     */
    static TrainingConfig.Builder config(TrainingNetwork network, SegmentationDataset train) {
        SANet def = Objects.requireNonNull(network.definition(), "definition");
        return TrainingConfig.builder(network)
                .title("SANet " + def.backbone().cliName() + " on " + train.name())
                .progress(TrainingProgress.stderr());
    }

    /**
     * A segmentation recipe preset with the training split's resolution (its crop is the sample
     * side, its base size is written into the model); the caller sets batch, epochs, rates,
     * optimizer and seed.
     *
     * @param train the training split (TRAIN transform)
     * @return the recipe's builder
     */
    static Recipe.Builder recipe(SegmentationDataset train) {
        return Recipe.segmentation().toBuilder()
                .resolution(
                        new Resolution(
                                train.jointTransform().baseSize(),
                                train.jointTransform().cropSize()));
    }

    /**
     * The JSON fields every training command reports: {@code engine}, {@code threads} (the
     * engine's), {@code pixAcc}, {@code mIoU}, {@code mIoUAllClasses}, {@code perClassIoU} (null
     * without validation), {@code startEpoch}, {@code epochs}, {@code iterations}, {@code seconds},
     * {@code interrupted}, {@code modelDir}, and {@code files}: every file of the run folder, by
     * absolute path ({@link #files}).
     *
     * @param r the run
     * @param runDir the run folder
     * @return an insertion-ordered map
     * @throws IOException when the run folder cannot be listed
     */
    static Map<String, Object> json(TrainingResult r, Path runDir) throws IOException {
        Map<String, Object> o = new LinkedHashMap<>();
        EpochRecord last = r.last();
        o.put("engine", r.engine());
        o.put("threads", RuntimeInfo.current(r.engine(), false).threads());
        o.put("pixAcc", last == null ? null : finite(last.pixAcc()));
        o.put("mIoU", last == null ? null : finite(last.mIoU()));
        o.put("mIoUAllClasses", last == null ? null : finite(last.mIoUAllClasses()));
        o.put("perClassIoU", last == null ? null : last.perClassIoU());
        o.put("startEpoch", r.summary().startEpoch());
        o.put("epochs", r.summary().epochs());
        o.put("iterations", r.summary().iterations());
        o.put("seconds", Math.round(r.summary().seconds() * 10) / 10.0);
        o.put("interrupted", r.summary().interrupted());
        o.put("modelDir", r.modelDir().toAbsolutePath().toString());
        List<String> files = files(runDir);
        files.addAll(files(r.modelDir()));
        o.put("files", files.stream().distinct().toList());
        return o;
    }

    /**
     * Every file under a folder, by absolute path, sorted.
     *
     * @param dir the folder
     * @return the paths; none when the folder does not exist
     * @throws IOException when it cannot be listed
     */
    static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new ArrayList<>();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            // The run's own lock is gone when the run ends: not one of its files.
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(OutputLock.FILE))
                    .map(p -> p.toAbsolutePath().toString())
                    .sorted()
                    .collect(Collectors.toCollection(ArrayList::new));
        }
    }

    private static @Nullable Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
