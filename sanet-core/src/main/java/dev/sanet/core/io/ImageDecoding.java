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
import javax.imageio.ImageReadParam;
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
 *
 * <p>Memory is bounded by settings, not by what a file claims: the size is read from the header
 * first ({@link #size}); an image of more than a pixel limit (default {@value #DEFAULT_MAX_PIXELS})
 * is refused with an {@link ImageTooLargeException} before any pixel is decoded, and a caller that
 * needs only a smaller copy passes a {@link Subsampling} so that the reader keeps every n-th pixel
 * of every n-th row while it decodes ({@code ImageReadParam.setSourceSubsampling}): a 20000x20000
 * PNG bound for a 1024-pixel network is held as a 2223x2223 image, never at its full size. An
 * {@code OutOfMemoryError} while decoding is an {@link ImageTooLargeException} saying so, never
 * "corrupt".
 */
public final class ImageDecoding {

    static {
        // No temporary-file cache for image streams: faster and safe for parallel loaders.
        ImageIO.setUseCache(false);
    }

    /** The default pixel limit: 100 megapixels (a 10000x10000 image, 300 MB as 8-bit RGB). */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    private ImageDecoding() {}

    /**
     * How much to subsample an image of a given size while decoding it, decided once its header has
     * been read; it may refuse the size by throwing.
     */
    @FunctionalInterface
    public interface Subsampling {

        /**
         * The factor for an image of {@code width x height}: 1 keeps every pixel, n keeps every
         * n-th column of every n-th row.
         *
         * @param width the image's width, from its header
         * @param height the image's height
         * @return the factor, at least 1
         * @throws ImageTooLargeException to refuse the size
         */
        int factor(int width, int height) throws ImageTooLargeException;

        /**
         * Every pixel, refusing images of more than {@code maxPixels}.
         *
         * @param maxPixels the pixel limit, at least 1
         * @return the policy
         */
        static Subsampling none(long maxPixels) {
            return bounded(maxPixels, 0);
        }

        /**
         * Refuses images of more than {@code maxPixels}; subsamples an image whose long side is at
         * least four times {@code minSide} by the largest factor that keeps its long side at or
         * above twice {@code minSide} (headroom for the caller's filtered reduction, so that the
         * final copy averages rather than aliases). A side never drops below one pixel.
         *
         * @param maxPixels the pixel limit, at least 1
         * @param minSide the long side the caller needs, or 0 to keep every pixel
         * @return the policy
         */
        static Subsampling bounded(long maxPixels, int minSide) {
            return (w, h) -> {
                checkPixels(w, h, maxPixels);
                if (minSide <= 0) {
                    return 1;
                }
                return Math.max(1, Math.max(w, h) / (2 * minSide));
            };
        }
    }

    /**
     * Refuses a size of more than {@code maxPixels} pixels.
     *
     * @param width the width
     * @param height the height
     * @param maxPixels the limit
     * @throws ImageTooLargeException when {@code width * height > maxPixels}
     */
    static void checkPixels(int width, int height, long maxPixels) throws ImageTooLargeException {
        if ((long) width * height > maxPixels) {
            throw new ImageTooLargeException(width, height, maxPixels, null);
        }
    }

    /**
     * The size of the first image of a file, from its header: no pixel is decoded.
     *
     * @param file the image file
     * @return {@code {width, height}}
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException when no reader knows the format or the header cannot be read
     */
    public static int[] size(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = reader(in);
            try {
                reader.setInput(in, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } catch (IIOException | RuntimeException e) {
                throw new IOException("truncated or corrupt (" + reason(e) + ")", e);
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * Decodes the first image of a file after its header has passed a policy: subsampled as the
     * policy says, or refused.
     *
     * @param file the image file
     * @param subsampling decides the factor from the header's size, or refuses it
     * @return the image, {@code ceil(width / n) x ceil(height / n)} for a factor n
     * @throws NoSuchFileException when the file does not exist
     * @throws ImageTooLargeException when the policy refuses the size, or memory ran out decoding
     * @throws IOException as {@link #read(Path)}
     */
    public static BufferedImage read(Path file, Subsampling subsampling) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            return read(in, subsampling);
        }
    }

    /**
     * Decodes an encoded image held in memory after its header has passed a policy, as {@link
     * #read(Path, Subsampling)}.
     *
     * @param encoded the file's bytes
     * @param subsampling decides the factor from the header's size, or refuses it
     * @return the image
     * @throws ImageTooLargeException when the policy refuses the size, or memory ran out decoding
     * @throws IOException as {@link #read(byte[])}
     */
    public static BufferedImage read(byte[] encoded, Subsampling subsampling) throws IOException {
        try (ImageInputStream in =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            return read(in, subsampling);
        }
    }

    /**
     * Decodes the first image of a file.
     *
     * @param file the image file (JPEG, PNG, BMP, GIF or any format an ImageIO plugin reads)
     * @return the image as its reader returns it (any colour model; see {@code
     *     ImagePreparation.toBgr} for 8-bit sRGB)
     * @throws NoSuchFileException when the file does not exist
     * @throws ImageTooLargeException when it has more than {@value #DEFAULT_MAX_PIXELS} pixels, or
     *     memory ran out decoding it
     * @throws IOException with a one-line reason when no reader knows the format, the file is
     *     truncated or corrupt, or it cannot be read
     */
    public static BufferedImage read(Path file) throws IOException {
        return read(file, Subsampling.none(DEFAULT_MAX_PIXELS));
    }

    /**
     * Decodes the first image of an encoded file held in memory (what Spark's {@code binaryFile}
     * source and HTTP bodies give), with the same strictness as {@link #read(Path)}.
     *
     * @param encoded the file's bytes
     * @return the image as its reader returns it
     * @throws ImageTooLargeException when it has more than {@value #DEFAULT_MAX_PIXELS} pixels, or
     *     memory ran out decoding it
     * @throws IOException with a one-line reason when no reader knows the format or the data is
     *     truncated or corrupt
     */
    public static BufferedImage read(byte[] encoded) throws IOException {
        // In memory (below): ImageIO's stream factory would otherwise cache it in a temporary file.
        return read(encoded, Subsampling.none(DEFAULT_MAX_PIXELS));
    }

    private static ImageReader reader(@Nullable ImageInputStream in) throws IOException {
        if (in == null) {
            throw new IOException("cannot be opened as an image stream");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new IOException("not a JPEG, PNG or other format ImageIO decodes");
        }
        return readers.next();
    }

    private static BufferedImage read(@Nullable ImageInputStream in, Subsampling subsampling)
            throws IOException {
        ImageReader reader = reader(in);
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
            int w;
            int h;
            try {
                // The header only: nothing is allocated for the pixels yet.
                w = reader.getWidth(0);
                h = reader.getHeight(0);
            } catch (IIOException | RuntimeException e) {
                throw new IOException("truncated or corrupt (" + reason(e) + ")", e);
            }
            int n = subsampling.factor(w, h);
            ImageReadParam param = reader.getDefaultReadParam();
            if (n > 1) {
                param.setSourceSubsampling(n, n, 0, 0);
            }
            BufferedImage image;
            try {
                image = reader.read(0, param);
            } catch (OutOfMemoryError e) {
                throw new ImageTooLargeException(w, h, 0, e);
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
