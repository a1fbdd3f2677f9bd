package dev.sanet.core.io;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Decodes an image file strictly: a file that a decoder only half reads is an error, never a
 * picture with a grey or garbage lower part.
 *
 * <p>The JDK's ImageIO readers, with TwelveMonkeys' JPEG reader on the class path (so CMYK and YCCK
 * JPEGs decode to their colours rather than failing), return a picture for a JPEG cut off in the
 * middle and report the damage only as a <em>warning</em> ("Premature end of JPEG file", "Corrupt
 * JPEG data: ..."). This class listens for those warnings and refuses the image. A truncated PNG
 * already fails inside the reader and is refused the same way.
 *
 * <p>The EXIF orientation tag is not applied (neither to images nor to labels): images are decoded
 * as stored, as the paper's pipeline and the VOC tools read them.
 */
public final class ImageDecoding {

    static {
        // No temporary-file cache for image streams: faster and safe for parallel loaders.
        ImageIO.setUseCache(false);
    }

    private ImageDecoding() {}

    /**
     * Decodes the first image of a file.
     *
     * @param file the image file (JPEG, PNG, BMP, GIF or any format an ImageIO plugin reads)
     * @return the image as its reader returns it (any colour model; see {@code
     *     ImagePreparation.toBgr} for 8-bit sRGB)
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException with a one-line reason when no reader knows the format, the file is
     *     truncated or corrupt, or it cannot be read
     */
    public static BufferedImage read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            return read(in);
        }
    }

    /**
     * Decodes the first image of an encoded file held in memory (what Spark's {@code binaryFile}
     * source and HTTP bodies give), with the same strictness as {@link #read(Path)}.
     *
     * @param encoded the file's bytes
     * @return the image as its reader returns it
     * @throws IOException with a one-line reason when no reader knows the format or the data is
     *     truncated or corrupt
     */
    public static BufferedImage read(byte[] encoded) throws IOException {
        // In memory: ImageIO's stream factory would otherwise cache the stream in a temporary file.
        try (ImageInputStream in =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            return read(in);
        }
    }

    private static BufferedImage read(@Nullable ImageInputStream in) throws IOException {
        if (in == null) {
            throw new IOException("cannot be opened as an image stream");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new IOException("not a JPEG, PNG or other format ImageIO decodes");
        }
        ImageReader reader = readers.next();
        List<String> damage = new ArrayList<>();
        IIOReadWarningListener listener =
                (source, warning) -> {
                    if (isDamage(warning)) {
                        damage.add(warning.strip());
                    }
                };
        reader.addIIOReadWarningListener(listener);
        try {
            reader.setInput(in, true, true);
            BufferedImage image;
            try {
                image = reader.read(0);
            } catch (IIOException | RuntimeException e) {
                throw new IOException("truncated or corrupt (" + reason(e) + ")", e);
            }
            if (!damage.isEmpty()) {
                throw new IOException(
                        "truncated or corrupt ("
                                + damage.get(0)
                                + "): the decoder read only part of it");
            }
            return image;
        } finally {
            reader.dispose();
        }
    }

    /**
     * Whether a decoder warning means the pixels are incomplete or wrong (libjpeg's "Premature end
     * of JPEG file", "Corrupt JPEG data: ...", invalid scan parameters, a truncated stream), as
     * opposed to notes about metadata such as an ICC profile it ignores.
     *
     * @param warning the warning's text
     * @return true for damage to the image data
     */
    static boolean isDamage(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        return w.contains("premature end")
                || w.contains("corrupt")
                || w.contains("truncated")
                || w.contains("invalid sos")
                || w.contains("bogus")
                || w.contains("end of file")
                || w.contains("eof");
    }

    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
    }
}
