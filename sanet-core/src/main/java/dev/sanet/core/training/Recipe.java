package dev.sanet.core.training;

import com.google.gson.JsonObject;
import dev.sanet.core.data.Resolution;
import dev.sanet.core.settings.SettingException;
import java.util.Locale;
import java.util.Objects;

/**
 * How a network is trained, one value for segmentation training ({@link TrainingConfig}) and
 * backbone pretraining ({@link Pretraining}) alike: the optimizer and its rates, the schedule, the
 * head's rate multiplier, the epochs and batch size, the {@link Resolution} (the crop is the side
 * of every training sample) and the run's seed. Immutable; {@link #toBuilder()} derives a modified
 * copy.
 *
 * <pre>{@code
 * Recipe r = Recipe.segmentation().toBuilder().epochs(50).learningRate(0.004).build();
 * }</pre>
 *
 * <p>{@link #segmentation()}, the paper's (paper section 4.1, PyTorch-Encoding's): SGD with
 * momentum 0.9 and weight decay 1e-4, learning rate 0.001 (batch 16), poly schedule with power 0.9
 * over the whole run, the head at 10x the backbone's rate, 80 epochs of batch 16 on 480x480 crops
 * (base size 480), seed 42. {@link #pretraining()}, ImageNet's: SGD with momentum 0.9 and weight
 * decay 1e-4, learning rate 0.1, cosine schedule, one rate for every parameter, 90 epochs of batch
 * 32 on 224x224 images, seed 42.
 */
public final class Recipe {

    private static final Recipe SEGMENTATION = new Builder().build();

    private static final Recipe PRETRAINING =
            new Builder()
                    .epochs(90)
                    .batchSize(32)
                    .learningRate(0.1)
                    .schedule(Schedule.cosine())
                    .headMultiplier(1)
                    .resolution(new Resolution(224, 224))
                    .build();

    private final OptimizerKind optimizer;
    private final double learningRate;
    private final double momentum;
    private final double weightDecay;
    private final Schedule schedule;
    private final double headMultiplier;
    private final int epochs;
    private final int batchSize;

    /** The most epochs a recipe accepts. */
    public static final int MAX_EPOCHS = 100_000;

    /** The largest batch a recipe accepts. */
    public static final int MAX_BATCH = 1024;

    /** The largest head learning-rate multiplier a recipe accepts. */
    public static final double MAX_HEAD_MULTIPLIER = 1000;

    private final Resolution resolution;
    private final long seed;

    private Recipe(Builder b) {
        this.optimizer = b.optimizer;
        this.learningRate = b.learningRate;
        this.momentum = b.momentum;
        this.weightDecay = b.weightDecay;
        this.schedule = b.schedule;
        this.headMultiplier = b.headMultiplier;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.resolution = b.resolution;
        this.seed = b.seed;
    }

    /**
     * The paper's segmentation recipe.
     *
     * @return SGD, lr 0.001, momentum 0.9, decay 1e-4, poly 0.9, head x10, 80 epochs of batch 16,
     *     480x480 crops (base 480), seed 42
     */
    public static Recipe segmentation() {
        return SEGMENTATION;
    }

    /**
     * ImageNet's pretraining recipe.
     *
     * @return SGD, lr 0.1, momentum 0.9, decay 1e-4, cosine, one rate, 90 epochs of batch 32,
     *     224x224 images, seed 42
     */
    public static Recipe pretraining() {
        return PRETRAINING;
    }

    /**
     * A builder holding this recipe's settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.optimizer = optimizer;
        b.learningRate = learningRate;
        b.momentum = momentum;
        b.weightDecay = weightDecay;
        b.schedule = schedule;
        b.headMultiplier = headMultiplier;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.resolution = resolution;
        b.seed = seed;
        return b;
    }

    /**
     * The optimizer.
     *
     * @return SGD (the paper's) or Adam
     */
    public OptimizerKind optimizer() {
        return optimizer;
    }

    /**
     * The backbone's base learning rate at iteration 0.
     *
     * @return the rate
     */
    public double learningRate() {
        return learningRate;
    }

    /**
     * SGD's momentum.
     *
     * @return the momentum in [0, 1)
     */
    public double momentum() {
        return momentum;
    }

    /**
     * The L2 weight decay of every trainable parameter.
     *
     * @return the decay
     */
    public double weightDecay() {
        return weightDecay;
    }

    /**
     * The learning-rate schedule over the run's iterations.
     *
     * @return poly with its power, or cosine
     */
    public Schedule schedule() {
        return schedule;
    }

    /**
     * The head's learning rate relative to the backbone's (poly schedule).
     *
     * @return the multiplier
     */
    public double headMultiplier() {
        return headMultiplier;
    }

    /**
     * The epochs of the whole run.
     *
     * @return epochs
     */
    public int epochs() {
        return epochs;
    }

    /**
     * The batch size over all devices; the training sampler's batch size must equal it.
     *
     * @return the batch size
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * The base and crop size: every training sample is {@code (3, crop, crop)}.
     *
     * @return the resolution
     */
    public Resolution resolution() {
        return resolution;
    }

