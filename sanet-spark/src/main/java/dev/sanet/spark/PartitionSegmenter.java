package dev.sanet.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sanet.core.Engines;
import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.Protocol;
import dev.sanet.core.inference.Segmenter;
import dev.sanet.data.MaskImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.jspecify.annotations.Nullable;

/**
 * The work of one partition: rows of {@code (path, content)} (content null: read the path) in, rows
 * of {@link SparkSegmenter#SCHEMA} out, one by one. The model comes from {@link ModelCache} (once
 * per executor JVM); the segmenter and every array are this task's. On MXNet the executor's tasks
 * take turns at the forward pass (see {@link ExecutorThreads}); on PyTorch they run at once. An
 * image that cannot be read or segmented becomes a row with its error and the partition goes on.
 */
final class PartitionSegmenter implements FlatMapFunction<Iterator<Row>, Row> {

    private static final long serialVersionUID = 1L;

    private final String modelDir;
    private final String engine;
    private final List<Double> scales;
    private final boolean flip;
    private final int baseSize;

    PartitionSegmenter(
            String modelDir, String engine, List<Double> scales, boolean flip, int baseSize) {
        this.modelDir = modelDir;
        this.engine = engine;
        this.scales = List.copyOf(scales);
        this.flip = flip;
        this.baseSize = baseSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        SANetModel model = ModelCache.get(modelDir, engine);
        Segmenter segmenter =
                model.newSegmenter(
                        Protocol.builder()
                                .scales(scales)
                                .flip(flip)
                                .baseSize(baseSize < 0 ? model.baseSize() : baseSize)
                                .cropSize(model.cropSize())
                                .build());
        int classes = model.classNames().size();
        // One Hadoop configuration per partition: building one parses its XML resources.
        Configuration hadoop = new Configuration();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                if (!rows.hasNext()) {
                    throw new NoSuchElementException();
                }
                Row in = rows.next();
                String path = in.getString(0);
                byte[] content = in.isNullAt(1) ? null : (byte[]) in.get(1);
                return segment(model, segmenter, classes, hadoop, path, content);
            }
        };
    }

    private static Row segment(
            SANetModel model,
            Segmenter segmenter,
            int classes,
            Configuration hadoop,
            String path,
            byte @Nullable [] content) {
        BufferedImage image;
        try {
            byte[] bytes = content != null ? content : read(hadoop, path);
            // In memory: ImageIO.read(InputStream) would cache the stream in a temporary file.
            image = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)));
            if (image == null) {
                return error(path, "not an image (no PNG, JPEG, BMP or GIF reader accepts it)");
            }
        } catch (IOException | RuntimeException e) {
            return error(path, "unreadable image: " + message(e));
        }
        try {
            int[][] mask;
            if (Engines.MXNET.equals(model.engine())) {
                // MXNet's imperative engine deadlocked here with two task threads forwarding the
                // shared model at once (both parked in MXNDArrayWaitToRead): one at a time.
                synchronized (model) {
                    mask = classMap(model, segmenter, image);
                }
            } else {
                mask = classMap(model, segmenter, image);
            }
            long[] counts = new long[classes];
            for (int[] row : mask) {
                for (int c : row) {
                    counts[c]++;
                }
            }
            return RowFactory.create(
                    path,
                    image.getWidth(),
                    image.getHeight(),
                    MaskImages.indexPng(mask),
                    counts,
                    null);
        } catch (IOException | RuntimeException e) {
            return error(path, "segmentation failed: " + message(e));
        }
    }

    private static int[][] classMap(SANetModel model, Segmenter segmenter, BufferedImage image) {
        try (NDManager m = model.model().getNDManager().newSubManager()) {
            NDArray x = model.preparation().toNDArray(m, image);
            return segmenter.classMap(x);
        }
    }

    private static byte[] read(Configuration hadoop, String path) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        FileSystem fs = p.getFileSystem(hadoop);
        try (InputStream in = fs.open(p)) {
            return in.readAllBytes();
        }
    }

    private static Row error(String path, String message) {
        return RowFactory.create(path, null, null, null, null, message);
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank()
                ? e.getClass().getSimpleName()
                : m.lines().findFirst().orElse(m);
    }
}
