package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDManager;
import dev.sanet.core.data.Resolution;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A trainer seeds the augmentation of each epoch ({@code EpochSeeded}): an epoch's samples then
 * depend on the seeds and the epoch alone, not on what this dataset object read before, which is
 * what a resumed run needs to draw the same crops as an uninterrupted one.
 */
class EpochSeedingTest {

    private static SyntheticDataset split() {
        return SyntheticDataset.builder()
                .optImages(6)
                .optImageSize(48, 48)
                .options(
                        DatasetOptions.builder()
                                .split("train")
                                .transform(Transform.TRAIN)
                                .resolution(new Resolution(48, 32))
                                .scaleRange(0.5, 2.0)
                                .seed(5)
                                .threads(1)
                                .sampling(2, false, false)
                                .build())
                .build();
    }

    /** The augmented images of every item, in index order. */
    private static float[] epoch(SyntheticDataset d, NDManager nd) throws Exception {
        float[][] all = new float[(int) d.size()][];
        for (int i = 0; i < all.length; i++) {
            all[i] = d.get(nd, i).getData().singletonOrThrow().toFloatArray();
        }
        return Arrays.stream(all)
                .reduce(
                        new float[0],
                        (a, b) -> {
                            float[] c = Arrays.copyOf(a, a.length + b.length);
                            System.arraycopy(b, 0, c, a.length, b.length);
                            return c;
                        });
    }

    @Test
    void anEpochDrawsTheSameSamplesWhateverWasReadBefore() throws Exception {
        try (NDManager nd = NDManager.newBaseManager();
                SyntheticDataset straight = split();
                SyntheticDataset resumed = split()) {
            straight.seedEpoch(7, 1);
            float[] first = epoch(straight, nd);
            straight.seedEpoch(7, 2);
            float[] second = epoch(straight, nd);
            // A fresh object (a resumed process) starts at epoch 2 directly.
            resumed.seedEpoch(7, 2);
            assertArrayEquals(second, epoch(resumed, nd));
            assertFalse(Arrays.equals(first, second), "epochs draw different samples");
            resumed.seedEpoch(8, 2);
            assertFalse(Arrays.equals(second, epoch(resumed, nd)), "the run's seed counts");
        }
    }
}