    /**
     * The run's seed, from which the initialisation, the data order and augmentation of each epoch
     * and the dropout masks of each step are drawn.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * The recipe's part of a checkpoint's {@code recipe} object: epochs, batch size, optimizer,
     * rates, decay, schedule ({@code power} for poly, {@code schedule: cosine} otherwise), head
     * multiplier and seed, under the names checkpoints have always used.
     *
     * @return a new object
     */
    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("epochs", epochs);
        o.addProperty("batchSize", batchSize);
        o.addProperty("optimizer", optimizer.name().toLowerCase(Locale.ROOT));
        o.addProperty("learningRate", learningRate);
        o.addProperty("momentum", momentum);
        o.addProperty("weightDecay", weightDecay);
        if (schedule.kind() == Schedule.Kind.POLY) {
            o.addProperty("power", schedule.power());
        } else {
            o.addProperty("schedule", schedule.cliName());
        }
        o.addProperty("headMultiplier", headMultiplier);
        o.addProperty("seed", seed);
        return o;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Recipe r
                && optimizer == r.optimizer
                && Double.compare(learningRate, r.learningRate) == 0
                && Double.compare(momentum, r.momentum) == 0
                && Double.compare(weightDecay, r.weightDecay) == 0
                && schedule.equals(r.schedule)
                && Double.compare(headMultiplier, r.headMultiplier) == 0
                && epochs == r.epochs
                && batchSize == r.batchSize
                && resolution.equals(r.resolution)
                && seed == r.seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                optimizer,
                learningRate,
                momentum,
                weightDecay,
                schedule,
                headMultiplier,
                epochs,
                batchSize,
                resolution,
                seed);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "Recipe{%s lr=%s momentum=%s weightDecay=%s schedule=%s head=x%s epochs=%d"
                        + " batch=%d %s seed=%d}",
                optimizer,
                learningRate,
                momentum,
                weightDecay,
                schedule,
                headMultiplier,
                epochs,
                batchSize,
                resolution,
                seed);
    }

    /**
     * Collects a recipe's settings; starts from the segmentation recipe's values ({@link
     * Recipe#segmentation()}; {@code Recipe.pretraining().toBuilder()} starts from pretraining's).
     */
    public static final class Builder {
        private OptimizerKind optimizer = OptimizerKind.SGD;
        private double learningRate = 0.001;
        private double momentum = 0.9;
        private double weightDecay = 1e-4;
        private Schedule schedule = Schedule.poly(Schedule.PAPER_POWER);
        private double headMultiplier = 10;
        private int epochs = 80;
        private int batchSize = 16;
        private Resolution resolution = new Resolution(480, 480);
        private long seed = 42;

        private Builder() {}

        /**
         * The optimizer; the schedule, the head multiplier and the weight decay apply to either.
         *
         * @param kind SGD (the paper's) or Adam
         * @return this builder
         */
        public Builder optimizer(OptimizerKind kind) {
            this.optimizer = Objects.requireNonNull(kind, "kind");
            return this;
        }

        /**
         * The backbone's base learning rate.
         *
         * @param lr a finite number &gt; 0
         * @return this builder
         */
        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        /**
         * SGD's momentum.
         *
         * @param momentum in [0, 1)
         * @return this builder
         */
        public Builder momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * The L2 weight decay of every trainable parameter.
         *
         * @param weightDecay a finite number &gt;= 0
         * @return this builder
         */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * The learning-rate schedule.
         *
         * @param schedule {@link Schedule#poly} with its power or {@link Schedule#cosine()}
         * @return this builder
         */
        public Builder schedule(Schedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /**
         * The head's learning rate relative to the backbone's (1: one rate for all).
         *
         * @param multiplier a finite number &gt; 0
         * @return this builder
         */
        public Builder headMultiplier(double multiplier) {
            this.headMultiplier = multiplier;
            return this;
        }

        /**
         * Total epochs of the run.
         *
         * @param epochs &gt;= 1
         * @return this builder
         */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * The batch size over all devices.
         *
         * @param batchSize &gt;= 1
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * The base and crop size (the crop is every training sample's side).
         *
         * @param resolution the resolution
         * @return this builder
         */
        public Builder resolution(Resolution resolution) {
            this.resolution = Objects.requireNonNull(resolution, "resolution");
            return this;
        }

        /**
         * The run's seed: the initialisation, each epoch's data order and augmentation and each
         * step's dropout masks derive from it.
         *
         * @param seed any value
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Validates the settings and creates the recipe.
         *
         * @return the immutable recipe
         * @throws SettingException naming the first setting out of range
         */
        public Recipe build() {
            // The upper bounds stop typos (a batch of 16000) before they allocate gigabytes; they
            // are far beyond any recipe of the paper.
            SettingException.checkRange("epochs", epochs, 1, MAX_EPOCHS);
            SettingException.checkRange("batchSize", batchSize, 1, MAX_BATCH);
            // No upper bound on the rate: a run that diverges is stopped by the trainer, and the
            // tests drive one into divergence on purpose; the command line guards against typos.
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new SettingException("learningRate", learningRate, "a finite number > 0");
            }
            if (!(momentum >= 0 && momentum < 1)) {
                throw new SettingException("momentum", momentum, "in [0, 1)");
            }
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new SettingException("weightDecay", weightDecay, "a finite number >= 0");
            }
            if (!(headMultiplier > 0 && headMultiplier <= MAX_HEAD_MULTIPLIER)) {
                throw new SettingException(
                        "headMultiplier",
                        headMultiplier,
                        "in (0, " + (int) MAX_HEAD_MULTIPLIER + "]");
            }
            return new Recipe(this);
        }
    }
}
