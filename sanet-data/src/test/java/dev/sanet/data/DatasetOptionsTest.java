package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import dev.sanet.core.data.Resolution;
import dev.sanet.core.settings.SettingException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatasetOptionsTest {

    @Test
    void unsetOptionsKeepTheDatasetsDefaults() {
        DatasetOptions o = DatasetOptions.builder().build();
        assertNull(o.root());
        assertEquals("train", o.split());
        assertEquals(Transform.EVAL, o.transform());
        assertTrue(o.resolution().isEmpty());
        assertTrue(o.minScale().isEmpty() && o.maxScale().isEmpty());
        assertTrue(o.flip());
        assertTrue(o.seed().isEmpty());
        assertTrue(o.threads().isEmpty());
        assertFalse(o.skipBad());
        assertEquals(1, o.batchSize());
        assertFalse(o.shuffle() || o.dropLast());
    }

    @Test
    void toBuilderDerivesAVariantAndLeavesTheOriginal() {
        DatasetOptions train =
                DatasetOptions.builder()
                        .root(Path.of("data"))
                        .transform(Transform.TRAIN)
                        .resolution(new Resolution(40, 32))
                        .seed(3)
                        .sampling(8, true, true)
                        .build();
        DatasetOptions val =
                train.toBuilder()
                        .split("val")
                        .transform(Transform.EVAL)
                        .sampling(1, false, false)
                        .build();
        assertEquals(Transform.TRAIN, train.transform());
        assertEquals(8, train.batchSize());
        assertEquals("val", val.split());
        assertEquals(Path.of("data"), val.root());
        assertEquals(new Resolution(40, 32), val.resolution().orElseThrow());
        assertEquals(3, val.seed().getAsLong());
        assertNotEquals(train, val);
        assertEquals(train, train.toBuilder().build());
        assertEquals(train.hashCode(), train.toBuilder().build().hashCode());
        assertTrue(val.toBuilder().resolution(null).build().resolution().isEmpty());
    }

    @Test
    void aBadSettingFailsInBuildNamingTheSetting() {
        SettingException batch =
                assertThrows(
                        SettingException.class,
                        () -> DatasetOptions.builder().sampling(0, false, false).build());
        assertEquals("batchSize", batch.setting());
        assertEquals("batchSize must be >= 1, got 0", batch.getMessage());
        SettingException threads =
                assertThrows(
                        SettingException.class, () -> DatasetOptions.builder().threads(0).build());
        assertEquals("threads", threads.setting());
        SettingException scale =
                assertThrows(
                        SettingException.class,
                        () -> DatasetOptions.builder().scaleRange(2.0, 1.0).build());
        assertEquals("scaleRange", scale.setting());
        assertEquals("[2.0, 1.0]", scale.value());
        SettingException split =
                assertThrows(
                        SettingException.class, () -> DatasetOptions.builder().split(" ").build());
        assertEquals("split", split.setting());
        // The sizes are one value that checks itself; a dataset never sees a bad one.
        SettingException crop = assertThrows(SettingException.class, () -> new Resolution(520, 4));
        assertEquals("cropSize", crop.setting());
    }

    @Test
    void aDatasetBuilderTakesItsSamplingFromTheOptionsOnly() {
        SyntheticDataset.Builder b = SyntheticDataset.builder().optImages(5);
        UnsupportedOperationException e =
                assertThrows(UnsupportedOperationException.class, () -> b.setSampling(2, true));
        assertTrue(e.getMessage().contains("sampling("), e.getMessage());
        try (SegmentationDataset ds =
                        b.options(DatasetOptions.builder().sampling(2, false, true).build())
                                .build();
                NDManager manager = NDManager.newBaseManager()) {
            int batches = 0;
            for (Batch batch : ds.getData(manager)) {
                assertEquals(2, batch.getSize());
                batch.close();
                batches++;
            }
            assertEquals(2, batches, "drop-last: two full batches of 2 out of 5 items");
        }
    }

    @Test
    void theResolutionAndFlipReachTheTrainingTransform() {
        try (SegmentationDataset ds =
                Datasets.open(
                        "synthetic",
                        DatasetOptions.builder()
                                .transform(Transform.TRAIN)
                                .resolution(new Resolution(64, 48))
                                .flip(false)
                                .build())) {
            assertEquals(64, ds.jointTransform().baseSize());
            assertEquals(48, ds.jointTransform().cropSize());
            assertFalse(ds.jointTransform().flip());
        }
    }
}
