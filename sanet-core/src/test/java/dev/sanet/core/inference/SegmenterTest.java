package dev.sanet.core.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.ParameterStore;
import dev.sanet.core.Backbone;
import dev.sanet.core.SANet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmenterTest {
    private static final SANet TINY =
            SANet.builder().backbone(Backbone.RESNET18).width(8).numClasses(3).build();

    /** A stub network: every window's output is its input plus the window's per-channel mean. */
    private static Block windowMeanBlock() {
        return new LambdaBlock(
                list -> {
                    NDArray x = list.singletonOrThrow();
                    return new NDList(x.add(x.mean(new int[] {2, 3}, true)));
                });
    }

    @Test
    void windowStartsEndAtTheBorder() {
        assertArrayEquals(new int[] {0, 2}, Segmenter.windowStarts(5, 3, 2));
        assertArrayEquals(new int[] {0, 2, 4}, Segmenter.windowStarts(7, 3, 2));
        assertArrayEquals(new int[] {0, 320, 340}, Segmenter.windowStarts(820, 480, 320));
        assertArrayEquals(new int[] {0}, Segmenter.windowStarts(480, 480, 320));
    }

    @Test
    void slidingWindowAveragesOverlapsByCount() {
        int h = 5;
        int w = 7;
        int crop = 3;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray image = m.randomUniform(0, 1, new Shape(3, h, w));
            float[] v = image.toFloatArray();
            Segmenter seg =
                    Segmenter.builder(windowMeanBlock(), l -> l.get(0))
                            .optProtocol(Protocol.builder().cropSize(crop).build())
                            .build();
            float[] got = seg.scores(image).toFloatArray();
            // Hand computation: stride 3 * 2 / 3 = 2; windows start at rows {0, 2}, cols {0, 2, 4}.
            int[] ys = {0, 2};
            int[] xs = {0, 2, 4};
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double sum = 0;
                        int count = 0;
                        for (int y0 : ys) {
                            for (int x0 : xs) {
                                if (y < y0 || y >= y0 + crop || x < x0 || x >= x0 + crop) {
                                    continue;
                                }
                                double mean = 0;
                                for (int i = y0; i < y0 + crop; i++) {
                                    for (int j = x0; j < x0 + crop; j++) {
                                        mean += v[(c * h + i) * w + j];
                                    }
                                }
                                sum += v[(c * h + y) * w + x] + mean / (crop * crop);
                                count++;
                            }
                        }
                        assertEquals(
                                sum / count, got[(c * h + y) * w + x], 1e-5, c + "," + y + "," + x);
                    }
                }
            }
            // Pixel (2, 2) lies in all four windows at rows {0, 2} x cols {0, 2}.
            Segmenter flipped =
                    Segmenter.builder(windowMeanBlock(), l -> l.get(0))
                            .optProtocol(Protocol.builder().cropSize(crop).flip(true).build())
                            .build();
            float[] twice = flipped.scores(image).toFloatArray();
            for (int i = 0; i < got.length; i++) {
                assertEquals(2 * got[i], twice[i], 1e-5);
            }
        }
    }

    @Test
    void shortSideIsPaddedWithThePadValueBeforeTheWindow() {
        // 2 x 5 image, crop 3: padded to 3 x 5 with the pad value; windows at row 0, cols {0, 2}.
        int h = 2;
        int w = 5;
        int crop = 3;
        float[] pad = {-1f, 0.5f, 2f};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray image = m.randomUniform(0, 1, new Shape(1, 3, h, w));
            float[] v = image.toFloatArray();
            Segmenter seg =
                    Segmenter.builder(windowMeanBlock(), l -> l.get(0))
                            .optProtocol(Protocol.builder().cropSize(crop).build())
                            .optPadValue(pad)
                            .build();
            NDArray scores = seg.scores(image);
            assertEquals(new Shape(3, h, w), scores.getShape());
            float[] got = scores.toFloatArray();
            int[] xs = {0, 2};
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double sum = 0;
                        int count = 0;
                        for (int x0 : xs) {
                            if (x < x0 || x >= x0 + crop) {
                                continue;
                            }
                            double mean = 0;
                            for (int i = 0; i < crop; i++) {
                                for (int j = x0; j < x0 + crop; j++) {
                                    mean += i < h ? v[(c * h + i) * w + j] : pad[c];
                                }
                            }
                            sum += v[(c * h + y) * w + x] + mean / (crop * crop);
                            count++;
                        }
                        assertEquals(sum / count, got[(c * h + y) * w + x], 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void singleScaleWithoutFlipIsThePlainForward() {
        try (Model model = Model.newInstance("sanet");
                NDManager m = NDManager.newBaseManager()) {
            model.setBlock(TINY.newBlock());
            model.getBlock()
                    .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
            NDArray x = m.randomNormal(new Shape(1, 3, 40, 48));
            NDList out =
                    model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false);
            float[] expected = TINY.predictionLogits(out).toFloatArray();
            for (int base : new int[] {0, 48}) {
                Segmenter seg =
                        Segmenter.builder(model.getBlock(), TINY::predictionLogits)
                                .optProtocol(
                                        Protocol.builder()
                                                .scales(1.0)
                                                .baseSize(base)
                                                .cropSize(48)
                                                .build())
                                .build();
                NDArray scores = seg.scores(x);
                assertEquals(new Shape(3, 40, 48), scores.getShape());
                float[] got = scores.toFloatArray();
                for (int i = 0; i < got.length; i++) {
                    assertEquals(expected[i], got[i], 1e-5);
                }
            }
        }
    }

    @Test
    void oddSizesComeBackAtTheInputSize() {
        try (Model model = Model.newInstance("sanet");
                NDManager m = NDManager.newBaseManager()) {
            model.setBlock(TINY.newBlock());
            model.getBlock()
                    .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
            NDArray x = m.randomNormal(new Shape(3, 37, 53));
            Segmenter seg =
                    Segmenter.builder(model.getBlock(), TINY::predictionLogits)
                            .optProtocol(
                                    Protocol.builder()
                                            .scales(List.of(0.75, 1.0, 1.25))
                                            .flip(true)
                                            .baseSize(53)
                                            .cropSize(48)
                                            .build())
                            .build();
            assertEquals(new Shape(3, 37, 53), seg.scores(x).getShape());
            int[][] mask = seg.classMap(x);
            assertEquals(37, mask.length);
            assertEquals(53, mask[0].length);
            assertEquals(new Shape(37, 53), seg.classes(x).getShape());
        }
    }
}
