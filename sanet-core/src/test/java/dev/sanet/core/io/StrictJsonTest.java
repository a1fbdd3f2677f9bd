package dev.sanet.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Strict JSON out (NaN and infinities as null), and files written before still read in. */
class StrictJsonTest {

    record Epoch(int epoch, double loss, double pixAcc, float rate) {}

    private static final Gson GSON = StrictJson.builder().setPrettyPrinting().create();

    private static void parseStrictly(String text) {
        JsonReader r = new JsonReader(new StringReader(text));
        r.setStrictness(Strictness.STRICT);
        JsonParser.parseReader(r);
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNullAndReadBackAsNaN() {
        List<Epoch> history =
                List.of(
                        new Epoch(1, 0.5, Double.NaN, Float.POSITIVE_INFINITY),
                        new Epoch(2, 0.4, 0.9, 1e-3f));
        String text = StrictJson.toJson(GSON, history);
        parseStrictly(text);
        assertFalse(text.contains("NaN") || text.contains("Infinity"), text);
        assertTrue(text.contains("\"pixAcc\": null"), text);
        Epoch[] back = GSON.fromJson(text, Epoch[].class);
        assertTrue(Double.isNaN(back[0].pixAcc()), "null reads as NaN, not 0");
        assertTrue(Float.isNaN(back[0].rate()));
        assertEquals(history.get(1), back[1]);
    }

    @Test
    void treesAndMapsLoseTheirNonFiniteNumbersToo() {
        JsonObject o = new JsonObject();
        o.addProperty("mIoU", Double.NaN);
        o.addProperty("epochs", 3);
        o.add("perClass", GSON.toJsonTree(Map.of("cat", Double.NEGATIVE_INFINITY)));
        String text = StrictJson.toJson(GSON, o);
        parseStrictly(text);
        JsonObject back = JsonParser.parseString(text).getAsJsonObject();
        assertTrue(back.get("mIoU").isJsonNull());
        assertEquals(3, back.get("epochs").getAsInt());
        assertTrue(back.getAsJsonObject("perClass").get("cat").isJsonNull());
        assertTrue(Double.isNaN(o.get("mIoU").getAsDouble()), "the input is left as it was");
    }

    @Test
    void filesWrittenBeforeWithBareNaNStillRead() {
        String legacy = "[{\"epoch\": 1, \"loss\": NaN, \"pixAcc\": NaN, \"rate\": Infinity}]";
        Epoch[] back = GSON.fromJson(legacy, Epoch[].class);
        assertTrue(Double.isNaN(back[0].loss()) && Double.isNaN(back[0].pixAcc()));
        assertTrue(Float.isInfinite(back[0].rate()));
    }
}
