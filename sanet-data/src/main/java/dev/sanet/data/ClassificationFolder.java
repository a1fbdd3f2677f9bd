package dev.sanet.data;

import ai.djl.modality.cv.transform.Normalize;
import ai.djl.modality.cv.transform.RandomFlipLeftRight;
import ai.djl.modality.cv.transform.Resize;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.training.dataset.RandomAccessDataset;
import dev.sanet.core.settings.SettingException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An image-classification folder in ImageNet layout ({@code DIR/CLASS/IMAGE}, one sub-folder per
 * class, the class index the sub-folder's position in name order), read through DJL's {@code
 * ai.djl:basicdataset} {@code ImageFolder}: the training data of {@code sanet pretrain}.
 *
 * <p>Each record is an image resized to (3, S, S), scaled to [0, 1], normalised with the ImageNet
 * mean (0.485, 0.456, 0.406) and standard deviation (0.229, 0.224, 0.225) as torchvision's
 * pretrained ResNets expect, and flipped left-right at random (the only augmentation; a real
 * ImageNet run adds a random-resized crop); its label is the class index, an int64 scalar. Batches
 * of B are drawn in random order, the last one possibly smaller.
 *
 * <p>{@link #open} checks the layout first, so that a wrong folder fails in one line before any
 * training: it exists, and at least two sub-folders hold an image (a {@code .jpg}, {@code .jpeg},
 * {@code .png}, {@code .bmp} or {@code .gif} file, what {@code ImageFolder} reads). The trainer
 * owns the loader threads ({@code Pretraining.Builder.threads}).
 *
 * <p>Images are read by training's rules: listed without opening FIFOs, sockets, devices, link
 * loops or dangling links (named in a warning and left out), decoded strictly (a truncated JPEG or
 * a 0-byte file is an {@link ItemException} naming it when the loader reaches it); with {@code
 * skipBad} every image is decoded once first and the bad ones are left out with a warning.
 */
public final class ClassificationFolder {

    /** ImageNet's per-channel mean, RGB. */
    static final float[] MEAN = {0.485f, 0.456f, 0.406f};

    /** ImageNet's per-channel standard deviation, RGB. */
    static final float[] STD = {0.229f, 0.224f, 0.225f};

    private static final Set<String> IMAGE_EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "bmp", "wbmp", "gif");

    private final RandomAccessDataset dataset;
    private final List<String> classes;

    private ClassificationFolder(RandomAccessDataset dataset, List<String> classes) {
        this.dataset = dataset;
        this.classes = List.copyOf(classes);
    }

    /**
     * Checks the layout of a folder without reading any image.
     *
     * @param dir the folder
     * @return the class names (the sub-folders holding an image), in name order
     * @throws IllegalArgumentException one line naming the folder and what is wrong: missing, a
     *     file, or fewer than two class sub-folders holding images
     * @throws IOException when the folder cannot be listed
     */
    public static List<String> check(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException(dir + ": no such folder");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                    dir + " is a file, not a folder of class sub-folders");
        }
        List<String> classes = new ArrayList<>();
        try (DirectoryStream<Path> subs = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path sub : subs) {
                if (holdsImage(sub)) {
                    classes.add(sub.getFileName().toString());
                }
            }
        }
        if (classes.size() < 2) {
            throw new IllegalArgumentException(
                    dir
                            + " has "
                            + classes.size()
                            + " class sub-folder(s) with images, expected at least 2 in ImageNet"
                            + " layout (DIR/CLASS/IMAGE.jpg, one sub-folder per class)");
        }
        classes.sort(null);
        return classes;
    }

    /**
     * Checks a folder ({@link #check}) and opens it for training.
     *
     * @param dir the folder in ImageNet layout
     * @param imageSize S, the side the images are resized to, &gt;= 1
     * @param batchSize B, &gt;= 1
     * @return the open folder
     * @throws IllegalArgumentException for a bad layout; a {@link SettingException} naming {@code
     *     imageSize} or {@code batchSize} for a bad value
     * @throws IOException when the folder cannot be read
     */
    public static ClassificationFolder open(Path dir, int imageSize, int batchSize)
            throws IOException {
        return open(dir, imageSize, batchSize, false, w -> {});
    }

    /**
     * Checks a folder ({@link #check}) and opens it for training or validation.
     *
     * @param dir the folder in ImageNet layout
     * @param imageSize S, the side the images are resized to, &gt;= 1
     * @param batchSize B, &gt;= 1
     * @param skipBad decode every image first and leave out those that fail, with a warning
     * @param warnings receives one line per entry left out
     * @return the open folder
     * @throws IllegalArgumentException for a bad layout; a {@link SettingException} for a bad value
     * @throws IOException when the folder cannot be read
     */
    public static ClassificationFolder open(
            Path dir,
            int imageSize,
            int batchSize,
            boolean skipBad,
            java.util.function.Consumer<String> warnings)
            throws IOException {
        if (imageSize < 1) {
            throw new SettingException("imageSize", imageSize, ">= 1");
        }
        if (batchSize < 1) {
            throw new SettingException("batchSize", batchSize, ">= 1");
        }
        List<String> classes = check(dir);
        StrictImageFolder folder =
                StrictImageFolder.builder()
                        .folder(dir, classes)
                        .skipBad(skipBad, warnings)
                        .addTransform(new Resize(imageSize, imageSize))
                        .addTransform(new RandomFlipLeftRight())
                        .addTransform(new ToTensor())
                        .addTransform(new Normalize(MEAN, STD))
                        .setSampling(batchSize, true)
                        .build();
        folder.prepare(null);
        return new ClassificationFolder(folder, classes);
    }

    /**
     * The dataset: records of a (3, S, S) float32 image and an int64 class index.
     *
     * @return the dataset, batched and shuffled
     */
    public RandomAccessDataset dataset() {
        return dataset;
    }

    /**
     * The class names, the sub-folders in name order; a record's label is an index into it.
     *
     * @return the class names
     */
    public List<String> classes() {
        return classes;
    }

    /**
     * The number of images.
     *
     * @return the images found
     */
    public long size() {
        return dataset.size();
    }

    private static boolean holdsImage(Path sub) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(sub, Files::isRegularFile)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                int dot = n.lastIndexOf('.');
                if (dot > 0
                        && IMAGE_EXTENSIONS.contains(
                                n.substring(dot + 1).toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }
}
