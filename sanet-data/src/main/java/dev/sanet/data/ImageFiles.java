package dev.sanet.data;

import dev.sanet.core.inference.ImagePreparation;
import dev.sanet.core.io.AtomicWrite;
import dev.sanet.core.io.ImageDecoding;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Decoding (strictly, {@link ImageDecoding}: a truncated file is an error) and writing of RGB
 * images (JPEG, PNG) with ImageIO.
 */
final class ImageFiles {

    static {
        // No temporary-file cache for image streams: faster and safe for parallel loaders.
        ImageIO.setUseCache(false);
    }

    private ImageFiles() {}

    /**
     * Decodes an image to {@code TYPE_3BYTE_BGR}.
     *
     * @throws ItemException naming the path when the file is missing or cannot be decoded
     */
    static BufferedImage read(Path path) throws ItemException {
        if (!Files.isRegularFile(path)) {
            throw new ItemException(path, "missing image", null);
        }
        BufferedImage img;
        try {
            img = ImageDecoding.read(path);
        } catch (IOException | RuntimeException e) {
            throw new ItemException(path, "unreadable image (" + reason(e) + ")", e);
        }
        return toBgr(img);
    }

    /**
     * The image itself when it is {@code TYPE_3BYTE_BGR}, otherwise a converted copy: the core
     * library's conversion ({@link ImagePreparation#toBgr}), so that a dataset item and an image
     * given to {@code sanet predict} become the same bytes (grey repeated, alpha dropped).
     */
    static BufferedImage toBgr(BufferedImage img) {
        return ImagePreparation.toBgr(img);
    }

    /** Writes a JPEG with the given quality (0..1), creating parent folders. */
    static void writeJpeg(BufferedImage img, Path path, float quality) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        try {
            AtomicWrite.writeStream(
                    path,
                    os -> {
                        try (ImageOutputStream out = new MemoryCacheImageOutputStream(os)) {
                            writer.setOutput(out);
                            ImageWriteParam param = writer.getDefaultWriteParam();
                            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                            param.setCompressionQuality(quality);
                            writer.write(null, new IIOImage(toBgr(img), null, null), param);
                        }
                    });
        } finally {
            writer.dispose();
        }
    }

    /** A short reason for a failure: the exception's message, or its class name. */
    static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip();
    }
}
