package dev.sanet.core.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A network fixed to one input size gets exactly that size from the route, whatever the image's
 * size and the protocol's crop, and, since the window's padding is cut off again, a network that
 * works pixel by pixel gives the scores it gives at the image's own size.
 */
class FixedSizeNetworkTest {

    /** Doubles its input; refuses any size but its own, and records what it was fed. */
    private static final class Fixed extends AbstractBlock implements FixedSizeNetwork {
        final int height;
        final int width;
        final List<Shape> fed = new ArrayList<>();

        Fixed(int height, int width) {
            this.height = height;
            this.width = width;
        }

        @Override
        public int[] fixedSize() {
            return new int[] {height, width};
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps,
                NDList inputs,
                boolean training,
                @Nullable PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            fed.add(x.getShape());
            if (x.getShape().get(2) != height || x.getShape().get(3) != width) {
                throw new IllegalStateException("fed " + x.getShape());
            }
            return new NDList(x.mul(2));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    private static float[] scores(Fixed net, Protocol protocol, NDArray image) {
        Segmenter s = Segmenter.builder(net, NDList::head).optProtocol(protocol).build();
        NDArray out = s.scores(image);
        assertEquals(image.getShape(), out.getShape());
        return out.toFloatArray();
    }

    private static float[] doubled(NDArray image) {
        return image.mul(2).toFloatArray();
    }

    @Test
    void aLargerImageRunsAsWindowsOfTheNetworksSize() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray image = m.randomUniform(-1, 1, new Shape(3, 20, 33), DataType.FLOAT32);
            Fixed net = new Fixed(16, 24);
            // Own size, no crop: a network of any size would run once at 20 x 33.
            Protocol own = Protocol.builder().baseSize(0).cropSize(0).build();
            assertArrayEquals(doubled(image), scores(net, own, image), 1e-5f);
            // Rows start at {0, 4} (stride 10), columns at {0, 9} (stride 16).
            assertEquals(4, net.fed.size());
            for (Shape s : net.fed) {
                assertEquals(new Shape(1, 3, 16, 24), s);
            }
        }
    }

    @Test
    void aSmallerImageIsPaddedToOneWindowWhateverTheCrop() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray image = m.randomUniform(-1, 1, new Shape(3, 10, 12), DataType.FLOAT32);
            Fixed net = new Fixed(16, 24);
            Protocol crop64 = Protocol.builder().baseSize(0).cropSize(64).flip(true).build();
            // With flip the scores are summed twice.
            float[] want = image.mul(4).toFloatArray();
            assertArrayEquals(want, scores(net, crop64, image), 1e-5f);
            assertEquals(List.of(new Shape(1, 3, 16, 24), new Shape(1, 3, 16, 24)), net.fed);
        }
    }
}
