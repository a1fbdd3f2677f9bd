// A plain DJL program (no sanet type in it): loads a sanet model folder through DJL's Criteria and
// compares its masks with the index PNGs `sanet predict` wrote. It passes file paths, so the model's
// translator decodes them strictly, as every sanet route does (a truncated file is an error). Run it as a single-file program
// with sanet-core and its dependencies on the class path:
//
//   java -cp "sanet-examples/target/lib/*" scripts/CriteriaAgreement.java MODEL IMAGES PRED [ENGINE]
//
// It prints the pixel agreement as one JSON object.

import ai.djl.inference.Predictor;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.DeferredTranslatorFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

public class CriteriaAgreement {
    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        Path images = Path.of(args[1]);
        Path pred = Path.of(args[2]);
        Criteria.Builder<Path, CategoryMask> b =
                Criteria.builder()
                        .setTypes(Path.class, CategoryMask.class)
                        .optModelPath(model)
                        .optTranslatorFactory(new DeferredTranslatorFactory());
        if (args.length > 3) {
            b.optEngine(args[3]);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(images)) {
            files = s.filter(p -> p.toString().matches("(?i).*\\.(png|jpe?g|bmp)")).sorted().toList();
        }
        long pixels = 0;
        long agree = 0;
        int identical = 0;
        long t0 = System.nanoTime();
        try (ZooModel<Path, CategoryMask> m = b.build().loadModel();
                Predictor<Path, CategoryMask> p = m.newPredictor()) {
            for (Path f : files) {
                int[][] mask = p.predict(f).getMask();
                String n = f.getFileName().toString();
                BufferedImage ref = ImageIO.read(pred.resolve(n.substring(0, n.lastIndexOf('.')) + ".png").toFile());
                long same = 0;
                for (int y = 0; y < mask.length; y++) {
                    for (int x = 0; x < mask[y].length; x++) {
                        if (ref.getRaster().getSample(x, y, 0) == mask[y][x]) {
                            same++;
                        }
                    }
                }
                long n2 = (long) mask.length * mask[0].length;
                pixels += n2;
                agree += same;
                identical += same == n2 ? 1 : 0;
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT,
                "{\"images\": %d, \"identicalMasks\": %d, \"pixels\": %d, \"agreeingPixels\": %d,"
                        + " \"agreement\": %.6f, \"seconds\": %.1f}%n",
                files.size(), identical, pixels, agree, (double) agree / pixels, s);
    }
}
