package dev.sanet.datatest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import dev.sanet.data.DatasetBuilder;
import dev.sanet.data.DatasetItem;
import dev.sanet.data.DatasetOptions;
import dev.sanet.data.ItemException;
import dev.sanet.data.ItemReader;
import dev.sanet.data.LabeledImage;
import dev.sanet.data.Problem;
import dev.sanet.data.SegmentationDataset;
import dev.sanet.data.Transform;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A dataset whose reader (a Mockito mock) fails on its n-th item, as a disk error or a corrupt file
 * would: validation names exactly that item, skipping leaves it out, and a pass over the data
 * without skipping stops with the item's {@link ItemException} rather than using anything of it.
 */
class FailingReaderTest {

    private static final int FAILING = 3;

    /** A dataset over a given reader: five items, no root. */
    static final class ReaderDataset extends SegmentationDataset {
        ReaderDataset(Builder builder, List<DatasetItem> items, ItemReader reader) {
            super(builder, "mocked", List.of("ground", "thing"), items, reader);
        }

        @Override
        public List<Problem> missingFiles() {
            return List.of();
        }

        /** Builder for the mocked dataset. */
        static final class Builder extends DatasetBuilder<Builder> {
            private final ItemReader reader;

            Builder(ItemReader reader) {
                this.reader = reader;
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
            public ReaderDataset build() {
                List<DatasetItem> items = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    items.add(
                            new DatasetItem(
                                    "item-" + i,
                                    Path.of("mock", "item-" + i + ".jpg"),
                                    Path.of("mock", "item-" + i + ".png")));
                }
                return new ReaderDataset(this, items, reader);
            }
        }
    }

    private static ItemReader failingOnTheNthItem() throws ItemException {
        ItemReader reader = mock(ItemReader.class);
        when(reader.read(any()))
                .thenAnswer(
                        inv -> {
                            DatasetItem item = inv.getArgument(0);
                            if (item.id().equals("item-" + FAILING)) {
                                throw new ItemException(
                                        item.image(),
                                        "unreadable image (I/O error: injected)",
                                        null);
                            }
                            BufferedImage img =
                                    new BufferedImage(16, 12, BufferedImage.TYPE_3BYTE_BGR);
                            return new LabeledImage(img, new int[16 * 12]);
                        });
        return reader;
    }

    @Test
    void validationNamesExactlyTheFailingItem() throws Exception {
        ItemReader reader = failingOnTheNthItem();
        SegmentationDataset ds = new ReaderDataset.Builder(reader).build();
        List<Problem> problems = ds.validate();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(Path.of("mock", "item-" + FAILING + ".jpg"), problems.get(0).path());
        assertTrue(problems.get(0).problem().contains("injected"), problems.toString());
        verify(reader, atLeastOnce()).read(any());
    }

    @Test
    void skippingLeavesOutTheFailingItemOnly() throws Exception {
        SegmentationDataset ds =
                new ReaderDataset.Builder(failingOnTheNthItem())
                        .options(DatasetOptions.builder().skipBad(true).build())
                        .build();
        assertEquals(4, ds.size());
        assertEquals(1, ds.skipped());
        for (int i = 0; i < ds.size(); i++) {
            assertTrue(!ds.id(i).equals("item-" + FAILING), ds.id(i));
        }
    }

    @Test
    void aPassWithoutSkippingStopsWithTheItemsException() throws Exception {
        SegmentationDataset ds =
                new ReaderDataset.Builder(failingOnTheNthItem())
                        .options(
                                DatasetOptions.builder()
                                        .transform(Transform.EVAL)
                                        .sampling(1, false, false)
                                        .build())
                        .build();
        try (NDManager manager = NDManager.newBaseManager()) {
            RuntimeException e =
                    assertThrows(
                            RuntimeException.class,
                            () -> {
                                for (Batch b : ds.getData(manager)) {
                                    b.close();
                                }
                            });
            Throwable t = e;
            while (t != null && !(t instanceof ItemException)) {
                t = t.getCause();
            }
            assertTrue(t instanceof ItemException, "cause chain: " + e);
            assertEquals(
                    Path.of("mock", "item-" + FAILING + ".jpg"),
                    ((ItemException) t).problem().path());
        }
    }
}
