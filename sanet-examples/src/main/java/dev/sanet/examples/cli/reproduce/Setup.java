package dev.sanet.examples.cli.reproduce;

import ai.djl.Device;
import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.data.Resolution;
import dev.sanet.core.nn.EfficientNetConvention;
import dev.sanet.core.nn.EfficientNetScale;
import dev.sanet.core.nn.PretrainedFormat;
import dev.sanet.core.training.OptimizerKind;
import dev.sanet.data.DatasetOptions;
import dev.sanet.data.Datasets;
import dev.sanet.data.SegmentationDataset;
import dev.sanet.data.Transform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The settings every row of a training experiment shares, resolved from the experiment, the mode
 * and the overrides ({@link #resolve}); {@link #json()} is the {@code setup} object of the report
 * and of each row's {@code result.json}.
 *
 * @param synthetic true for the synthetic task
 * @param dataset the dataset name the rows read
 * @param root the dataset root (the written synthetic tree in synthetic mode)
 * @param trainSplit the training split
 * @param valSplit the split of the validation and the final evaluation
 * @param width the ResNet backbones' base width (an EfficientNet has none: compound scaling)
 * @param backbones the backbones of the experiment's rows
 * @param efficientNetConvention an EfficientNet backbone's padding and batch-norm epsilon
 * @param epochs epochs per row
 * @param secondsPerRow the training time cap per row, or infinity
 * @param batch the batch size over all devices
 * @param lr the base learning rate
 * @param optimizer the optimizer
 * @param headMultiplier the head's learning-rate factor
 * @param crop the training crop
 * @param baseSize the training base size
 * @param devices the devices
 * @param engine the engine name
 * @param pretrained ImageNet backbone weights, or {@code null}
 * @param pretrainedFormat their naming family, or {@code null} to recognise it
 * @param threads data-loading threads
 * @param seed the augmentation seed
 */
public record Setup(
        boolean synthetic,
        String dataset,
        Path root,
        String trainSplit,
        String valSplit,
        int width,
        List<Backbone> backbones,
        EfficientNetConvention efficientNetConvention,
        int epochs,
        double secondsPerRow,
        int batch,
        double lr,
        OptimizerKind optimizer,
        double headMultiplier,
        int crop,
        int baseSize,
        List<Device> devices,
        String engine,
        @Nullable Path pretrained,
        @Nullable PretrainedFormat pretrainedFormat,
        int threads,
        long seed) {

    /** The synthetic images are small already: the random scale stays near 1 (as the demo's). */
    static final double SYNTHETIC_MIN_SCALE = 0.75;

    static final double SYNTHETIC_MAX_SCALE = 1.5;

    /**
     * Copies the lists.
     *
     * @param synthetic true for the synthetic task
     * @param dataset the dataset name
     * @param root the dataset root
     * @param trainSplit the training split
     * @param valSplit the validation split
     * @param width the base width
     * @param backbones the rows' backbones
     * @param efficientNetConvention the EfficientNet convention
     * @param epochs epochs per row
     * @param secondsPerRow the time cap per row
     * @param batch the batch size
     * @param lr the base learning rate
     * @param optimizer the optimizer
     * @param headMultiplier the head's learning-rate factor
     * @param crop the training crop
     * @param baseSize the training base size
     * @param devices the devices
     * @param engine the engine name
     * @param pretrained backbone weights, or {@code null}
     * @param pretrainedFormat their naming family, or {@code null}
     * @param threads loader threads
     * @param seed the augmentation seed
     */
    public Setup {
        devices = List.copyOf(devices);
        backbones = List.copyOf(backbones);
    }

    /**
     * Resolves the settings: each override of the options, else the mode's default. Synthetic: base
     * width 16, Adam, head factor 1, the images at their own size, and the batch, learning rate,
     * epochs and time cap of {@link Experiment#syntheticDefaults} (batch 8, 0.005, the experiment's
     * epochs and cap; Table 2 on an EfficientNet smaller). Real: the paper's recipe (width 64, SGD
     * at 0.001 x batch / 16, head factor 10, batch 16, crop 480, base 520, 20 or 80 epochs, no time
     * cap).
     *
     * @param o the options
     * @param syntheticRoot where the synthetic tree is written (synthetic mode)
     * @return the settings
     */
    public static Setup resolve(ReproduceOptions o, Path syntheticRoot) {
        Experiment e = o.experiment();
        if (o.synthetic()) {
            SyntheticDefaults d = e.syntheticDefaults(o.rowBackbones().get(0));
            int side = o.crop() != null ? o.crop() : o.imageSize();
            return new Setup(
                    true,
                    e.syntheticFormat().dataset(),
                    syntheticRoot,
                    "train",
                    "val",
                    or(o.baseWidth(), 16),
                    o.rowBackbones(),
                    o.efficientNetConvention(),
                    or(o.epochs(), d.epochs()),
                    o.secondsPerRow() != null ? o.secondsPerRow() : d.seconds(),
                    or(o.batch(), d.batch()),
                    o.lr() != null ? o.lr() : d.lr(),
                    o.optimizer() != null ? o.optimizer() : OptimizerKind.ADAM,
                    o.headMultiplier() != null ? o.headMultiplier() : 1,
                    side,
                    or(o.baseSize(), side),
                    o.devices(),
                    o.engine(),
                    o.pretrained(),
                    o.pretrainedFormat(),
                    o.threads(),
                    o.seed());
        }
        int b = or(o.batch(), 16);
        return new Setup(
                false,
                e.realDataset(),
                java.util.Objects.requireNonNull(o.data(), "data"),
                "train",
                "val",
                or(o.baseWidth(), SANet.DEFAULT_WIDTH),
                o.rowBackbones(),
                o.efficientNetConvention(),
                or(o.epochs(), e.realEpochs()),
                o.secondsPerRow() != null ? o.secondsPerRow() : Double.POSITIVE_INFINITY,
                b,
                o.lr() != null ? o.lr() : 0.001 * b / 16.0,
                o.optimizer() != null ? o.optimizer() : OptimizerKind.SGD,
                o.headMultiplier() != null ? o.headMultiplier() : 10,
                or(o.crop(), 480),
                or(o.baseSize(), 520),
                o.devices(),
                o.engine(),
                o.pretrained(),
                o.pretrainedFormat(),
                o.threads(),
                o.seed());
    }

    private static int or(@Nullable Integer value, int fallback) {
        return value != null ? value : fallback;
    }

    /**
     * How a split of this setup is opened: the training split with the random augmentation in
     * shuffled full batches, the validation split at original size one image at a time.
     *
     * @param train true for the training split
     * @return the options for {@link Datasets#open(String, DatasetOptions)}
     */
    public DatasetOptions datasetOptions(boolean train) {
        DatasetOptions.Builder b =
                DatasetOptions.builder()
                        .root(root)
                        .split(train ? trainSplit : valSplit)
                        .transform(train ? Transform.TRAIN : Transform.EVAL)
                        .threads(threads);
        if (train) {
            b.resolution(new Resolution(baseSize, crop)).seed(seed).sampling(batch, true, true);
            if (synthetic) {
                b.scaleRange(SYNTHETIC_MIN_SCALE, SYNTHETIC_MAX_SCALE);
            }
        }
        return b.build();
    }

    /**
     * Opens a split of this setup.
     *
     * @param train true for the training split
     * @return the dataset; close it after use
     * @throws IllegalArgumentException naming {@code --data} and the library's reason when the
     *     layout or split is wrong
     */
    public SegmentationDataset open(boolean train) {
        try {
            return Datasets.open(dataset, datasetOptions(train));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--data " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * The network settings in words, as the reports' headers print them: the base width for
     * ResNets, and for each EfficientNet its scale at full size and its convention (it has no base
     * width to reduce).
     *
     * @param widthLabel how the header names the ResNets' width ({@code base width}, {@code width})
     * @return e.g. {@code EfficientNet-B7 at full size (compound scaling: widths x2.0, depths x3.1;
     *     no base width), torchvision convention}
     */
    public String networkWords(String widthLabel) {
        List<String> parts = new ArrayList<>();
        if (!backbones.stream().allMatch(Backbone::isEfficientNet)) {
            parts.add(widthLabel + " " + width);
        }
        for (Backbone b : backbones) {
            EfficientNetScale s = b.efficientNetScale();
            if (s != null) {
                parts.add(
                        String.format(
                                Locale.ROOT,
                                "EfficientNet-%s at full size (compound scaling: widths x%.1f,"
                                        + " depths x%.1f; no base width), %s convention",
                                s.name(),
                                s.widthMultiplier(),
                                s.depthMultiplier(),
                                efficientNetConvention.cliName()));
            }
        }
        return String.join(", ", parts);
    }

    /**
     * The {@code setup} object of the reports, in a fixed field order.
     *
     * @return an insertion-ordered map
     */
    public Map<String, Object> json() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("data", synthetic ? "synthetic" : root.toAbsolutePath().toString());
        o.put("dataset", dataset);
        o.put("trainSplit", trainSplit);
        o.put("valSplit", valSplit);
        // A key for what the rows' backbones have: ResNets a base width, EfficientNets a
        // convention.
        if (!backbones.stream().allMatch(Backbone::isEfficientNet)) {
            o.put("baseWidth", width);
        }
        if (backbones.stream().anyMatch(Backbone::isEfficientNet)) {
            o.put("efficientNetConvention", efficientNetConvention.cliName());
        }
        o.put("epochs", epochs);
        o.put("secondsPerRow", Double.isFinite(secondsPerRow) ? secondsPerRow : null);
        o.put("batch", batch);
        o.put("lr", lr);
        o.put("optimizer", optimizer.name().toLowerCase(Locale.ROOT));
        o.put("headLrMultiplier", headMultiplier);
        o.put("crop", crop);
        o.put("baseSize", baseSize);
        List<String> ds = new ArrayList<>();
        for (Device d : devices) {
            ds.add(d.toString());
        }
        o.put("devices", ds);
        return o;
    }
}
