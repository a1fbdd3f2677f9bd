package dev.sanet.data;

import dev.sanet.core.settings.SettingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link SyntheticTask} as an in-memory dataset ({@code synthetic}): items are generated on
 * every read, deterministically, so nothing is written to disk.
 *
 * <p>Splits {@code train} and {@code val} are independent streams of the task. Defaults: 400 train
 * and 100 val images of 128x128; in {@link Transform#TRAIN} mode the base and crop sizes default to
 * the image's longer and shorter side (not 520/480) unless the settings give a resolution. Paths
 * are virtual ({@code synthetic/<split>/<id>.jpg}); the root is ignored.
 */
public final class SyntheticDataset extends SegmentationDataset {

    private SyntheticDataset(Builder builder, Layout layout) {
        super(builder, "synthetic", layout);
    }

    /**
     * Nothing to check: the synthetic items are generated in memory, not read from files.
     *
     * @return an empty list
     */
    @Override
    public List<Problem> missingFiles() {
        return List.of();
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link SyntheticDataset}. */
    public static final class Builder extends DatasetBuilder<Builder> {

        private int images = -1;
        private SyntheticTask.Builder task = SyntheticTask.builder();
        private int width = 128;
        private int height = 128;

        private Builder() {}

        /**
         * This builder.
         *
         * @return this
         */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * The synthetic items are generated in memory: no root is read.
         *
         * @return false
         */
        @Override
        public boolean requiresRoot() {
            return false;
        }

        /**
         * Sets the number of images of the split() (default 400 for train, 100 for val).
         *
         * @param images the item count, at least 1
         * @return this builder
         */
        public Builder optImages(int images) {
            this.images = images;
            return this;
        }

        /**
         * Sets the image size (default 128x128).
         *
         * @param width the width in pixels
         * @param height the height in pixels
         * @return this builder
         */
        public Builder optImageSize(int width, int height) {
            this.width = width;
            this.height = height;
            task.optSize(width, height);
            return this;
        }

        /**
         * Sets the number of objects per image (default 1 to 3).
         *
         * @param min the fewest objects
         * @param max the most objects
         * @return this builder
         */
        public Builder optObjects(int min, int max) {
            task.optObjects(min, max);
            return this;
        }

        /**
         * Sets the probability that an object is a background distractor (default 0.15).
         *
         * @param probability 0 to 1
         * @return this builder
         */
        public Builder optDistractors(double probability) {
            task.optDistractors(probability);
            return this;
        }

        /** Without a resolution in the settings: the image's longer and shorter side. */
        @Override
        int[] defaultSizes() {
            return new int[] {Math.max(width, height), Math.min(width, height)};
        }

        /**
         * Generates nothing yet: items are generated when read.
         *
         * @return the dataset
         * @throws IllegalArgumentException for a split other than train or val; a {@link
         *     SettingException} naming {@code images} (below 1) or a setting of the task
         */
        @Override
        public SyntheticDataset build() {
            int stream;
            switch (split()) {
                case "train" -> stream = 0;
                case "val" -> stream = 1;
                default ->
                        throw new IllegalArgumentException(
                                "unknown split '"
                                        + split()
                                        + "' for synthetic: expected train or val");
            }
            int n = images >= 0 ? images : (stream == 0 ? 400 : 100);
            if (n < 1) {
                throw new SettingException("images", n, ">= 1");
            }
            SyntheticTask t = task.optSeed(seed()).build();
            LabelMapping mapping = LabelMapping.identity(t.numClasses(), IGNORE_INDEX);
            List<Item> items = new ArrayList<>(n);
            Path dir = Path.of("synthetic", split());
            for (int i = 0; i < n; i++) {
                String id = String.format("%s_%06d", split(), i);
                items.add(
                        new Item(
                                id,
                                dir.resolve(id + ".jpg"),
                                dir.resolve(id + ".png"),
                                LabelFiles.Format.PNG,
                                mapping));
            }
            ItemSource source =
                    it -> {
                        int index =
                                Integer.parseInt(it.id().substring(it.id().lastIndexOf('_') + 1));
                        LabeledImage li = t.generate(stream, index);
                        return new ItemSource.Loaded(
                                li.image(),
                                new LabelFiles.RawLabel(li.width(), li.height(), li.label()));
                    };
            return new SyntheticDataset(this, new Layout(t.classNames(), items, source));
        }
    }
}
