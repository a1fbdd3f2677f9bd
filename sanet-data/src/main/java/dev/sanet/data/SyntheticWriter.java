package dev.sanet.data;

import dev.sanet.core.io.AtomicWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes the {@link SyntheticTask} as a complete on-disk tree in one of the PASCAL formats, with
 * train and val splits, readable by the matching dataset with that folder as its root
 * (docs/data.md).
 *
 * <ul>
 *   <li>{@link Format#VOC} → {@code voc}: {@code VOCdevkit/VOC2012/JPEGImages/*.jpg}, palette
 *       {@code SegmentationClass/*.png} with a 255 void band along object boundaries, {@code
 *       ImageSets/Segmentation/train.txt, val.txt, trainval.txt} and {@code classes.txt} (the
 *       synthetic class names, which {@code voc} then uses instead of the 21 VOC classes).
 *   <li>{@link Format#SBD} → {@code voc-aug}: the VOC tree above for a VOC train and val subset
 *       plus {@code benchmark_RELEASE/dataset/{img,cls}} with {@code GTcls} MAT files (even
 *       positions zlib-compressed, odd positions plain) and SBD {@code train.txt}/{@code val.txt},
 *       overlapping VOC train and VOC val so the {@code train_aug} set arithmetic matters.
 *   <li>{@link Format#CONTEXT} → {@code context59}/{@code context60}: {@code
 *       VOCdevkit/VOC2010/JPEGImages} and {@code ImageSets/Main/train.txt, val.txt} plus {@code
 *       trainval/*.mat} holding a uint16 {@code LabelMap} in the 459-class space: the five object
 *       classes as Context ids 2 (aeroplane), 25 (bird), 284 (person), 416 (train), 458 (wood), and
 *       the background as 0, 3 and 459 in vertical thirds (3 and 459 are outside the 59 set).
 * </ul>
 *
 * <p>Of {@code images} images, {@code max(1, round(0.2 * images))} go to val, the rest to train
 * (for SBD: the {@code train_aug} set).
 */
public final class SyntheticWriter {

    /** The Context ids given to synthetic classes 1..5. */
    static final int[] CONTEXT_OBJECT_IDS = {2, 25, 284, 416, 458};

    /** The Context ids of the background in the left, middle and right third. */
    static final int[] CONTEXT_BACKGROUND_IDS = {0, 3, 459};

    private SyntheticWriter() {}

    /** The on-disk formats. */
    public enum Format {
        /** VOC 2012 layout, read by {@code voc}. */
        VOC("voc"),
        /** SBD + VOC 2012 layout, read by {@code voc-aug}. */
        SBD("voc-aug"),
        /**
         * PASCAL Context layout (MAT LabelMap), read by {@code context59} and {@code context60}.
         */
        CONTEXT("context59");

        private final String dataset;

        Format(String dataset) {
            this.dataset = dataset;
        }

        /**
         * The dataset name that reads this format.
         *
         * @return {@code voc}, {@code voc-aug} or {@code context59}
         */
        public String dataset() {
            return dataset;
        }

        /**
         * Parses a format name.
         *
         * @param name {@code voc}, {@code sbd} or {@code context} (case-insensitive)
         * @return the format
         * @throws IllegalArgumentException naming the accepted values
         */
        public static Format parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "voc" -> VOC;
                case "sbd" -> SBD;
                case "context" -> CONTEXT;
                default ->
                        throw new IllegalArgumentException(
                                "unknown format '" + name + "': expected voc, sbd or context");
            };
        }
    }

    /**
     * What was written.
     *
     * @param format the format
     * @param root the root folder, the dataset root of the matching dataset
     * @param images the number of distinct images written
     * @param train the size of the train split the matching dataset reads
     * @param val the size of the val split
     * @param dataset the dataset name that reads the tree
     * @param classes the class names the matching dataset reports
     */
    public record Summary(
            Format format,
            Path root,
            int images,
            int train,
            int val,
            String dataset,
            List<String> classes) {}

    /**
     * Writes a tree of the default 128x128 task.
     *
     * @param format the format
     * @param root the output root (created; existing files of the same names are replaced)
     * @param images the number of images, at least 2
     * @param seed the task seed
     * @return what was written
     * @throws IOException when a file cannot be written
     */
    public static Summary write(Format format, Path root, int images, long seed)
            throws IOException {
        return write(format, root, images, SyntheticTask.builder().optSeed(seed).build());
    }

    /**
     * Writes a tree of the given task.
     *
     * @param format the format
     * @param root the output root (created; existing files of the same names are replaced)
     * @param images the number of images, at least 2
     * @param task the task (size, objects, seed)
     * @return what was written
     * @throws IOException when a file cannot be written
     * @throws IllegalArgumentException if {@code images < 2}
     */
    public static Summary write(Format format, Path root, int images, SyntheticTask task)
            throws IOException {
        if (images < 2) {
            throw new IllegalArgumentException(
                    "images " + images + ": expected at least 2 (one train, one val)");
        }
        Files.createDirectories(root);
        int val = Math.max(1, Math.round(images * 0.2f));
        return switch (format) {
            case VOC -> writeVoc(root, images, val, task);
            case SBD -> writeSbd(root, images, val, task);
            case CONTEXT -> writeContext(root, images, val, task);
        };
    }

    private static Summary writeVoc(Path root, int n, int val, SyntheticTask task)
            throws IOException {
        Path voc = root.resolve("VOCdevkit/VOC2012");
        List<String> ids = ids("2012", n);
        parallel(
                n,
                i -> {
                    LabeledImage li = task.generate(0, i);
                    ImageFiles.writeJpeg(
                            li.image(), voc.resolve("JPEGImages/" + ids.get(i) + ".jpg"), 0.92f);
                    writeVocLabel(
                            li, task, voc.resolve("SegmentationClass/" + ids.get(i) + ".png"));
                });
        Path sets = voc.resolve("ImageSets/Segmentation");
        writeLines(sets.resolve("train.txt"), ids.subList(0, n - val));
        writeLines(sets.resolve("val.txt"), ids.subList(n - val, n));
        writeLines(sets.resolve("trainval.txt"), ids);
        writeLines(voc.resolve("classes.txt"), task.classNames());
        return new Summary(Format.VOC, root, n, n - val, val, "voc", task.classNames());
    }

    private static Summary writeSbd(Path root, int n, int val, SyntheticTask task)
            throws IOException {
        Path voc = root.resolve("VOCdevkit/VOC2012");
        Path sbd = root.resolve("benchmark_RELEASE/dataset");
        List<String> ids = ids("2011", n);
        int vocTrain = Math.min(n - val, Math.max(1, Math.round(n * 0.3f)));
        List<String> vocTrainIds = new ArrayList<>(ids.subList(0, vocTrain));
        List<String> vocValIds = new ArrayList<>(ids.subList(n - val, n));
        List<String> sbdTrain = new ArrayList<>();
        List<String> sbdVal = new ArrayList<>();
        // SBD holds every id but the first (a VOC-train-only id); every third id is SBD val.
        for (int i = 1; i < n; i++) {
            (i % 3 == 0 ? sbdVal : sbdTrain).add(ids.get(i));
        }
        parallel(
                n,
                i -> {
                    LabeledImage li = task.generate(0, i);
                    String id = ids.get(i);
                    ImageFiles.writeJpeg(
                            li.image(), voc.resolve("JPEGImages/" + id + ".jpg"), 0.92f);
                    if (i < vocTrain || i >= n - val) {
                        writeVocLabel(li, task, voc.resolve("SegmentationClass/" + id + ".png"));
                    }
                    if (i > 0) {
                        ImageFiles.writeJpeg(li.image(), sbd.resolve("img/" + id + ".jpg"), 0.92f);
                        LabelFiles.writeSbdMat(
                                li.label(),
                                li.width(),
                                li.height(),
                                task.numClasses(),
                                sbd.resolve("cls/" + id + ".mat"),
                                i % 2 == 0);
                    }
                });
        Path sets = voc.resolve("ImageSets/Segmentation");
        writeLines(sets.resolve("train.txt"), vocTrainIds);
        writeLines(sets.resolve("val.txt"), vocValIds);
        List<String> trainval = new ArrayList<>(vocTrainIds);
        trainval.addAll(vocValIds);
        writeLines(sets.resolve("trainval.txt"), trainval);
        writeLines(voc.resolve("classes.txt"), task.classNames());
        writeLines(sbd.resolve("train.txt"), sbdTrain);
        writeLines(sbd.resolve("val.txt"), sbdVal);
        int trainAug = VocAugDataset.trainAug(sbdTrain, sbdVal, vocTrainIds, vocValIds).size();
        return new Summary(Format.SBD, root, n, trainAug, val, "voc-aug", task.classNames());
    }

    private static Summary writeContext(Path root, int n, int val, SyntheticTask task)
            throws IOException {
        Path voc = root.resolve("VOCdevkit/VOC2010");
        Path mats = root.resolve("trainval");
        List<String> ids = ids("2010", n);
        parallel(
                n,
                i -> {
                    LabeledImage li = task.generate(0, i);
                    String id = ids.get(i);
                    ImageFiles.writeJpeg(
                            li.image(), voc.resolve("JPEGImages/" + id + ".jpg"), 0.92f);
                    int[] raw = contextLabelMap(li);
                    LabelFiles.writeContextMat(
                            raw, li.width(), li.height(), mats.resolve(id + ".mat"), i % 2 == 0);
                });
        Path sets = voc.resolve("ImageSets/Main");
        writeLines(sets.resolve("train.txt"), ids.subList(0, n - val));
        writeLines(sets.resolve("val.txt"), ids.subList(n - val, n));
        writeLines(sets.resolve("trainval.txt"), ids);
        return new Summary(
                Format.CONTEXT, root, n, n - val, val, "context59", PascalClasses.CONTEXT_59);
    }

    /** The Context LabelMap (459-class ids) of a synthetic item. */
    static int[] contextLabelMap(LabeledImage li) {
        int w = li.width();
        int[] label = li.label();
        int[] raw = new int[label.length];
        for (int i = 0; i < label.length; i++) {
            int c = label[i];
            raw[i] =
                    c == 0
                            ? CONTEXT_BACKGROUND_IDS[Math.min(2, (i % w) * 3 / w)]
                            : CONTEXT_OBJECT_IDS[c - 1];
        }
        return raw;
    }

    private static void writeVocLabel(LabeledImage li, SyntheticTask task, Path path)
            throws IOException {
        int[] banded =
                SyntheticTask.voidBand(
                        li.label(),
                        li.width(),
                        li.height(),
                        task.voidRadius(),
                        SegmentationDataset.IGNORE_INDEX);
        LabelFiles.writePalettePng(banded, li.width(), li.height(), path);
    }

    private static List<String> ids(String year, int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(String.format("%s_%06d", year, i + 1));
        }
        return List.copyOf(ids);
    }

    private static void writeLines(Path file, List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        AtomicWrite.writeString(file, sb);
    }

    @FunctionalInterface
    private interface IoTask {
        void run(int index) throws IOException;
    }

    private static void parallel(int n, IoTask task) throws IOException {
        int threads = Math.max(1, Math.min(n, Runtime.getRuntime().availableProcessors()));
        ExecutorService exec = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(
                        exec.submit(
                                () -> {
                                    try {
                                        task.run(index);
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                    return null;
                                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException(c == null ? "write failed" : c.toString(), c);
        } finally {
            exec.shutdownNow();
        }
    }
}
