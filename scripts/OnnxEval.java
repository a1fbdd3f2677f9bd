// Scores ONNX graphs exported by `sanet export onnx` (float32 or --int8) on a VOC-layout dataset
// (JPEGImages/ID.jpg, SegmentationClass/ID.png with class indices and 255 = ignore,
// ImageSets/Segmentation/SPLIT.txt), single scale at each image's own size, in ONNX Runtime; each
// image is prepared as the exporter's int8 calibration prepares it (the metadata's mean and std).
// Prints one JSON object: per graph pixAcc and mIoU against the labels, and for every graph after
// the first its pixel agreement with the first graph's masks. Run it as a single-file program:
//
//   java -cp "sanet-examples/target/lib/*" scripts/OnnxEval.java DATA SPLIT FLOAT.onnx INT8.onnx \
//       [--threads 2] [--limit N]

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sanet.core.metrics.ConfusionMatrix;
import dev.sanet.core.metrics.SegmentationScores;
import dev.sanet.onnx.quantize.CalibrationImages;
import dev.sanet.onnx.quantize.CalibrationInput;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

public class OnnxEval {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String split = args[1];
        List<Path> models = new ArrayList<>();
        int threads = 2;
        int limit = Integer.MAX_VALUE;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                default -> models.add(Path.of(args[i]));
            }
        }
        List<String> ids =
                Files.readAllLines(data.resolve("ImageSets/Segmentation/" + split + ".txt")).stream()
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .limit(limit)
                        .toList();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<int[]> reference = new ArrayList<>();
        JsonArray rows = new JsonArray();
        for (int m = 0; m < models.size(); m++) {
            ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(models.get(m)));
            ConfusionMatrix matrix = null;
            long same = 0;
            long pixels = 0;
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                o.setIntraOpNumThreads(threads);
                try (OrtSession s = env.createSession(proto.toByteArray(), o)) {
                    String in = s.getInputNames().iterator().next();
                    for (int k = 0; k < ids.size(); k++) {
                        Path image = data.resolve("JPEGImages/" + ids.get(k) + ".jpg");
                        CalibrationInput x =
                                CalibrationImages.of(proto, List.of(image)).iterator().next();
                        int[] mask;
                        int classes;
                        try (OnnxTensor t =
                                        OnnxTensor.createTensor(
                                                env, FloatBuffer.wrap(x.values()), x.shape());
                                OrtSession.Result r = s.run(Map.of(in, t))) {
                            OnnxTensor scores = (OnnxTensor) r.get(0);
                            long[] shape = scores.getInfo().getShape();
                            classes = (int) shape[1];
                            mask = argmax(scores.getFloatBuffer(), classes, (int) (shape[2] * shape[3]));
                        }
                        int[] labels = labels(data.resolve("SegmentationClass/" + ids.get(k) + ".png"));
                        if (labels.length != mask.length) {
                            throw new IllegalStateException(ids.get(k) + ": label and mask sizes differ");
                        }
                        if (matrix == null) {
                            matrix = new ConfusionMatrix(classes);
                        }
                        matrix.addPixels(labels, mask, 255);
                        if (m == 0) {
                            reference.add(mask);
                        } else {
                            int[] ref = reference.get(k);
                            for (int i = 0; i < mask.length; i++) {
                                same += ref[i] == mask[i] ? 1 : 0;
                            }
                            pixels += mask.length;
                        }
                    }
                }
            }
            SegmentationScores sc = matrix.scores();
            JsonObject row = new JsonObject();
            row.addProperty("model", models.get(m).toString());
            row.addProperty("images", ids.size());
            row.addProperty("pixAcc", sc.pixelAccuracy());
            row.addProperty("mIoU", sc.meanIoU());
            if (m > 0) {
                row.addProperty("pixelAgreementWithFirst", (double) same / pixels);
            }
            rows.add(row);
        }
        JsonObject out = new JsonObject();
        out.addProperty("data", data.toString());
        out.addProperty("split", split);
        out.add("models", rows);
        System.out.println(out);
    }

    private static int[] argmax(FloatBuffer scores, int classes, int plane) {
        int[] out = new int[plane];
        for (int p = 0; p < plane; p++) {
            float best = scores.get(p);
            for (int c = 1; c < classes; c++) {
                float v = scores.get(c * plane + p);
                if (v > best) {
                    best = v;
                    out[p] = c;
                }
            }
        }
        return out;
    }

    private static int[] labels(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        Raster r = img.getRaster();
        int[] out = new int[img.getWidth() * img.getHeight()];
        r.getSamples(0, 0, img.getWidth(), img.getHeight(), 0, out);
        return out;
    }
}
