package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import dev.sanet.core.data.Resolution;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetsTest {

    @Test
    void namesResolveToTheirBuilders() {
        assertInstanceOf(VocDataset.Builder.class, Datasets.builder("voc"));
        assertInstanceOf(VocAugDataset.Builder.class, Datasets.builder("voc-aug"));
        assertInstanceOf(ContextDataset.Builder.class, Datasets.builder("context59"));
        assertInstanceOf(ContextDataset.Builder.class, Datasets.builder("CONTEXT60"));
        assertInstanceOf(FolderDataset.Builder.class, Datasets.builder("folder"));
        assertInstanceOf(SyntheticDataset.Builder.class, Datasets.builder("synthetic"));
        assertEquals(
                List.of("voc", "voc-aug", "context59", "context60", "folder", "synthetic"),
                Datasets.names().subList(0, 6));
        assertTrue(Datasets.contains("Voc-Aug"));
        assertFalse(Datasets.builder("synthetic").requiresRoot());
        assertTrue(Datasets.builder("voc").requiresRoot());
    }

    @Test
    void unknownNameListsTheNames() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Datasets.builder("coco"));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "unknown dataset 'coco': expected one of voc, voc-aug, context59,"
                                        + " context60, folder, synthetic"),
                e.getMessage());
    }

    @Test
    void missingRootIsOneLineNamingTheRootNotAFlag() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                Datasets.open(
                                        "context59",
                                        DatasetOptions.builder()
                                                .root(Path.of("/no/such/root"))
                                                .split("val")
                                                .build()));
        assertTrue(e.getMessage().contains("/no/such/root"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertFalse(e.getMessage().contains("--"), e.getMessage());
        IllegalArgumentException none =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Datasets.open("voc", DatasetOptions.builder().split("val").build()));
        assertEquals(
                "the dataset root is missing: give the folder that holds VOCdevkit/VOC2012",
                none.getMessage());
    }

    @Test
    void aRegisteredNameOpensWithEveryOption() throws Exception {
        // A registered factory around a built-in type: the registry, not the type, is tested.
        Datasets.register(
                "Tiny-Shapes", () -> SyntheticDataset.builder().optImages(6).optImageSize(24, 20));
        try {
            assertTrue(Datasets.names().contains("tiny-shapes"));
            IllegalArgumentException twice =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> Datasets.register("tiny-shapes", SyntheticDataset::builder));
            assertEquals("dataset name 'tiny-shapes' is already registered", twice.getMessage());
            DatasetOptions options =
                    DatasetOptions.builder()
                            .split("val")
                            .transform(Transform.TRAIN)
                            .resolution(new Resolution(30, 16))
                            .scaleRange(1.0, 1.0)
                            .seed(7)
                            .threads(2)
                            .sampling(4, true, true)
                            .build();
            try (SegmentationDataset ds = Datasets.open("TINY-SHAPES", options);
                    NDManager manager = NDManager.newBaseManager()) {
                assertEquals(6, ds.size());
                assertEquals("val", ds.split());
                assertEquals(30, ds.jointTransform().baseSize());
                assertEquals(16, ds.jointTransform().cropSize());
                int batches = 0;
                for (Batch b : ds.getData(manager)) {
                    assertEquals(4, b.getSize(), "drop-last keeps only full batches");
                    assertEquals(
                            new ai.djl.ndarray.types.Shape(4, 3, 16, 16),
                            b.getData().head().getShape());
                    b.close();
                    batches++;
                }
                assertEquals(1, batches);
            }
        } finally {
            assertTrue(Datasets.unregister("tiny-shapes"));
        }
        assertFalse(Datasets.contains("tiny-shapes"));
        assertFalse(Datasets.unregister("tiny-shapes"));
    }

    @Test
    void builtInNamesCannotBeReplacedOrRemovedAndNamesAreChecked() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Datasets.register("voc", SyntheticDataset::builder));
        IllegalArgumentException removed =
                assertThrows(IllegalArgumentException.class, () -> Datasets.unregister("VOC"));
        assertTrue(removed.getMessage().contains("built in"), removed.getMessage());
        IllegalArgumentException bad =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Datasets.register("my data", SyntheticDataset::builder));
        assertTrue(bad.getMessage().startsWith("dataset name 'my data'"), bad.getMessage());
        assertFalse(Datasets.contains("my data"));
    }
}
