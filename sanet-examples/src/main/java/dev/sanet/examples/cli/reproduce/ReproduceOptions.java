package dev.sanet.examples.cli.reproduce;

import ai.djl.Device;
import dev.sanet.core.Backbone;
import dev.sanet.core.Engines;
import dev.sanet.core.nn.EfficientNetConvention;
import dev.sanet.core.nn.PretrainedFormat;
import dev.sanet.core.training.OptimizerKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a training experiment was asked to do: the data source, the output folder, and every
 * override of the experiment's defaults (a {@code null} override keeps the default of the mode, see
 * {@link Setup#resolve}). Built with {@link #builder(Experiment)}; the command line fills it from
 * its flags after checking each against its range.
 *
 * @param experiment the experiment; one that trains
 * @param out the output folder ({@code NAME.json}, {@code NAME.md}, {@code NAME-runs/}, ...)
 * @param synthetic true for the synthetic task, false for the real dataset under {@code data}
 * @param data the real dataset's root; {@code null} in synthetic mode
 * @param resume whether to reuse finished rows and continue unfinished ones
 * @param epochs epochs per row, or {@code null} for the mode's default
 * @param secondsPerRow the training time cap per row, or {@code null} for the mode's default
 * @param batch the batch size, or {@code null} (synthetic 8, real 16)
 * @param lr the base learning rate, or {@code null} (synthetic 0.005, real 0.001 x batch / 16)
 * @param optimizer the optimizer, or {@code null} (synthetic Adam, real SGD)
 * @param headMultiplier the head's learning rate factor, or {@code null} (synthetic 1, real 10)
 * @param baseWidth the backbone's base width, or {@code null} (synthetic 16, real 64)
 * @param crop the training crop, or {@code null} (synthetic the image side, real 480)
 * @param baseSize the training base size, or {@code null} (synthetic the crop, real 520)
 * @param images synthetic images, train and val together
 * @param imageSize the synthetic images' side
 * @param backbone the backbone, or {@code null} for the paper's (Tables 1, 2, 4, Figure 4)
 * @param backbones Table 3's backbones
 * @param efficientNetConvention an EfficientNet backbone's padding and batch-norm epsilon
 * @param alphas Figure 4's alpha values (at the default beta)
 * @param betas Figure 4's beta values (at the default alpha)
 * @param scales the final evaluation's scales ({@code [1.0]}: the trainer's last validation)
 * @param flip whether the final evaluation adds the flipped prediction
 * @param threads data-loading threads
 * @param seed the seed of the synthetic data and the augmentation
 * @param devices the devices each batch is split across
 * @param engine the engine name ({@code MXNet}, {@code PyTorch})
 * @param pretrained ImageNet backbone weights to start from, or {@code null}
 * @param pretrainedFormat the naming family of {@code pretrained}, or {@code null} to recognise it
 */
