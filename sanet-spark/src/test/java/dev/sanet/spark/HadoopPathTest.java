package dev.sanet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Row paths become the files they name, whether URI-encoded or written as Hadoop prints them. */
class HadoopPathTest {

    @Test
    void anEncodedUriIsDecodedAndAPlainPathIsTakenAsWritten() {
        Path wide = Path.of("/tmp/in/wide photo é.jpg");
        String uri = wide.toUri().toString();
        assertEquals("file:///tmp/in/wide%20photo%20%C3%A9.jpg", uri);
        assertEquals(
                "/tmp/in/wide photo é.jpg", PartitionSegmenter.hadoopPath(uri).toUri().getPath());
        // Hadoop's own form (binaryFile rows): no valid URI, so taken literally.
        assertEquals(
                "/tmp/in/wide photo.jpg",
                PartitionSegmenter.hadoopPath("file:/tmp/in/wide photo.jpg").toUri().getPath());
        // A plain path keeps a percent sign as part of the name.
        assertEquals(
                "/tmp/in/100%25.jpg",
                PartitionSegmenter.hadoopPath("/tmp/in/100%25.jpg").toUri().getPath());
    }
}
