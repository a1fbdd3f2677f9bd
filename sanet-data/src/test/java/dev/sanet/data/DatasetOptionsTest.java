package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatasetOptionsTest {

    @Test
    void unsetOptionsKeepTheDatasetsDefaults() {
        DatasetOptions o = DatasetOptions.builder().build();
        assertNull(o.root());
        assertEquals("train", o.split());
        assertEquals(Transform.EVAL, o.transform());
        assertTrue(o.baseSize().isEmpty());
        assertTrue(o.cropSize().isEmpty());
        assertTrue(o.minScale().isEmpty() && o.maxScale().isEmpty());
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
                        .cropSize(32)
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
        assertEquals(32, val.cropSize().getAsInt());
        assertEquals(3, val.seed().getAsLong());
        assertNotEquals(train, val);
        assertEquals(train, train.toBuilder().build());
        assertEquals(train.hashCode(), train.toBuilder().build().hashCode());
    }

    @Test
    void badValuesNameTheValue() {
        IllegalArgumentException batch =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> DatasetOptions.builder().sampling(0, false, false));
        assertEquals("batch size 0 must be at least 1", batch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatasetOptions.builder().cropSize(-4));
        assertThrows(IllegalArgumentException.class, () -> DatasetOptions.builder().threads(0));
        IllegalArgumentException scale =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> DatasetOptions.builder().scaleRange(2.0, 1.0).build());
        assertTrue(scale.getMessage().startsWith("scale range [2.0, 1.0]"), scale.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> DatasetOptions.builder().split(" ").build());
    }
}
