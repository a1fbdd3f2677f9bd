package dev.sanet.core.io;

import java.awt.image.IndexColorModel;

/**
 * The PASCAL VOC colour map ("bitget" palette): a colour for every label index 0..255, used to
 * write palette label PNGs, to draw predictions and as the default colours a trained model records.
 * The one class palette of the library.
 *
 * <p>For index {@code i}, the bits of {@code i} are de-interleaved into the three channels, most
 * significant bit first: bit 0 goes to red, bit 1 to green, bit 2 to blue at bit position {@code 7
 * - j} for {@code j = 0..7}, shifting {@code i} right by three each round (docs/pascal-data.md
 * section 1.4). Index 0 is black, 1 is (128, 0, 0), 15 is (192, 128, 128), 255 (void) is (224, 224,
 * 192).
 */
public final class Palette {

    private static final Palette VOC = new Palette();

    private final int[] rgb = new int[256];
    private final IndexColorModel colorModel;

    private Palette() {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            int[] c = bitget(i);
            r[i] = (byte) c[0];
            g[i] = (byte) c[1];
            b[i] = (byte) c[2];
            rgb[i] = (c[0] << 16) | (c[1] << 8) | c[2];
        }
        colorModel = new IndexColorModel(8, 256, r, g, b);
    }

    /**
     * The VOC palette.
     *
     * @return the shared immutable instance
     */
    public static Palette voc() {
        return VOC;
    }

    /**
     * The VOC colour of a label index.
     *
     * @param index the label index; values outside 0..255 use their low 8 bits
     * @return a new array {@code {red, green, blue}}, each 0..255
     */
    public static int[] color(int index) {
        int packed = VOC.rgb(index);
        return new int[] {(packed >> 16) & 0xFF, (packed >> 8) & 0xFF, packed & 0xFF};
    }

    /**
     * The colour of a label index packed as {@code 0xRRGGBB}.
     *
     * @param index the label index; values outside 0..255 use their low 8 bits
     * @return the packed RGB colour (alpha bits zero)
     */
    public int rgb(int index) {
        return rgb[index & 0xFF];
    }

    /**
     * An 8-bit, 256-entry colour model holding this palette, for {@code TYPE_BYTE_INDEXED} images
     * (what VOC label PNGs are: colour type 3 with a 768-byte PLTE chunk).
     *
     * @return the colour model (immutable, shared)
     */
    public IndexColorModel colorModel() {
        return colorModel;
    }

    private static int[] bitget(int index) {
        int r = 0;
        int g = 0;
        int b = 0;
        int c = index;
        for (int j = 0; j < 8; j++) {
            r |= (c & 1) << (7 - j);
            g |= ((c >> 1) & 1) << (7 - j);
            b |= ((c >> 2) & 1) << (7 - j);
            c >>= 3;
        }
        return new int[] {r, g, b};
    }
}