public record ReproduceOptions(
        Experiment experiment,
        Path out,
        boolean synthetic,
        @Nullable Path data,
        boolean resume,
        @Nullable Integer epochs,
        @Nullable Double secondsPerRow,
        @Nullable Integer batch,
        @Nullable Double lr,
        @Nullable OptimizerKind optimizer,
        @Nullable Double headMultiplier,
        @Nullable Integer baseWidth,
        @Nullable Integer crop,
        @Nullable Integer baseSize,
        int images,
        int imageSize,
        @Nullable Backbone backbone,
        List<Backbone> backbones,
        EfficientNetConvention efficientNetConvention,
        List<Double> alphas,
        List<Double> betas,
        List<Double> scales,
        boolean flip,
        int threads,
        long seed,
        List<Device> devices,
        String engine,
        @Nullable Path pretrained,
        @Nullable PretrainedFormat pretrainedFormat) {

    /**
     * Checks the values that every experiment relies on.
     *
     * @param experiment the experiment
     * @param out the output folder
     * @param synthetic the synthetic task, or the real dataset
     * @param data the real dataset's root, or {@code null}
     * @param resume whether to resume
     * @param epochs epochs per row, or {@code null}
     * @param secondsPerRow the time cap per row, or {@code null}
     * @param batch the batch size, or {@code null}
     * @param lr the base learning rate, or {@code null}
     * @param optimizer the optimizer, or {@code null}
     * @param headMultiplier the head's learning-rate factor, or {@code null}
     * @param baseWidth the base width, or {@code null}
     * @param crop the training crop, or {@code null}
     * @param baseSize the training base size, or {@code null}
     * @param images synthetic images
     * @param imageSize the synthetic images' side
     * @param backbone the backbone, or {@code null}
     * @param backbones Table 3's backbones
     * @param efficientNetConvention the EfficientNet convention
     * @param alphas Figure 4's alphas
     * @param betas Figure 4's betas
     * @param scales the final evaluation's scales
     * @param flip whether the final evaluation flips
     * @param threads loader threads
     * @param seed the seed
     * @param devices the devices
     * @param engine the engine name
     * @param pretrained backbone weights, or {@code null}
     * @param pretrainedFormat their naming family, or {@code null}
     * @throws IllegalArgumentException naming the value when the experiment trains nothing, the
     *     data source is not exactly one, or a count or list is empty
     */
    public ReproduceOptions {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(efficientNetConvention, "efficientNetConvention");
        if (!experiment.trains()) {
            throw new IllegalArgumentException(
                    experiment.cliName() + " trains nothing: it has no training options");
        }
        if (synthetic == (data != null)) {
            throw new IllegalArgumentException(
                    String.format(
                            "data root %s with synthetic %s: expected exactly one data source",
                            data, synthetic));
        }
        if (images < 1 || imageSize < 1 || threads < 1) {
            throw new IllegalArgumentException(
                    String.format(
                            "images %s, image size %s, threads %s: each must be at least 1",
                            images, imageSize, threads));
        }
        backbones = List.copyOf(backbones);
        alphas = List.copyOf(alphas);
        betas = List.copyOf(betas);
        scales = List.copyOf(scales);
        devices = List.copyOf(devices);
        if (backbones.isEmpty() || scales.isEmpty() || devices.isEmpty()) {
            throw new IllegalArgumentException(
                    String.format(
                            "backbones %s, scales %s, devices %s: none may be empty",
                            backbones, scales, devices));
        }
    }

    /**
     * The backbones of the experiment's rows: Table 3's list, else the one asked for or the
     * paper's.
     *
     * @return one or more backbones
     */
    public List<Backbone> rowBackbones() {
        return experiment == Experiment.TABLE3
                ? backbones
                : List.of(backbone != null ? backbone : experiment.paperBackbone());
    }

    /**
     * A builder with the command line's defaults: synthetic mode, the experiment's synthetic size
     * ({@link Experiment#syntheticDefaults}), torchvision's EfficientNet convention, Table 3 on
     * ResNet50 and ResNet101, Figure 4's sweeps, single-scale evaluation, 2 threads, seed 42, the
     * CPU, the default engine.
     *
     * @param experiment the experiment, one that trains
     * @return a new builder
     */
    public static Builder builder(Experiment experiment) {
        return new Builder(experiment);
    }

    /**
     * Whether the final evaluation is the paper's protocol rather than the last validation.
     *
     * @return true when the scales are not just {@code 1.0}, or flipping is on
     */
    public boolean protocol() {
        return flip || !(scales.size() == 1 && scales.get(0) == 1.0);
    }

    /**
     * The final evaluation in words, as the reports print it.
     *
     * @return {@code single scale}, or {@code scales [..]} with {@code + flip}
     */
    public String evaluation() {
        return protocol() ? "scales " + scales + (flip ? " + flip" : "") : "single scale";
    }

    /** Builder of {@link ReproduceOptions}. */
    public static final class Builder {
        private final Experiment experiment;
        private Path out = Path.of("reproductions");
        private boolean synthetic = true;
        private @Nullable Path data;
        private boolean resume;
        private @Nullable Integer epochs;
        private @Nullable Double secondsPerRow;
        private @Nullable Integer batch;
        private @Nullable Double lr;
        private @Nullable OptimizerKind optimizer;
        private @Nullable Double headMultiplier;
        private @Nullable Integer baseWidth;
        private @Nullable Integer crop;
        private @Nullable Integer baseSize;
        private @Nullable Integer images;
        private @Nullable Integer imageSize;
        private @Nullable Backbone backbone;
        private List<Backbone> backbones = Experiment.TABLE3_BACKBONES;
        private EfficientNetConvention convention = EfficientNetConvention.TORCHVISION;
        private List<Double> alphas = List.of(0.0, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0);
        private List<Double> betas = List.of(0.2, 0.4, 0.6, 0.8, 1.0);
        private List<Double> scales = List.of(1.0);
        private boolean flip;
        private int threads = 2;
        private long seed = 42;
        private List<Device> devices = List.of(Device.cpu());
        private String engine = Engines.defaultEngine();
        private @Nullable Path pretrained;
        private @Nullable PretrainedFormat pretrainedFormat;

        private Builder(Experiment experiment) {
            this.experiment = Objects.requireNonNull(experiment, "experiment");
        }

        /**
         * Sets the output folder (default {@code reproductions}).
         *
         * @param out the folder
         * @return this builder
         */
        public Builder out(Path out) {
            this.out = out;
            return this;
        }

        /**
         * Chooses the data source: the real dataset under a root, or ({@code null}) the synthetic
         * task (the default).
         *
         * @param data the dataset root, or {@code null} for the synthetic task
         * @return this builder
         */
        public Builder data(@Nullable Path data) {
            this.data = data;
            this.synthetic = data == null;
            return this;
        }

        /**
         * Reuses finished rows and continues unfinished ones (default off).
         *
         * @param resume whether to resume
         * @return this builder
         */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * Overrides the training recipe; a {@code null} keeps the mode's default.
         *
         * @param epochs epochs per row
         * @param secondsPerRow the time cap per row
         * @param batch the batch size
         * @param lr the base learning rate
         * @param optimizer the optimizer
         * @param headMultiplier the head's learning-rate factor
         * @return this builder
         */
        public Builder recipe(
                @Nullable Integer epochs,
                @Nullable Double secondsPerRow,
                @Nullable Integer batch,
                @Nullable Double lr,
                @Nullable OptimizerKind optimizer,
                @Nullable Double headMultiplier) {
            this.epochs = epochs;
            this.secondsPerRow = secondsPerRow;
            this.batch = batch;
            this.lr = lr;
            this.optimizer = optimizer;
            this.headMultiplier = headMultiplier;
            return this;
        }

        /**
         * Overrides the network width and the training sizes; a {@code null} keeps the default.
         *
         * @param baseWidth the backbone's base width
         * @param crop the training crop
         * @param baseSize the training base size
         * @return this builder
         */
        public Builder sizes(
                @Nullable Integer baseWidth, @Nullable Integer crop, @Nullable Integer baseSize) {
            this.baseWidth = baseWidth;
            this.crop = crop;
            this.baseSize = baseSize;
            return this;
        }

        /**
         * Sets the synthetic task's size; a {@code null} keeps the experiment's ({@link
         * Experiment#syntheticDefaults}).
         *
         * @param images images, train and val together
         * @param imageSize the images' side
         * @return this builder
         */
        public Builder syntheticTask(@Nullable Integer images, @Nullable Integer imageSize) {
            this.images = images;
            this.imageSize = imageSize;
            return this;
        }

        /**
         * Sets the networks: the backbone (Tables 1, 2, 4, Figure 4; {@code null} for the paper's)
         * and Table 3's backbones.
         *
         * @param backbone the backbone, or {@code null}
         * @param backbones Table 3's backbones
         * @return this builder
         */
        public Builder backbones(@Nullable Backbone backbone, List<Backbone> backbones) {
            this.backbone = backbone;
            this.backbones = backbones;
            return this;
        }

        /**
         * Sets an EfficientNet backbone's convention (default torchvision's); ResNets ignore it.
         *
         * @param convention the padding and batch-norm epsilon of the weights
         * @return this builder
         */
        public Builder efficientNetConvention(EfficientNetConvention convention) {
            this.convention = convention;
            return this;
        }

        /**
         * Sets Figure 4's sweeps.
         *
         * @param alphas alpha values at the default beta
         * @param betas beta values at the default alpha
         * @return this builder
         */
        public Builder sweeps(List<Double> alphas, List<Double> betas) {
            this.alphas = alphas;
            this.betas = betas;
            return this;
        }

        /**
         * Sets the final evaluation (default: single scale, no flip).
         *
         * @param scales the scales
         * @param flip whether to add the flipped prediction
         * @return this builder
         */
        public Builder evaluation(List<Double> scales, boolean flip) {
            this.scales = new ArrayList<>(scales);
            this.flip = flip;
            return this;
        }

        /**
         * Sets the data-loading threads (default 2) and the seed (default 42).
         *
         * @param threads loader threads
         * @param seed the seed of the synthetic data and the augmentation
         * @return this builder
         */
        public Builder loading(int threads, long seed) {
            this.threads = threads;
            this.seed = seed;
            return this;
        }

        /**
         * Sets where training starts and runs (default: the CPU, the default engine, random
         * weights).
         *
         * @param devices the devices each batch is split across
         * @param engine the engine name
         * @param pretrained ImageNet backbone weights, or {@code null}
         * @param pretrainedFormat their naming family, or {@code null} to recognise it
         * @return this builder
         */
        public Builder start(
                List<Device> devices,
                String engine,
                @Nullable Path pretrained,
                @Nullable PretrainedFormat pretrainedFormat) {
            this.devices = devices;
            this.engine = engine;
            this.pretrained = pretrained;
            this.pretrainedFormat = pretrainedFormat;
            return this;
        }

        /**
         * Checks the options and builds the value.
         *
         * @return the options
         * @throws IllegalArgumentException naming the value when one is out of range
         */
        public ReproduceOptions build() {
            SyntheticDefaults d =
                    experiment.syntheticDefaults(
                            backbone != null ? backbone : experiment.paperBackbone());
            return new ReproduceOptions(
                    experiment,
                    out,
                    synthetic,
                    data,
                    resume,
                    epochs,
                    secondsPerRow,
                    batch,
                    lr,
                    optimizer,
                    headMultiplier,
                    baseWidth,
                    crop,
                    baseSize,
                    images != null ? images : d.images(),
                    imageSize != null ? imageSize : d.imageSize(),
                    backbone,
                    backbones,
                    convention,
                    alphas,
                    betas,
                    scales,
                    flip,
                    threads,
                    seed,
                    devices,
                    engine,
                    pretrained,
                    pretrainedFormat);
        }
    }
}
