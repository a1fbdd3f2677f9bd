package dev.sanet.spark;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import dev.sanet.core.SANetModel;
import dev.sanet.core.inference.Segmenter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Test data made in the test: a tiny untrained model and small generated images. */
public final class SparkTestData {

    private SparkTestData() {}

    /** Writes a tiny 3-class model (crop 48: larger images run as a sliding window). */
    public static void writeModel(Path dir) throws IOException {
        SANet def = SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(3).build();
        try (Model model = Model.newInstance("sanet")) {
            model.setBlock(def.newBlock());
            model.getBlock()
                    .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
            SANetModel.of(
                            def,
                            model,
                            List.of("bg", "a", "b"),
                            new int[] {0, 0x800000, 0x008000},
                            56,
                            48,
                            new JsonObject())
                    .save(dir);
        }
    }

    /** Writes {@code n} PNGs of different small sizes; returns them in name order. */
    public static List<Path> images(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(11);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int w = 24 + 5 * i;
            int h = 20 + 3 * (i % 4);
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            int base = r.nextInt(1 << 24);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    img.setRGB(x, y, x > w / 3 ? base : r.nextInt(1 << 24));
                }
            }
            Path f = dir.resolve(String.format("img%02d.png", i));
            ImageIO.write(img, "png", f.toFile());
            files.add(f);
        }
        return files;
    }

    /**
     * The masks {@code sanet predict} computes: the library's segmenter under the model's
     * prediction protocol (each image's long side scaled to the model's base size).
     */
    public static List<int[][]> libraryMasks(Path modelDir, String engine, List<Path> images)
            throws IOException {
        List<int[][]> out = new ArrayList<>();
        try (SANetModel model = SANetModel.load(modelDir, engine)) {
            Segmenter s = model.newSegmenter(model.predictionProtocol());
            for (Path f : images) {
                try (NDManager m = model.model().getNDManager().newSubManager()) {
                    out.add(s.classMap(model.preparation().toNDArray(m, ImageIO.read(f.toFile()))));
                }
            }
        }
        return out;
    }

    /** The class ids of an index PNG. */
    public static int[][] decode(byte[] png) throws IOException {
        BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(png));
        int[][] mask = new int[img.getHeight()][img.getWidth()];
        for (int y = 0; y < img.getHeight(); y++) {
            img.getRaster().getSamples(0, y, img.getWidth(), 1, 0, mask[y]);
        }
        return mask;
    }
}
