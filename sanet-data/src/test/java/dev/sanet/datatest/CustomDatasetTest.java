package dev.sanet.datatest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import dev.sanet.core.data.Resolution;
import dev.sanet.data.DatasetItem;
import dev.sanet.data.DatasetOptions;
import dev.sanet.data.DatasetStats;
import dev.sanet.data.Datasets;
import dev.sanet.data.ItemReader;
import dev.sanet.data.LabeledImage;
import dev.sanet.data.Problem;
import dev.sanet.data.SegmentationDataset;
import dev.sanet.data.Transform;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataset type from another package: registered, opened by name, validated, loaded. */
class CustomDatasetTest {

    @Test
    void aDatasetTypeFromAnotherPackageOpensByNameAndValidates() throws Exception {
        Datasets.register("stripes", StripesDataset::builder);
        try (SegmentationDataset ds =
                Datasets.open(
                        "stripes", DatasetOptions.builder().split("val").threads(2).build())) {
            assertEquals("stripes", ds.name());
            assertEquals(5, ds.size());
            assertEquals(List.of("ground", "stripe"), ds.classNames());
            LabeledImage li = ds.read(0);
            assertEquals(1, li.labelAt(4, 2));
            assertEquals(255, ds.read(3).labelAt(0, 0), "a value outside the classes is ignore");
            List<Problem> problems = ds.validate();
            assertEquals(2, problems.size(), problems.toString());
            assertTrue(problems.get(0).problem().contains("7 (1 px)"), problems.toString());
            assertEquals(Path.of("stripes/val/val-4.png"), problems.get(1).path());
            // Bad items count no pixels: three good items of 12 x 10.
            DatasetStats stats = DatasetStats.compute(ds, 2, null);
            assertEquals(3 * 12 * 10, java.util.Arrays.stream(stats.pixelsPerClass()).sum());
        } finally {
            Datasets.unregister("stripes");
        }
    }

    @Test
    void trainingBatchesAndSkippingComeFromTheBase() throws Exception {
        Datasets.register("stripes-train", StripesDataset::builder);
        try (SegmentationDataset ds =
                        Datasets.open(
                                "stripes-train",
                                DatasetOptions.builder()
                                        .transform(Transform.TRAIN)
                                        .resolution(new Resolution(12, 8))
                                        .skipBad(true)
                                        .threads(2)
                                        .sampling(2, false, false)
                                        .build());
                NDManager manager = NDManager.newBaseManager()) {
            assertEquals(3, ds.size(), "the two bad items are skipped");
            assertEquals(2, ds.skipped());
            int items = 0;
            for (Batch b : ds.getData(manager)) {
                assertEquals(new Shape(b.getSize(), 8, 8), b.getLabels().head().getShape());
                items += b.getSize();
                b.close();
            }
            assertEquals(3, items);
        } finally {
            Datasets.unregister("stripes-train");
        }
    }

    @Test
    void theFilesReaderReadsPaletteFreeGrayscaleLabelsAndChecksSizes(@TempDir Path dir)
            throws Exception {
        Path image = dir.resolve("a.png");
        Path label = dir.resolve("a-label.png");
        ImageIO.write(new BufferedImage(6, 4, BufferedImage.TYPE_3BYTE_BGR), "png", image.toFile());
        BufferedImage gray = new BufferedImage(6, 4, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(5, 3, 0, 2);
        ImageIO.write(gray, "png", label.toFile());
        LabeledImage li = ItemReader.files().read(new DatasetItem("a", image, label));
        assertEquals(2, li.labelAt(5, 3));
        assertEquals(0, li.labelAt(0, 0));

        Path small = dir.resolve("small.png");
        ImageIO.write(new BufferedImage(3, 4, BufferedImage.TYPE_BYTE_GRAY), "png", small.toFile());
        var e =
                assertThrows(
                        dev.sanet.data.ItemException.class,
                        () -> ItemReader.files().read(new DatasetItem("a", image, small)));
        assertTrue(e.problem().problem().startsWith("label is 3x4 but its image a.png is 6x4"));
        assertTrue(Files.exists(small));
    }

    @Test
    void aBlankIdOrARepeatedIdIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new DatasetItem(" ", Path.of("a.jpg"), Path.of("a.png")));
        IllegalArgumentException twice =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> StripesDataset.builder().optRepeatFirst().build());
        assertTrue(twice.getMessage().startsWith("item id 'train-0' appears twice"));
    }
}
