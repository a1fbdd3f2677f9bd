package dev.sanet.datatest;

import dev.sanet.data.DatasetBuilder;
import dev.sanet.data.DatasetItem;
import dev.sanet.data.ItemException;
import dev.sanet.data.LabeledImage;
import dev.sanet.data.Problem;
import dev.sanet.data.SegmentationDataset;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A dataset type written outside {@code dev.sanet.data}, as a user would: items generated in memory
 * (vertical stripes of class 1 on class 0), one item with a label value outside the class set and
 * one that cannot be read, so that validation has something to find.
 */
public final class StripesDataset extends SegmentationDataset {

    static final List<String> CLASSES = List.of("ground", "stripe");

    private StripesDataset(Builder builder, List<DatasetItem> items) {
        super(builder, "stripes", CLASSES, items, StripesDataset::generate);
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Nothing on disk to look up. */
    @Override
    public List<Problem> missingFiles() {
        return List.of();
    }

    private static LabeledImage generate(DatasetItem item) throws ItemException {
        int index = Integer.parseInt(item.id().substring(item.id().indexOf('-') + 1));
        if (index == 4) {
            throw new ItemException(item.image(), "unreadable image (test)", null);
        }
        int w = 12;
        int h = 10;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        int[] label = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean stripe = (x / 3) % 2 == 1;
                image.setRGB(x, y, stripe ? 0xFFFFFF : 0x202020);
                label[y * w + x] = stripe ? 1 : 0;
            }
        }
        if (index == 3) {
            label[0] = 7; // outside the two classes: read as ignore, reported by validate()
        }
        return new LabeledImage(image, label);
    }

    /** Builder of {@link StripesDataset}: {@code count} items per split, no root. */
    public static final class Builder extends DatasetBuilder<Builder> {

        private int count = 5;
        private boolean repeatFirst;

        private Builder() {}

        /**
         * Sets the number of items.
         *
         * @param count the item count
         * @return this builder
         */
        public Builder optCount(int count) {
            this.count = count;
            return this;
        }

        /**
         * Lists the first item twice, which the base refuses.
         *
         * @return this builder
         */
        public Builder optRepeatFirst() {
            this.repeatFirst = true;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        public boolean requiresRoot() {
            return false;
        }

        @Override
        public StripesDataset build() {
            List<DatasetItem> items = new ArrayList<>();
            Path dir = Path.of("stripes", split());
            for (int i = 0; i < count; i++) {
                String id = split() + "-" + i;
                items.add(new DatasetItem(id, dir.resolve(id + ".png"), dir.resolve(id + ".lbl")));
            }
            if (repeatFirst) {
                items.add(items.get(0));
            }
            return new StripesDataset(this, items);
        }
    }
}
