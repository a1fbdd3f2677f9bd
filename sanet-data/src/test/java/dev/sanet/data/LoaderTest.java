package dev.sanet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import dev.sanet.core.data.Resolution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderTest {

    private static List<int[]> labelsOfOnePass(int threads, int prefetch) {
        SegmentationDataset ds =
                SyntheticDataset.builder()
                        .optImages(10)
                        .optImageSize(48, 40)
                        .options(
                                DatasetOptions.builder()
                                        .split("train")
                                        .transform(Transform.TRAIN)
                                        .resolution(new Resolution(520, 32))
                                        .threads(threads)
                                        .sampling(4, false, false)
                                        .build())
                        .optPrefetchNumber(prefetch)
                        .build();
        List<int[]> out = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager();
                ds) {
            int seen = 0;
            for (Batch b : ds.getData(m)) {
                try (b) {
                    int n = b.getSize();
                    assertEquals(new Shape(n, 3, 32, 32), b.getData().head().getShape());
                    assertEquals(DataType.FLOAT32, b.getData().head().getDataType());
                    assertEquals(new Shape(n, 32, 32), b.getLabels().head().getShape());
                    assertEquals(DataType.INT32, b.getLabels().head().getDataType());
                    out.add(b.getLabels().head().toIntArray());
                    seen += n;
                }
            }
            assertEquals(10, seen);
        }
        return out;
    }

    @Test
    void parallelBatchesAreStackedAndIndependentOfThreadCount() {
        List<int[]> one = labelsOfOnePass(1, 1);
        List<int[]> three = labelsOfOnePass(3, 3);
        assertEquals(3, one.size(), "10 items in batches of 4");
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i), three.get(i), "batch " + i);
        }
    }

    @Test
    void batchMatchesPerItemGet() throws Exception {
        SegmentationDataset ds =
                SyntheticDataset.builder()
                        .optImages(3)
                        .optImageSize(20, 16)
                        .options(
                                DatasetOptions.builder()
                                        .split("val")
                                        .sampling(3, false, false)
                                        .build())
                        .build();
        try (NDManager m = NDManager.newBaseManager();
                ds) {
            Batch b = ds.getData(m).iterator().next();
            float[] batch = b.getData().head().toFloatArray();
            float[] second = ds.get(m, 1).getData().head().toFloatArray();
            float[] slice = new float[second.length];
            System.arraycopy(batch, second.length, slice, 0, second.length);
            assertArrayEquals(second, slice);
            b.close();
        }
    }

    @Test
    void directTrainBatchEqualsPerItemGetWithTheSameSeed() throws Exception {
        DatasetBuilder<?> b =
                SyntheticDataset.builder()
                        .optImages(3)
                        .optImageSize(30, 20)
                        .options(
                                DatasetOptions.builder()
                                        .transform(Transform.TRAIN)
                                        .resolution(new Resolution(30, 24))
                                        .seed(11)
                                        .sampling(3, false, false)
                                        .build());
        try (NDManager m = NDManager.newBaseManager();
                SegmentationDataset batched = b.build();
                SegmentationDataset single = b.build()) {
            Batch batch = batched.getData(m).iterator().next();
            float[] images = batch.getData().head().toFloatArray();
            int[] labels = batch.getLabels().head().toIntArray();
            for (int i = 0; i < 3; i++) {
                var r = single.get(m, i);
                float[] img = r.getData().head().toFloatArray();
                int[] lab = r.getLabels().head().toIntArray();
                float[] imgSlice = new float[img.length];
                System.arraycopy(images, i * img.length, imgSlice, 0, img.length);
                int[] labSlice = new int[lab.length];
                System.arraycopy(labels, i * lab.length, labSlice, 0, lab.length);
                assertArrayEquals(img, imgSlice, "image " + i);
                assertArrayEquals(lab, labSlice, "label " + i);
            }
            batch.close();
        }
    }

    @Test
    void aBadItemFailsTheBatchNamingTheFile(@TempDir Path root) throws Exception {
        FolderDatasetTest.broken(root);
        Files.delete(root.resolve("SegmentationClass/good.png"));
        SegmentationDataset ds =
                FolderDataset.builder()
                        .options(
                                DatasetOptions.builder()
                                        .root(root)
                                        .sampling(2, false, false)
                                        .build())
                        .build();
        try (NDManager m = NDManager.newBaseManager();
                ds) {
            IllegalStateException e =
                    assertThrows(
                            IllegalStateException.class, () -> ds.getData(m).iterator().next());
            assertTrue(e.getMessage().contains("good.png"), e.getMessage());
        }
    }
}
