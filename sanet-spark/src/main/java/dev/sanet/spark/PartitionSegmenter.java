package dev.sanet.spark;

import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.ImagePredictor;
import dev.sanet.core.inference.Segmentation;
import dev.sanet.core.inference.UnreadableImageException;
import dev.sanet.core.zoo.ProtocolArguments;
import dev.sanet.data.MaskImages;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.jspecify.annotations.Nullable;

/**
 * The work of one partition: rows of {@code (path, content)} (content null: read the path) in, rows
 * of {@link SparkSegmenter#SCHEMA} out, one by one, through the library's prediction route ({@link
 * ImagePredictor}: strict decoding, the size bound, the protocol), so a Spark row holds the mask
 * {@code sanet predict} writes for the same file. The model comes from {@link ModelCache} (once per
 * executor JVM); every array is the call's. On MXNet the executor's tasks take turns at the forward
 * pass (the route does that; see {@link ExecutorThreads}); on PyTorch they run at once. An image
 * that cannot be read or segmented becomes a row with its error and the partition goes on.
 */
final class PartitionSegmenter implements FlatMapFunction<Iterator<Row>, Row> {

    private static final long serialVersionUID = 1L;

    private final String modelDir;
    private final String engine;
    private final Map<String, String> protocol;

    PartitionSegmenter(String modelDir, String engine, Map<String, String> protocol) {
        this.modelDir = modelDir;
        this.engine = engine;
        this.protocol = new TreeMap<>(protocol);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        SANetModel model = ModelCache.get(modelDir, engine);
        ImagePredictor predictor =
                model.newImagePredictor(
                        ProtocolArguments.parse(protocol, model.predictionProtocol()), false);
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
                return segment(predictor, hadoop, path, content);
            }
        };
    }

    private static Row segment(
            ImagePredictor predictor,
            Configuration hadoop,
            String path,
            byte @Nullable [] content) {
        byte[] bytes;
        try {
            bytes = content != null ? content : read(hadoop, path);
        } catch (IOException | RuntimeException e) {
            return error(path, "unreadable file: " + message(e));
        }
        try {
            Segmentation s = predictor.predict(bytes, path);
            return RowFactory.create(
                    path,
                    s.width(),
                    s.height(),
                    MaskImages.indexPng(s.classes()),
                    s.classCounts(),
                    null);
        } catch (UnreadableImageException e) {
            return error(path, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return error(path, "segmentation failed: " + message(e));
        }
    }

    private static byte[] read(Configuration hadoop, String path) throws IOException {
        org.apache.hadoop.fs.Path p = hadoopPath(path);
        FileSystem fs = p.getFileSystem(hadoop);
        try (InputStream in = fs.open(p)) {
            return in.readAllBytes();
        }
    }

    /**
     * A path as Hadoop should open it. A URI with a scheme ({@code file:/tmp/wide%20photo.jpg},
     * what {@code java.nio.file.Path.toUri()} gives, and so what {@code sanet spark predict}
     * passes) is decoded: Hadoop's {@code Path(String)} would keep {@code %20} as three characters
     * of the name and look for a file that does not exist. Anything else (a plain path, or Hadoop's
     * own unencoded {@code file:/tmp/wide photo.jpg}, which is no valid URI) is taken as written.
     *
     * @param path the row's path
     * @return the Hadoop path
     */
    static org.apache.hadoop.fs.Path hadoopPath(String path) {
        try {
            URI uri = new URI(path);
            if (uri.getScheme() != null && !uri.isOpaque()) {
                return new org.apache.hadoop.fs.Path(uri);
            }
        } catch (URISyntaxException e) {
            // Not a URI (a space, a bare %): a literal path.
        }
        return new org.apache.hadoop.fs.Path(path);
    }

    private static Row error(String path, @Nullable String message) {
        return RowFactory.create(path, null, null, null, null, message);
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank()
                ? e.getClass().getSimpleName()
                : m.lines().findFirst().orElse(m);
    }
}
